// Memoized identification. A fleet's inventories repeat the same observations (the same thousand
// packages on every workstation, the same USB receivers), and matching one software entry against every
// rule costs ~0.1 ms: the shared core's identifyOne() runs once per distinct observation, and its
// evidence is reused with the observation's own field path. Same result as shared identify().
import {
  dedupeEvidence,
  type Evidence,
  identifyOne,
  loadCatalog,
  type Observation,
  type Software,
  softwareField,
  softwareObservation,
} from '@coverscan/shared';

const FIELD = '\u0000';

/**
 * Everything identifyOne reads except the field path (which only labels the evidence), unambiguously:
 * one agent's crafted strings must not share a key with another observation (the memo is fleet-wide).
 * A package as agents report it (the bulk: ~800 per report) gets a short key, cheaper to build and to
 * hash: \u0002 + name, or \u0003 + publisher length + publisher + name. Anything else gets every
 * property but the field as JSON (starting with `[`), so a property added to Observations later is in
 * the key without anyone remembering to add it here — forgetting one once dropped every probe's evidence.
 */
function memoKey(o: Observation): string {
  const sw = o.software;
  if (
    sw &&
    o.kind === 'software' &&
    o.source === 'agent' &&
    o.value === sw.name &&
    typeof sw.name === 'string' &&
    plainPackage(o, sw)
  )
    return sw.publisher === undefined
      ? `\u0002${sw.name}`
      : `\u0003${sw.publisher.length}:${sw.publisher}${sw.name}`;
  const { field: _label, ...rest } = o;
  return JSON.stringify(Object.entries(rest).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** An observation with exactly the properties of a package as agents report it: kind, source, field, value, software {name, publisher?}. */
function plainPackage(o: Observation, sw: NonNullable<Observation['software']>): boolean {
  for (const k in o)
    if (k !== 'kind' && k !== 'source' && k !== 'field' && k !== 'value' && k !== 'software') return false;
  for (const k in sw) if (k !== 'name' && k !== 'publisher') return false;
  return true;
}

/** Older drafts keep a probe's asked OID only in its field label: such an observation is not memoized. */
const readsField = (o: Observation) => o.kind === 'snmpProbe' && o.probe === undefined;

export class IdentifyCache {
  private readonly memo = new Map<string, Evidence[]>();
  /** name → publisher ('' for none) → evidence, for plain packages (see identifySoftware). */
  private readonly packages = new Map<string, Map<string, Evidence[]>>();
  private packageCount = 0;
  /**
   * The catalog the memo was filled from: another one (an installed update) empties it. Null until the
   * first identification, so a command that identifies nothing (enroll, token…) never builds a catalog.
   */
  private catalog: ReturnType<typeof loadCatalog> | null = null;
  hits = 0;
  misses = 0;

  constructor(private readonly max = 100_000) {}

  private one(o: Observation): Evidence[] {
    if (readsField(o)) return identifyOne(o, loadCatalog());
    const ev = this.raw(o);
    return ev.length ? ev.map((e) => ({ ...e, field: e.field.replace(FIELD, o.field) })) : ev;
  }

  /** identifyOne's evidence for the observation, memoized, its field path left as FIELD. */
  private raw(o: Observation): Evidence[] {
    const key = memoKey(o);
    let ev = this.memo.get(key);
    if (ev) this.hits++;
    else {
      this.misses++;
      ev = identifyOne({ ...o, field: FIELD }, loadCatalog());
      if (this.memo.size >= this.max) this.memo.delete(this.memo.keys().next().value as string);
      this.memo.set(key, ev);
    }
    return ev;
  }

  /**
   * identify() of the software entries' observations (softwareObservation), without building them: a
   * package as agents report it is looked up by name and publisher in nested maps (no key string to
   * build and hash), ~3x cheaper per entry; anything else goes through `one`. Not deduplicated.
   */
  identifySoftware(list: Software[]): Evidence[] {
    this.followCatalog();
    const all: Evidence[] = [];
    for (let i = 0; i < list.length; i++) {
      const s = list[i];
      let ev: Evidence[];
      if (s.bundleId == null && s.package == null) {
        const publisher = s.publisher ?? '';
        let byPublisher = this.packages.get(s.name);
        let hit = byPublisher?.get(publisher);
        if (hit) this.hits++;
        else {
          hit = this.raw(softwareObservation(s, i));
          if (this.packageCount >= this.max) {
            this.packages.clear();
            this.packageCount = 0;
            byPublisher = undefined;
          }
          if (!byPublisher) {
            byPublisher = new Map();
            this.packages.set(s.name, byPublisher);
          }
          byPublisher.set(publisher, hit);
          this.packageCount++;
        }
        ev = hit;
      } else ev = this.raw(softwareObservation(s, i));
      const field = softwareField(s, i);
      for (const e of ev) all.push({ ...e, field: e.field.replace(FIELD, field) });
    }
    return all;
  }

  private followCatalog(): void {
    const cat = loadCatalog();
    if (cat === this.catalog) return;
    this.catalog = cat;
    this.memo.clear();
    this.packages.clear();
    this.packageCount = 0;
  }

  /** The same as shared identify(), memoized per observation. */
  identify(observations: Observation[]): Evidence[] {
    this.followCatalog();
    const all: Evidence[] = [];
    for (const o of observations) for (const e of this.one(o)) all.push(e);
    return dedupeEvidence(all);
  }
}
