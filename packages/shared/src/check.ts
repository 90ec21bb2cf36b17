// The `check` command's core: guess what kind of identifier a string is and judge it.
import { type Catalog, loadCatalog } from './catalog';
import type { Observation } from './evidence';
import { identify } from './identify';
import { normMac, normOid } from './normalize';
import type { Policy } from './policy';
import { judge, type Verdict } from './verdict';

export type IdentifierKind = 'oid' | 'mac' | 'usb' | 'pci' | 'bluetooth' | 'text';

export interface CheckResult extends Verdict {
  input: string;
  kind: IdentifierKind;
}

/** A bare string may be a program's name, a macOS bundle id (com.tencent.xinWeChat) or a package name. */
function softwareFields(s: string): NonNullable<Observation['software']> {
  const reverseDns = /^[a-z][\w-]*(\.[\w-]+){2,}$/i.test(s);
  const pkg = /^[a-z0-9][a-z0-9+.-]*$/.test(s);
  return { name: s, ...(reverseDns ? { bundleId: s } : {}), ...(pkg ? { package: s } : {}) };
}

/** The observations a bare identifier stands for. */
export function observationsFor(input: string): { kind: IdentifierKind; observations: Observation[] } {
  const s = input.trim();
  const base = { source: 'check', field: 'input', value: s };
  if (normOid(s) && s.replace(/^\./, '').split('.').length >= 4)
    return { kind: 'oid', observations: [{ ...base, kind: 'sysObjectID' }] };
  if (normMac(s)) return { kind: 'mac', observations: [{ ...base, kind: 'mac' }] };
  let m = /^(?:usb[:\s]?)?(?:vid_)?(?:0x)?([0-9a-f]{4})(?::|&pid_|\s)(?:0x)?([0-9a-f]{4})$/i.exec(
    s.replace(/^usb\\/i, ''),
  );
  if (m) return { kind: 'usb', observations: [{ ...base, kind: 'usb', value: m[1], productId: m[2] }] };
  m = /^(?:pci[:\\]\s?)(?:ven_)?([0-9a-f]{4})(?:(?::|&dev_)([0-9a-f]{4}))?/i.exec(s);
  if (m) return { kind: 'pci', observations: [{ ...base, kind: 'pci', value: m[1], productId: m[2] }] };
  m = /^(?:bt|bluetooth):\s?(?:0x)?([0-9a-f]{1,4})$/i.exec(s);
  if (m) return { kind: 'bluetooth', observations: [{ ...base, kind: 'bluetooth', value: m[1] }] };
  // Text may be a vendor, a model, a product or a program: every text and software rule applies.
  return {
    kind: 'text',
    observations: [
      { ...base, kind: 'text', textClass: 'any' },
      { ...base, kind: 'software', software: softwareFields(s) },
    ],
  };
}

export function check(input: string, opts: { catalog?: Catalog; policy?: Policy } = {}): CheckResult {
  const catalog = opts.catalog ?? loadCatalog();
  const { kind, observations } = observationsFor(input);
  const v = judge(identify(observations, catalog), { catalog, policy: opts.policy });
  return { input, kind, ...v };
}
