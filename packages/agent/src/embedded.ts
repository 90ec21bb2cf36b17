// Data carried inside the single-file agent (Node single executable application assets): the IEEE
// registry as a sorted `PREFIX<TAB>registrant` list and the IANA enterprise registry. Outside a single
// executable these return null and the agent reads the installed packages instead.
import type * as Sea from 'node:sea';

function sea(): typeof Sea | null {
  // getBuiltinModule (Node ≥ 20.16) works in the CommonJS single-file build and the ESM one alike.
  const s = process.getBuiltinModule?.('node:sea') as typeof Sea | undefined;
  return s?.isSea() ? s : null;
}

export const isSingleExecutable = (): boolean => sea() !== null;

/** An asset's bytes, without a copy where Node can map it (getRawAsset). */
export function embeddedAsset(key: string): Buffer | null {
  const s = sea();
  if (!s) return null;
  try {
    const raw = s.getRawAsset(key);
    return typeof raw === 'string' ? Buffer.from(raw, 'utf8') : Buffer.from(raw);
  } catch {
    return null;
  }
}

/**
 * The value for `key` in a list of `KEY<TAB>value` lines sorted by key (byte order), by binary search
 * over the bytes: a lookup touches a few pages of the 1.5 MB list, not all of it.
 */
export function findSortedLine(buf: Buffer, key: string): string | undefined {
  const want = Buffer.from(`${key}\t`);
  let lo = 0;
  let hi = buf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    // The line holding byte `mid`.
    const start = buf.lastIndexOf(10, mid - 1) + 1;
    let end = buf.indexOf(10, start);
    if (end < 0) end = buf.length;
    const cmp = Buffer.compare(buf.subarray(start, Math.min(end + 1, start + want.length)), want);
    if (cmp === 0) return buf.toString('utf8', start + want.length, end);
    if (cmp < 0) lo = end + 1;
    else hi = start;
  }
  return undefined;
}
