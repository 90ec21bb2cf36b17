// The memory one device's identification may hold, in bytes: rows alone do not bound it (a table
// that never ends with 7 KB values is 70 MB at 10,000 rows). Every row a walk keeps is charged
// here; the walk that would go over stops, and the columns it was reading are named as cut, so the
// device is stored incomplete with the reason.
import type { VarValue } from './ber';

/** Objects around one kept row (Map entry, index string, value object, Buffer view), roughly. */
const ROW_OVERHEAD = 160;

export const DEFAULT_DEVICE_BYTES = 16 * 1024 * 1024;

export class ByteBudget {
  private used = 0;
  /** Table columns whose walk stopped at the budget. */
  readonly cut = new Set<string>();

  constructor(readonly max: number) {}

  get spent(): number {
    return this.used;
  }

  /** Charges `n` bytes; false (and nothing charged) when that would go over. */
  take(n: number): boolean {
    if (this.used + n > this.max) return false;
    this.used += n;
    return true;
  }
}

/**
 * The value as a row keeps it: a string or opaque value copied out of its datagram (a slice would
 * keep the whole datagram alive, up to 64 KB for a few bytes), with what it costs the budget.
 */
export function keptRow(index: string, v: VarValue): { value: VarValue; bytes: number } {
  if (v.type === 'string' || v.type === 'opaque') {
    const value = { type: v.type, value: Buffer.from(v.value) };
    return { value, bytes: ROW_OVERHEAD + index.length + v.value.length };
  }
  return { value: v, bytes: ROW_OVERHEAD + index.length + (v.type === 'oid' ? v.value.length : 0) };
}

/** "16 MiB", "512 KiB": the budget as a person reads it. */
export function describeBytes(n: number): string {
  if (n >= 1024 * 1024 && n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n >= 1024 && n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}
