// Real collection on this machine, with both backends: facts that must hold here whatever the
// machine, checked against Node's own view and the package database.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { hostname, networkInterfaces } from 'node:os';
import { inventorySchema } from '@coverscan/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { bounded, type CollectorError } from '../src/bounded';
import { collect } from '../src/collect';
import { parseDpkgStatus } from '../src/software-dpkg';

// Interfaces the kernel lists as virtual (bridges, veths, docker, tunnels) are not the machine's.
const virtualNics = new Set(
  existsSync('/sys/devices/virtual/net') ? readdirSync('/sys/devices/virtual/net') : [],
);
const nodeMacs = () =>
  new Set(
    Object.entries(networkInterfaces())
      .filter(([name]) => !virtualNics.has(name))
      .flatMap(([, addrs]) => addrs ?? [])
      .filter((a) => !a.internal && a.mac !== '00:00:00:00:00:00')
      .map((a) => a.mac.toLowerCase()),
  );

describe.each(['native', 'systeminformation'] as const)(
  'collect() with the %s backend on this machine',
  (backend) => {
    let inv: Awaited<ReturnType<typeof collect>>;
    beforeAll(async () => {
      inv = await collect({ backend });
    }, 30_000);

    it('produces an inventory the collector accepts', () => {
      expect(() => inventorySchema.parse(inv)).not.toThrow();
      expect(inv.errors).toEqual([]);
    });
    it('names this host as the OS does', () => {
      expect(inv.host.hostname).toBe(hostname());
      expect(inv.host.os.platform).toBe('linux');
      expect(inv.host.cpu.cores).toBeGreaterThan(0);
      expect(inv.host.memoryBytes).toBeGreaterThan(0);
    });
    it('finds every NIC MAC that Node sees, and no loopback', () => {
      const got = new Set(inv.nics.map((n) => n.mac?.toLowerCase()));
      for (const mac of nodeMacs()) expect(got).toContain(mac);
      expect(inv.nics.some((n) => n.name === 'lo')).toBe(false);
    });
    it('marks locally administered MACs as such', () => {
      for (const n of inv.nics)
        if (n.mac) expect(n.locallyAdministered).toBe((Number.parseInt(n.mac.slice(0, 2), 16) & 2) !== 0);
    });
    it('lists exactly the installed dpkg packages', () => {
      const expected = parseDpkgStatus(readFileSync('/var/lib/dpkg/status', 'utf8')).length;
      expect(expected).toBeGreaterThan(100);
      expect(inv.software.filter((s) => s.source === 'dpkg')).toHaveLength(expected);
    });
  },
);

describe('time limits', () => {
  it('a hanging collector becomes a timed-out error and the others still arrive', async () => {
    const t0 = Date.now();
    const inv = await collect({
      timeoutMs: 500,
      wrap: (name, run) => (name === 'nics' ? () => new Promise<never>(() => {}) : run),
    });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(inv.errors).toEqual([{ collector: 'nics', message: 'no answer within 500 ms', timedOut: true }]);
    expect(inv.nics).toEqual([]);
    expect(inv.software.length).toBeGreaterThan(100);
    expect(inv.host.hostname).toBe(hostname());
  });
  it('a failing collector becomes an error with its message', async () => {
    const inv = await collect({
      wrap: (name, run) =>
        name === 'software.dpkg'
          ? async () => {
              throw new Error('database locked');
            }
          : run,
    });
    expect(inv.errors).toEqual([{ collector: 'software.dpkg', message: 'database locked', timedOut: false }]);
    expect(inv.nics.length).toBeGreaterThan(0);
  });
  it('bounded() passes results through and records nothing when on time', async () => {
    const errors: CollectorError[] = [];
    expect(await bounded('x', 1000, async () => 42, 0, errors)).toBe(42);
    expect(errors).toEqual([]);
  });
});
