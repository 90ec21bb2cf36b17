// Reports are cut to the protocol's limits rather than refused by the collector and lost.
import { hostname } from 'node:os';
import { type Inventory, inventorySchema } from '@coverscan/shared';
import { describe, expect, it } from 'vitest';
import { collect } from '../src/collect';
import { fitInventory } from '../src/fit-inventory';

describe('fitInventory', () => {
  it('shortens over-long values and lists, and says so in errors[]', async () => {
    const inv = await collect();
    inv.software[0] = { ...inv.software[0], name: 'x'.repeat(3000) };
    const extra = Array.from({ length: 20_005 }, (_, i) => ({
      name: `pkg-${i}`,
      version: '1',
      source: 'dpkg' as const,
    }));
    const big: Inventory = { ...inv, software: [...inv.software, ...extra] };
    expect(inventorySchema.safeParse(big).success).toBe(false);
    const fit = fitInventory(big);
    expect(inventorySchema.safeParse(fit).success).toBe(true);
    expect(fit.software).toHaveLength(20_000);
    expect(fit.software[0].name).toHaveLength(1024);
    expect(fit.host.hostname).toBe(hostname());
    const note = fit.errors.find((e) => e.collector === 'protocol-limits');
    expect(note?.message).toMatch(/2 value\(s\) .* shortened: .*software\.0\.name cut to 1024/);
    expect(note?.message).toMatch(/software cut to 20000/);
    expect(big.software[0].name).toHaveLength(3000); // the input is not modified
  });
  it('leaves a fitting inventory as it is', async () => {
    const inv = await collect();
    expect(fitInventory(inv)).toEqual(inventorySchema.parse(inv));
  });
  it('refuses an inventory that is wrong in another way, with the field named', async () => {
    const inv = await collect();
    (inv.host as { hostname: unknown }).hostname = 42;
    expect(() => fitInventory(inv)).toThrow(/host\.hostname/);
  });
});
