// The `check` command's core: guess what kind of identifier a string is and judge it.
import { type Catalog, loadCatalog } from './catalog';
import type { Evidence, Observation } from './evidence';
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

/**
 * Why an input is not an identifier `check` can judge, or null. A malformed MAC, OID or an IP address
 * would otherwise be read as free text and come out `clear`: a typo must not pass for a clean result.
 */
export function identifierProblem(input: string): string | null {
  const s = input.trim();
  if (!s) return 'an empty identifier';
  if (/^[0-9a-f]{1,2}([:-][0-9a-f]{1,2}){2,}$/i.test(s) && !normMac(s))
    return `"${s}" is not a whole MAC address (six bytes, e.g. 00:e0:fc:12:34:56)`;
  if (/^\.?\d+(\.\d+){2,}$/.test(s)) {
    const arcs = s.replace(/^\./, '').split('.').map(Number);
    if (arcs.length === 4 && arcs[0] > 2 && arcs.every((a) => a <= 255))
      return `"${s}" is an IP address, not an identifier: sweep the device to identify it`;
    if (arcs[0] > 2 || arcs.length < 4)
      return `"${s}" is not a sysObjectID (an OID such as 1.3.6.1.4.1.2011.2.23.96)`;
  }
  return null;
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

/** The same rule matching the same input once: a bare string is read both as text and as a program. */
function oncePerRule(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const k = `${e.ruleId}|${e.entity}|${e.value}|${e.strength}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function check(input: string, opts: { catalog?: Catalog; policy?: Policy } = {}): CheckResult {
  const catalog = opts.catalog ?? loadCatalog();
  const { kind, observations } = observationsFor(input);
  const readings = observations.map((o) => identify([o], catalog));
  const judged = (ev: Evidence[]) => judge(ev, { catalog, policy: opts.policy });
  let v = judged(readings.flat());
  // A string that a software rule names (and the text reading does not) is a program: when reading it
  // as one reaches the same verdict, that reading words it ("covers its software", not "hardware").
  const [asText, asProgram] = readings;
  if (asProgram) {
    const textRules = new Set(asText.map((e) => e.ruleId));
    if (asProgram.some((e) => !textRules.has(e.ruleId))) {
      const p = judged([...asProgram, ...asText]);
      if (p.verdict === v.verdict && p.entity === v.entity) v = p;
    }
  }
  return { input, kind, ...v, evidence: oncePerRule(v.evidence) };
}
