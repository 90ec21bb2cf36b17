// The vendor a report shows, derived from the same evidence as the verdict (identify() names
// unlisted makers too): a device named after a listed maker is never judged clear. Registry names
// (IANA enterprise registrant, ENTITY-MIB manufacturer, IEEE registrant) shortened to common names
// are only the fallback when no evidence names a maker.
import { type Catalog, displayName, loadCatalog } from './catalog';
import { enterpriseRegistrant } from './enterprise-registry';
import type { Evidence, Observation } from './evidence';
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

/** Per catalog, per string: a sweep names 17,000 neighbors from a few dozen registrant names. */
const memo = new WeakMap<Catalog, Map<string, string | null>>();
function memoized(cat: Catalog, key: string, f: () => string | null): string | null {
  let m = memo.get(cat);
  if (!m) {
    m = new Map();
    memo.set(cat, m);
  }
  if (m.has(key)) return m.get(key) ?? null;
  const v = f();
  if (m.size < 20_000) m.set(key, v);
  return v;
}

/** An organization name as a short display name: the catalog's name for it when a rule names it, else the name without its legal suffixes. */
export function shortVendorName(org: string, cat: Catalog = loadCatalog()): string | null {
  return memoized(cat, `s\u0000${org}`, () => shortName(org, cat));
}

function shortName(org: string, cat: Catalog): string | null {
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

export interface RegistryName {
  name: string;
  /** Where it came from, on the same scale as evidence (see namingRank). */
  rank: number;
}

/**
 * What public registries call the maker, from a source's observations: the IANA registrant of the
 * sysObjectID enterprise, the device's manufacturer field, the registrant of the first private MIB
 * it implements or of its snmpEngineID enterprise, and last the IEEE registrant its interface MACs
 * share most. Used where no evidence of the same rank names a maker.
 */
export function registryName(observations: Observation[], cat: Catalog = loadCatalog()): RegistryName | null {
  let best = null as RegistryName | null;
  const consider = (name: string | null, rank: number) => {
    if (name && (!best || rank < best.rank) && !namesFlagged(name, cat)) best = { name, rank };
  };
  const macs = new Map<string, number>();
  for (const o of observations) {
    if (best && best.rank === 0) break;
    switch (o.kind) {
      case 'sysObjectID': {
        const oid = normOid(o.value);
        consider(oid ? vendorOfEnterprise(enterpriseOf(oid), cat) : null, 0);
        break;
      }
      case 'text':
        if (o.textClass === 'vendor') consider(shortVendorName(o.value, cat), 1);
        break;
      case 'enterprise':
        consider(vendorOfEnterprise(o.value.trim(), cat), 4);
        break;
      case 'engineID':
        consider(vendorOfEnterprise(engineIdEnterprise(o.value), cat), 5);
        break;
      case 'mac': {
        const reg = lookupOui(o.value);
        const n = reg ? shortVendorName(reg.registrant, cat) : null;
        if (n) macs.set(n, (macs.get(n) ?? 0) + 1);
        break;
      }
    }
  }
  consider([...macs].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null, 6);
  return best;
}

/**
 * A registry name that the catalog's rules, read in every field class (as `check` reads it), would
 * flag: never shown as a fallback, since the evidence (read in its own field's class) did not judge
 * it — a device must not be named after a listed maker and be clear.
 */
function namesFlagged(name: string, cat: Catalog): boolean {
  return memoized(cat, `f\u0000${name}`, () => (flags(name, cat) ? 'y' : null)) !== null;
}

function flags(name: string, cat: Catalog): boolean {
  return matchText(cat, { kind: 'text', source: 'name', field: 'name', value: name, textClass: 'any' }).some(
    (e) => cat.entities.get(e.entity)?.coverage !== 'none',
  );
}

/** The registry name alone (a source's draft vendor, before any evidence is weighed). */
export function registryVendorName(observations: Observation[], cat: Catalog = loadCatalog()): string | null {
  return registryName(observations, cat)?.name ?? null;
}

/**
 * How much a piece of evidence says about who made the device itself, lower first: the number in
 * sysObjectID, the device's manufacturer field (or a peripheral's USB id), its description, its
 * model, private MIBs, snmpEngineID, and last its interface MACs. Free text (a location, a
 * contact) and software name no maker of the hardware.
 */
function namingRank(e: Evidence): number {
  // A product class (a consumer router, a drone: categories.json) names no maker.
  if (e.domain !== 'hardware' || e.category) return Number.POSITIVE_INFINITY;
  switch (e.kind) {
    // A camera's reply to its maker's protocol (or a fingerprint of its firmware) names who made it.
    case 'firmware':
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
 * most telling evidence, unless a registry names one from a more telling field (an enterprise
 * number the catalog does not know); else the source's own name for it (`fallback`).
 */
export function assetVendor(
  v: Verdict,
  observations: Observation[],
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
  const reg = registryName(observations, cat);
  if (reg && reg.rank < bestRank) return reg.name;
  return best ? displayName(cat, best.entity) : (reg?.name ?? fallback);
}
