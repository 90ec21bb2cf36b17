// The vendor a report shows, derived from the same evidence as the verdict (identify() names
// unlisted makers too): a device named after a listed maker is never judged clear. Registry names
// (IANA enterprise registrant, ENTITY-MIB manufacturer, IEEE registrant) shortened to common names
// are only the fallback when no evidence names a maker.
import { type Catalog, displayName, loadCatalog } from './catalog';
import { enterpriseRegistrant } from './enterprise-registry';
import type { Evidence } from './evidence';
import { enterpriseOf, normOid } from './normalize';
import { lookupOui } from './oui';
import { engineIdEnterprise } from './sysobjectid';
import { matchText } from './text';
import type { Verdict } from './verdict';

/** Enterprise numbers of agent toolkits and OSes (net-snmp, Microsoft...), which name no maker. */
export function isGenericEnterprise(n: string | null, cat: Catalog = loadCatalog()): boolean {
  return n === null || cat.generic.has(n);
}

/** True when a sysObjectID is missing, zero, or under a generic enterprise. */
export function isGenericSysObjectId(oid: string | null | undefined, cat: Catalog = loadCatalog()): boolean {
  const o = oid ? normOid(oid) : null;
  if (!o || /^0(\.0)*$/.test(o)) return true;
  return isGenericEnterprise(enterpriseOf(o), cat);
}

const corporate =
  /[\s,]+(?:co\.?,?\s*ltd\.?|company|corporation|corp\.?|inc\.?|incorporated|ltd\.?|limited|llc|gmbh(?: & co\.? kg)?|ag|s\.?a\.?|s\.?p\.?a\.?|b\.?v\.?|a\/s|as|ab|oy|plc|pty|s\.r\.o\.?|technologies|technology|systems|networks|communications?)$/i;

/** An organization name as a short display name: the catalog's name for it when a rule names it, else the name without its legal suffixes. */
export function shortVendorName(org: string, cat: Catalog = loadCatalog()): string | null {
  const text = org.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (
    !text ||
    /^(?:unknown|n\/?a|none|null|-+|\?+|to be filled by o\.?e\.?m\.?|default string|system manufacturer|generic)$/i.test(
      text,
    )
  )
    return null;
  const named = matchText(cat, {
    kind: 'text',
    source: 'name',
    field: 'name',
    value: text,
    textClass: 'vendor',
  })[0];
  if (named) return displayName(cat, named.entity);
  let s = text;
  for (let i = 0; i < 4; i++) {
    const next = s.replace(corporate, '').trim();
    if (next === s || !next) break;
    s = next;
  }
  return s.length > 60 ? s.slice(0, 60) : s;
}

/** The display name of the registrant of an enterprise number, or null (unknown or generic). */
export function vendorOfEnterprise(n: string | null, cat: Catalog = loadCatalog()): string | null {
  if (!n || isGenericEnterprise(n, cat)) return null;
  const rule = cat.byEnterprise.get(n);
  if (rule) return displayName(cat, rule.entity);
  const org = enterpriseRegistrant(n);
  return org ? shortVendorName(org, cat) : null;
}

export interface RegistryClues {
  sysObjectID?: string | null;
  /** entPhysicalMfgName values and the like, chassis first. */
  mfgNames?: (string | null)[];
  /** snmpEngineID as hex. */
  engineID?: string | null;
  /** The device's own interface MACs. */
  macs?: string[];
}

/** A name from public registries, for a source's draft: what a report shows when no evidence names a maker. */
export function registryVendorName(c: RegistryClues, cat: Catalog = loadCatalog()): string | null {
  const oid = c.sysObjectID ? normOid(c.sysObjectID) : null;
  const fromOid = oid ? vendorOfEnterprise(enterpriseOf(oid), cat) : null;
  if (fromOid) return fromOid;
  for (const m of c.mfgNames ?? []) {
    const n = m ? shortVendorName(m, cat) : null;
    if (n) return n;
  }
  const fromEngine = c.engineID ? vendorOfEnterprise(engineIdEnterprise(c.engineID), cat) : null;
  if (fromEngine) return fromEngine;
  const counts = new Map<string, number>();
  for (const mac of c.macs ?? []) {
    const o = lookupOui(mac);
    const n = o ? shortVendorName(o.registrant, cat) : null;
    if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

/**
 * How much a piece of evidence says about who made the device itself, lower first: the number in
 * sysObjectID, the device's manufacturer field (or a peripheral's USB id), its description, its
 * model, private MIBs, snmpEngineID, and last its interface MACs. Free text (a location, a
 * contact) and software name no maker of the hardware.
 */
function namingRank(e: Evidence): number {
  if (e.domain !== 'hardware') return Number.POSITIVE_INFINITY;
  switch (e.kind) {
    case 'sysObjectID':
      return 0;
    case 'usb':
    case 'pci':
    case 'bluetooth':
      return 1;
    case 'text':
      return e.textClass === 'vendor'
        ? 1
        : e.textClass === 'description'
          ? 2
          : e.textClass === 'model'
            ? 3
            : e.textClass === 'any'
              ? 2
              : Number.POSITIVE_INFINITY;
    case 'enterprise':
    case 'snmpProbe':
      return 4;
    case 'engineID':
      return 5;
    case 'mac':
      return 6;
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/**
 * The vendor column of an asset: the entity judged covered when hardware evidence names it; the
 * maker a device's own description names when it conflicts with its numbers; else the maker of the
 * most telling evidence; else the source's registry name (`fallback`).
 */
export function assetVendor(
  v: Verdict,
  fallback: string | null,
  cat: Catalog = loadCatalog(),
): string | null {
  if (v.conflict) return displayName(cat, v.conflict.entity);
  if (v.verdict === 'covered' && v.entity) {
    const e = v.entity;
    if (v.evidence.some((x) => x.entity === e && namingRank(x) < Number.POSITIVE_INFINITY))
      return displayName(cat, e);
  }
  let best: Evidence | null = null;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const e of v.evidence) {
    const r = namingRank(e);
    if (r < bestRank) {
      best = e;
      bestRank = r;
    }
  }
  return best ? displayName(cat, best.entity) : fallback;
}
