// A draft made ready for the store: serialized, hashed, compressed and identified. This is the CPU-heavy
// half of ingest and needs no database, so the server can do it on a worker thread.
import { createHash } from 'node:crypto';
import { type AssetDraft, type Evidence, loadCatalog, type Software } from '@coverscan/shared';
import { digestOf } from '../catalog/bundle';
import type { IdentifyCache } from './identify-cache';
import { compressPayload, type PayloadCodec } from './payload-codec';
import { evidenceOf } from './stored-observation';

export interface PreparedDraft {
  /** The draft (an agent endpoint's without its software entries: they are in `payload`). */
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
  /** The digest of the catalog `evidence` comes from (catalog/bundle.ts), when known. */
  catalog?: string;
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
    // Its observations stay (they name the maker for the vendor column); the software list is apart.
    draft: d,
    ...compressPayload(frame),
    hash,
    evidence: evidenceOf({ observations: d.observations, software, vendor: null }, cache),
    format: 'report',
    catalog: digestOf(loadCatalog()),
  };
}

export function prepareDraft(d: AssetDraft, cache: IdentifyCache): PreparedDraft {
  const json = JSON.stringify(d);
  return {
    draft: d,
    ...compressPayload(json),
    hash: createHash('sha256').update(json).digest('base64url'),
    evidence: cache.identify(d.observations),
    catalog: digestOf(loadCatalog()),
  };
}
