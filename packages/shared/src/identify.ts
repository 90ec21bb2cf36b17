// Observation → evidence: the one place where vendors are identified, for every source (sweep,
// agent, neighbor tables, `check`). Evidence names listed entities and unlisted makers alike: the
// verdict and the vendor a report shows are both derived from it.
import { type Catalog, loadCatalog } from './catalog';
import { matchCategory } from './category';
import type { Evidence, Observation } from './evidence';
import { matchFirmware } from './firmware';
import { matchHwId } from './hwid';
import { matchMac } from './mac';
import { matchSoftware } from './software';
import { matchEngineId, matchEnterprise, matchProbe, matchSysObjectId } from './sysobjectid';
import { matchText } from './text';

function match(obs: Observation, cat: Catalog): Evidence[] {
  switch (obs.kind) {
    case 'text':
      return matchText(cat, obs);
    case 'sysObjectID':
      return matchSysObjectId(cat, obs);
    case 'engineID':
      return matchEngineId(cat, obs);
    case 'enterprise':
      return matchEnterprise(cat, obs);
    case 'snmpProbe':
      return matchProbe(cat, obs);
    case 'mac':
      return matchMac(cat, obs);
    case 'usb':
    case 'pci':
    case 'bluetooth':
      return matchHwId(cat, obs);
    case 'software':
      return matchSoftware(cat, obs);
    case 'firmware':
      return matchFirmware(cat, obs);
  }
}

export function identifyOne(obs: Observation, cat: Catalog = loadCatalog()): Evidence[] {
  const maker = match(obs, cat);
  // Product classes a list covers by category (consumer routers, drones), whoever made them.
  const product = matchCategory(cat, obs);
  const ev = product.length ? [...maker, ...product] : maker;
  if (!ev.length) return ev;
  // Which kind of observation matched: the verdict weighs a copied number against a device's own words.
  for (const e of ev) {
    e.kind = obs.kind;
    if (obs.textClass && obs.kind === 'text') e.textClass = obs.textClass;
    // Text decoded from 8-bit bytes keeps those bytes with what matched it.
    if (obs.raw) e.raw = obs.raw;
  }
  return ev;
}

/** Evidence from every observation; the same rule matching the same field and value counts once. */
export function identify(observations: Observation[], cat: Catalog = loadCatalog()): Evidence[] {
  return dedupeEvidence(observations.flatMap((o) => identifyOne(o, cat)));
}

/** Drops repeats of the same rule on the same field and value (also used by memoizing callers). */
export function dedupeEvidence(evidence: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const k = `${e.ruleId}|${e.source}|${e.field}|${e.value}|${e.domain}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
