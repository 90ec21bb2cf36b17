// The agent looks up a handful of MACs (its NICs, gateway, access point, Bluetooth peers), but
// parsing the whole IEEE registry (`oui-data`, 5.6 MB of JSON) costs +30 MB of RSS, more than the rest
// of the agent. Instead the shared core is given a source that finds one prefix by scanning the file's
// bytes in 1 MB windows (one line per prefix: `"XXXXXX": "name…",`): holding the whole file was another
// 5.6 MB of RSS on a machine with a vendor MAC; a scan reads it from the page cache in milliseconds.
import { closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setOuiSource } from '@coverscan/shared';
import { embeddedAsset, findSortedLine } from './embedded';

/** Longest line we expect in the registry file (a prefix and an address); read in one go once found. */
const MAX_LINE = 4096;

/** The registry entry of `prefix` in the file at `path` (its JSON value), or undefined. */
export function findOuiEntry(path: string, prefix: string, window = 1 << 20): string | undefined {
  const needle = Buffer.from(`"${prefix}":`);
  const buf = Buffer.allocUnsafe(window + needle.length);
  const fd = openSync(path, 'r');
  try {
    // buf holds [bytes carried from the previous window][this window]; `base` is its file offset.
    let base = 0;
    let carry = 0;
    for (;;) {
      const n = readSync(fd, buf, carry, window, base + carry);
      if (n === 0) return undefined;
      const len = carry + n;
      const at = buf.subarray(0, len).indexOf(needle);
      if (at >= 0) {
        const line = Buffer.allocUnsafe(MAX_LINE);
        const got = readSync(fd, line, 0, MAX_LINE, base + at);
        const end = line.subarray(0, got).indexOf(10);
        const text = line.toString('utf8', 0, end < 0 ? got : end).replace(/,\s*$/, '');
        return (JSON.parse(`{${text}}`) as Record<string, string>)[prefix];
      }
      // A needle may straddle the window's end: carry its length minus one byte into the next round.
      const keep = Math.min(needle.length - 1, len);
      buf.copy(buf, 0, len - keep, len);
      base += len - keep;
      carry = keep;
    }
  } finally {
    closeSync(fd);
  }
}

export function installLazyOui(): void {
  // The single-file agent carries the registry as a sorted list: looked up in place.
  const embedded = embeddedAsset('oui.tsv');
  if (embedded) {
    setOuiSource((prefix) => findSortedLine(embedded, prefix));
    return;
  }
  let path: string;
  try {
    path = createRequire(import.meta.url).resolve('oui-data');
  } catch {
    return; // not installed: the core reports the missing module itself when it needs it
  }
  const memo = new Map<string, string | undefined>();
  setOuiSource((prefix) => {
    if (!memo.has(prefix)) memo.set(prefix, findOuiEntry(path, prefix));
    return memo.get(prefix);
  });
}
