// A draft made ready for the store: serialized, hashed, compressed and identified. This is the CPU-heavy
// half of ingest and needs no database, so the server can do it on a worker thread.
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import type { AssetDraft, Evidence } from '@coverscan/shared';
import type { IdentifyCache } from './identify-cache';

export interface PreparedDraft {
  /** The draft; its observations may be left out (they are in `payload`). */
  draft: AssetDraft;
  /** The whole draft as deflated JSON: the observation row's raw payload. */
  payload: Uint8Array;
  /** sha256 of the draft's JSON: equal hashes mean nothing changed. */
  hash: string;
  /** identify() of the draft's own observations. */
  evidence: Evidence[];
}

export function prepareDraft(d: AssetDraft, cache: IdentifyCache, keepObservations = true): PreparedDraft {
  const json = JSON.stringify(d);
  return {
    draft: keepObservations ? d : { ...d, observations: [] },
    payload: deflateRawSync(json, { level: 1 }),
    hash: createHash('sha256').update(json).digest('base64url'),
    evidence: cache.identify(d.observations),
  };
}
