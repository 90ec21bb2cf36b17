// Memoized identification. A fleet's inventories repeat the same observations (the same thousand
// packages on every workstation, the same USB receivers), and matching one software entry against every
// rule costs ~0.1 ms: the shared core's identifyOne() runs once per distinct observation, and its
// evidence is reused with the observation's own field path. Same result as shared identify().
import { dedupeEvidence, type Evidence, identifyOne, loadCatalog, type Observation } from '@coverscan/shared';

const FIELD = '\u0000';

/**
 * Everything identifyOne reads except the field path (which only labels the evidence), unambiguously:
 * one agent's crafted strings must not share a key with another observation (the memo is fleet-wide).
 * A package as agents report it (the bulk: ~800 per report) gets a short key, cheaper to build and to
 * hash: \u0002 + name, or \u0003 + publisher length + publisher + name. Anything else (a few dozen per
 * report) gets its fields as JSON, which starts with `[`.
 */
function memoKey(o: Observation): string {
  const sw = o.software;
  if (
    sw &&
    o.kind === 'software' &&
    o.source === 'agent' &&
    o.value === sw.name &&
    o.textClass === undefined &&
    o.productId === undefined &&
    sw.bundleId === undefined &&
    sw.package === undefined &&
    typeof sw.name === 'string'
  )
    return sw.publisher === undefined
      ? `\u0002${sw.name}`
      : `\u0003${sw.publisher.length}:${sw.publisher}${sw.name}`;
  return JSON.stringify([
    o.kind,
    o.source,
    o.value,
    o.textClass ?? '',
    o.productId ?? '',
    sw ? [sw.name ?? '', sw.publisher ?? '', sw.bundleId ?? '', sw.package ?? ''] : '-',
  ]);
}

export class IdentifyCache {
  private readonly memo = new Map<string, Evidence[]>();
  hits = 0;
  misses = 0;

  constructor(private readonly max = 100_000) {}

  private one(o: Observation): Evidence[] {
    const key = memoKey(o);
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
