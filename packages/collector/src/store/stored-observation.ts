// What one stored observation row saw, read back the way ingest read it: a draft's observations, or for
// an agent's report frame its endpoint's observations with the software list apart (identified entry by
// entry, memoized, as prepareEndpoint does). Ingest (the other sources of an asset) and re-judging
// (every source) both read rows through here, so a verdict re-judged with the same catalog is the same.
import {
  type AssetDraft,
  dedupeEvidence,
  type Evidence,
  inventoryToAssets,
  type Observation,
  parseReport,
  type Software,
} from '@coverscan/shared';
import type { IdentifyCache } from './identify-cache';
import { decompressPayload, type PayloadCodec } from './payload-codec';

export interface ObservationRow {
  payload: Buffer;
  format: 'draft' | 'report';
  codec: PayloadCodec;
  agent_id: string | null;
}

export interface StoredObservation {
  /** Everything but an agent report's software entries. */
  observations: Observation[];
  /** An agent report's software entries (empty for a draft). */
  software: Software[];
  /** The source's own name for the maker (the draft's vendor). */
  vendor: string | null;
}

export function decodeObservation(r: ObservationRow): StoredObservation {
  const json = JSON.parse(decompressPayload(r.payload, r.codec));
  if (r.format === 'draft') {
    const d = json as AssetDraft;
    return { observations: d.observations, software: [], vendor: d.vendor };
  }
  // Validated when it arrived; parsed again for the defaults older agents' frames rely on.
  const parsed = parseReport(json);
  if (!parsed.success) throw new Error(`stored report no longer validates: ${parsed.issues}`);
  const inv = parsed.data.inventory;
  const endpoint = inventoryToAssets(inv, r.agent_id ?? '', { software: false }).find(
    (d) => d.kind === 'endpoint',
  );
  return {
    observations: endpoint?.observations ?? [],
    software: inv.software,
    vendor: endpoint?.vendor ?? null,
  };
}

/** identify() of what the row saw, in ingest's order (observations, then software entries). */
export function evidenceOf(o: StoredObservation, cache: IdentifyCache): Evidence[] {
  if (!o.software.length) return cache.identify(o.observations);
  return dedupeEvidence([...cache.identify(o.observations), ...cache.identifySoftware(o.software)]);
}
