// The agent's byte-searching registry source must answer exactly as the parsed registry does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { lookupOui } from '@coverscan/shared';
import { describe, expect, it } from 'vitest';
import { findOuiEntry, installLazyOui } from '../src/oui-lazy';

const require = createRequire(import.meta.url);
const registry = require('oui-data') as Record<string, string>;
const first = (prefix: string) => registry[prefix]?.split('\n')[0].trim();

describe('lazy OUI source', () => {
  installLazyOui();
  it('finds MA-L, MA-M and MA-S blocks like the full registry', () => {
    const maM = Object.keys(registry).find((k) => k.length === 7)!;
    const maS = Object.keys(registry).find((k) => k.length === 9)!;
    for (const [mac, prefix] of [
      ['00:e0:fc:01:02:03', '00E0FC'],
      [`${maM.slice(0, 2)}:${maM.slice(2, 4)}:${maM.slice(4, 6)}:${maM[6]}0:00:01`, maM],
      [`${maS.slice(0, 2)}:${maS.slice(2, 4)}:${maS.slice(4, 6)}:${maS.slice(6, 8)}:${maS[8]}0:01`, maS],
    ]) {
      expect(lookupOui(mac)).toMatchObject({ prefix, registrant: first(prefix) });
    }
  });

  it('returns nothing for an unregistered prefix', () => {
    let n = 0xa00000;
    while (registry[n.toString(16).toUpperCase()]) n += 0x100;
    const hex = n.toString(16).toUpperCase();
    expect(lookupOui(`${hex}000001`)).toBeNull();
  });

  it('finds every kind of entry across window boundaries, whatever the window size', () => {
    const path = require.resolve('oui-data');
    const keys = Object.keys(registry);
    // Deterministic spread over the file: first, last, and every 4999th entry (MA-L, MA-M, MA-S alike).
    const sample = [keys[0], keys.at(-1)!, ...keys.filter((_, i) => i % 4999 === 0)];
    for (const window of [1021, 1 << 20])
      for (const prefix of sample) expect(findOuiEntry(path, prefix, window)).toBe(registry[prefix]);
    expect(findOuiEntry(path, 'ZZZZZZ', 4099)).toBeUndefined();
    // A window that ends inside the entry's key: found only if the straddling bytes are carried over.
    const prefix = keys[1234];
    const off = readFileSync(path).indexOf(`"${prefix}":`);
    for (const cut of [1, 4, 8]) expect(findOuiEntry(path, prefix, off + cut)).toBe(registry[prefix]);
  });
});
