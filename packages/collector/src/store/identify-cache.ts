// Memoized identification. A fleet's inventories repeat the same observations (the same thousand
// packages on every workstation, the same USB receivers), and matching one software entry against every
// rule costs ~0.1 ms: the shared core's identifyOne() runs once per distinct observation, and its
// evidence is reused with the observation's own field path. Same result as shared identify().
import { dedupeEvidence, type Evidence, identifyOne, loadCatalog, type Observation } from '@coverscan/shared';

const FIELD = '\u0000';

export class IdentifyCache {
  private readonly memo = new Map<string, Evidence[]>();
  hits = 0;
  misses = 0;

  constructor(private readonly max = 100_000) {}

  private one(o: Observation): Evidence[] {
    const sw = o.software;
    // Everything identifyOne reads except the field path (which only labels the evidence).
    const key = `${o.kind}\u0001${o.source}\u0001${o.value}\u0001${o.textClass ?? ''}\u0001${o.productId ?? ''}\u0001${
      sw
        ? `${sw.name ?? ''}\u0001${sw.publisher ?? ''}\u0001${sw.bundleId ?? ''}\u0001${sw.package ?? ''}`
        : '-'
    }`;
    let ev = this.memo.get(key);
    if (ev) this.hits++;
    else {
      this.misses++;
      ev = identifyOne({ ...o, field: FIELD }, loadCatalog());
      if (this.memo.size >= this.max) this.memo.delete(this.memo.keys().next().value as string);
      this.memo.set(key, ev);
    }
    return ev.length ? ev.map((e) => ({ ...e, field: e.field.replace(FIELD, o.field) })) : ev;
  }

  /** The same as shared identify(), memoized per observation. */
  identify(observations: Observation[]): Evidence[] {
    const all: Evidence[] = [];
    for (const o of observations) for (const e of this.one(o)) all.push(e);
    return dedupeEvidence(all);
  }
}
