// Observation payloads: rows of a version-1 database (deflate) stay readable beside new (brotli) ones.
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressPayload, decompressPayload } from '../src/store/payload-codec';
import { reportFrame } from './inventory-generator';

describe('payload codec', () => {
  const frame = reportFrame(7, { huaweiPhone: true }, 'rep-codec-0001');

  it('a report frame comes back byte for byte, compressed to well under a third', () => {
    const { payload, codec } = compressPayload(frame);
    expect(codec).toBe('brotli');
    expect(payload.byteLength).toBeLessThan(frame.length / 3);
    expect(decompressPayload(Buffer.from(payload), codec)).toBe(frame);
  });

  it('reads a deflate payload as version 1 wrote it', () => {
    expect(decompressPayload(deflateRawSync(frame, { level: 1 }), 'deflate')).toBe(frame);
  });
});
