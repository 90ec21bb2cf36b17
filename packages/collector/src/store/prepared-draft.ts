// A draft made ready for the store: serialized, hashed, compressed and identified. This is the CPU-heavy
// half of ingest and needs no database, so the server can do it on a worker thread.
import { createHash } from 'node:crypto';
import { type AssetDraft, dedupeEvidence, type Evidence, type Software } from '@coverscan/shared';
import type { IdentifyCache } from './identify-cache';
import { compressPayload, type PayloadCodec } from './payload-codec';

export interface PreparedDraft {
  /** The draft; its observations may be left out (they are in `payload`). */
  draft: AssetDraft;
  /** The whole draft as compressed JSON: the observation row's raw payload. */
  payload: Uint8Array;
  codec: PayloadCodec;
  /** sha256 of the draft's JSON: equal hashes mean nothing changed. */
  hash: string;
  /** identify() of the draft's own observations. */
  evidence: Evidence[];
  /** What `payload` holds: the draft (default), or the agent's whole report frame (its endpoint). */
  format?: 'draft' | 'report';
}

/**
 * An agent's endpoint: the payload is the report frame itself (smaller than the draft, and the raw
 * data), hashed by its fingerprint, so a changed package version is a changed observation.
 */
export function prepareEndpoint(
  d: AssetDraft,
  frame: string,
  hash: string,
  cache: IdentifyCache,
  /** The entries inventoryToAssets left out of d.observations (they come last there). */
  software: Software[],
): PreparedDraft {
  return {
    draft: { ...d, observations: [] },
    ...compressPayload(frame),
    hash,
    evidence: dedupeEvidence([...cache.identify(d.observations), ...cache.identifySoftware(software)]),
    format: 'report',
  };
}

export function prepareDraft(d: AssetDraft, cache: IdentifyCache, keepObservations = true): PreparedDraft {
  const json = JSON.stringify(d);
  return {
    draft: keepObservations ? d : { ...d, observations: [] },
    ...compressPayload(json),
    hash: createHash('sha256').update(json).digest('base64url'),
    evidence: cache.identify(d.observations),
  };
}
