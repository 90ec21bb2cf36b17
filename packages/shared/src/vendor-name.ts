// Names the maker of a device for reports, from whatever the device told us, in order of
// trust: the enterprise number in sysObjectID, ENTITY-MIB's manufacturer, the start of
// sysDescr, private-MIB subtrees the agent implements, the enterprise in snmpEngineID, and last
// the IEEE registrant of its own interface MACs. Naming is not judging: verdicts come only from
// identify() + judge(); this only makes the `vendor` column readable ("Cisco", "HPE").
import enterprisesJson from '../catalog/enterprises.json' with { type: 'json' };
import vendorNamesJson from '../catalog/vendor-names.json' with { type: 'json' };
import { enterpriseOf, normOid } from './normalize';
import { lookupOui } from './oui';
import { engineIdEnterprise } from './sysobjectid';

interface Alias {
  name: string;
  re: RegExp;
  enterprises: string[];
}

interface Tables {
  names: Map<string, string>;
  aliases: Alias[];
  /** sysObjectID subtrees (`oids`) → maker, longest first. */
  subtrees: [string, string][];
  byEnterprise: Map<string, string>;
  generic: Set<string>;
}

let tables: Tables | undefined;

/** Built on first use (the registry is 62,000 lines): commands that name no vendor never pay. */
function t(): Tables {
  if (tables) return tables;
  const names = new Map<string, string>();
  for (const line of (enterprisesJson as { tsv: string }).tsv.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) names.set(line.slice(0, tab), line.slice(tab + 1));
  }
  const aliases: Alias[] = vendorNamesJson.vendors.map((v) => ({
    name: v.name,
    re: new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${v.pattern})(?![\\p{L}\\p{N}])`, 'iu'),
    enterprises: v.enterprises,
  }));
  const byEnterprise = new Map<string, string>();
  for (const a of aliases)
    for (const e of a.enterprises) if (!byEnterprise.has(e)) byEnterprise.set(e, a.name);
  const subtrees: [string, string][] = (vendorNamesJson.vendors as { name: string; oids?: string[] }[])
    .flatMap((v) => (v.oids ?? []).map((o): [string, string] => [`${normOid(o)}.`, v.name]))
    .sort((a, b) => b[0].length - a[0].length);
  tables = { names, aliases, byEnterprise, subtrees, generic: new Set(vendorNamesJson.generic.enterprises) };
  return tables;
}

/** The IANA registrant of an enterprise number, or null. */
export function enterpriseName(n: string): string | null {
  return t().names.get(n) ?? null;
}

/** Enterprise numbers of agent toolkits and OSes (net-snmp, Microsoft...), which name no maker. */
export function isGenericEnterprise(n: string | null): boolean {
  return n === null || t().generic.has(n);
}

/** True when a sysObjectID is missing, zero, or under a generic enterprise. */
export function isGenericSysObjectId(oid: string | null | undefined): boolean {
  const o = oid ? normOid(oid) : null;
  if (!o || o === '0.0' || /^0(\.0)*$/.test(o)) return true;
  return isGenericEnterprise(enterpriseOf(o));
}

const corporate =
  /[\s,]+(?:co\.?,?\s*ltd\.?|company|corporation|corp\.?|inc\.?|incorporated|ltd\.?|limited|llc|gmbh(?: & co\.? kg)?|ag|s\.?a\.?|s\.?p\.?a\.?|b\.?v\.?|a\/s|as|ab|oy|plc|pty|s\.r\.o\.?|technologies|technology|systems|networks|communications?)$/i;

/** An organization name as a short display name: the alias when one matches, else the name without its legal suffixes. */
export function shortVendorName(org: string): string | null {
  const text = org.normalize('NFKC').replace(/\s+/g, ' ').trim();
  if (
    !text ||
    /^(?:unknown|n\/?a|none|null|-+|\?+|to be filled by o\.?e\.?m\.?|default string|system manufacturer|generic)$/i.test(
      text,
    )
  )
    return null;
  const a = t().aliases.find((x) => x.re.test(text));
  if (a) return a.name;
  let s = text;
  for (let i = 0; i < 4; i++) {
    const next = s.replace(corporate, '').trim();
    if (next === s || !next) break;
    s = next;
  }
  return s.length > 60 ? s.slice(0, 60) : s;
}

/** The display name of the maker behind an enterprise number, or null (unknown or generic). */
export function vendorOfEnterprise(n: string | null): string | null {
  if (!n || isGenericEnterprise(n)) return null;
  const alias = t().byEnterprise.get(n);
  if (alias) return alias;
  const org = t().names.get(n);
  return org ? shortVendorName(org) : null;
}

/** A vendor alias found at the start of free text such as sysDescr (first 80 characters). */
export function vendorInText(text: string): string | null {
  const head = text.slice(0, 80);
  let best: { name: string; at: number } | null = null;
  for (const a of t().aliases) {
    const m = a.re.exec(head);
    if (m && (!best || m.index < best.at)) best = { name: a.name, at: m.index };
  }
  return best?.name ?? null;
}

export interface VendorClues {
  sysObjectID?: string | null;
  /** entPhysicalMfgName values, chassis first. */
  mfgNames?: (string | null)[];
  sysDescr?: string | null;
  /** Enterprise numbers whose private MIB subtree the agent answered, in walk order. */
  enterprises?: string[];
  /** snmpEngineID as hex. */
  engineID?: string | null;
  /** The device's own interface MACs. */
  macs?: string[];
}

export interface VendorName {
  name: string;
  /** Which clue named it: `sysObjectID`, `entPhysicalMfgName`, `sysDescr`, `private-mib`, `snmpEngineID`, `mac`. */
  from: string;
}

export function nameVendor(c: VendorClues): VendorName | null {
  const oid = c.sysObjectID ? normOid(c.sysObjectID) : null;
  const fromOid = oid
    ? (t().subtrees.find(([prefix]) => `${oid}.`.startsWith(prefix))?.[1] ??
      vendorOfEnterprise(enterpriseOf(oid)))
    : null;
  if (fromOid) return { name: fromOid, from: 'sysObjectID' };
  for (const m of c.mfgNames ?? []) {
    const n = m ? shortVendorName(m) : null;
    if (n) return { name: n, from: 'entPhysicalMfgName' };
  }
  const fromDescr = c.sysDescr ? vendorInText(c.sysDescr) : null;
  if (fromDescr) return { name: fromDescr, from: 'sysDescr' };
  for (const e of c.enterprises ?? []) {
    const n = vendorOfEnterprise(e);
    if (n) return { name: n, from: 'private-mib' };
  }
  const fromEngine = c.engineID ? vendorOfEnterprise(engineIdEnterprise(c.engineID)) : null;
  if (fromEngine) return { name: fromEngine, from: 'snmpEngineID' };
  const counts = new Map<string, number>();
  for (const mac of c.macs ?? []) {
    const o = lookupOui(mac);
    const n = o ? shortVendorName(o.registrant) : null;
    if (n) counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top ? { name: top[0], from: 'mac' } : null;
}
