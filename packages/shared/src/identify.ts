// Observation → evidence: the one place where vendors are identified.
import { type Catalog, loadCatalog } from './catalog';
import type { Evidence, Observation } from './evidence';
import { matchHwId } from './hwid';
import { matchMac } from './mac';
import { matchSoftware } from './software';
import { matchEngineId, matchProbe, matchSysObjectId } from './sysobjectid';
import { matchText } from './text';

export function identifyOne(obs: Observation, cat: Catalog = loadCatalog()): Evidence[] {
  switch (obs.kind) {
    case 'text':
      return matchText(cat, obs);
    case 'sysObjectID':
      return matchSysObjectId(cat, obs);
    case 'engineID':
      return matchEngineId(cat, obs);
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
  }
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
