// Real collection on this machine, with both backends: facts that must hold here whatever the
// machine, checked against Node's own view and the package database.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { inventorySchema } from '@coverscan/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { bounded, type CollectorError } from '../src/bounded';
import { collect } from '../src/collect';
import { appSpecificMachineId, readLinuxMachineId } from '../src/machine-id';
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
    it("carries this OS installation's machine id, hashed, the same from both backends", () => {
      const raw = ['/etc/machine-id', '/var/lib/dbus/machine-id']
        .filter(existsSync)
        .map((f) => readFileSync(f, 'utf8').trim())
        .find((v) => /^[0-9a-f]{32}$/.test(v));
      if (!raw) return; // no machine id on this system: nothing to carry
      expect(inv.host.machineId).toBe(appSpecificMachineId(raw));
      expect(inv.host.machineId).not.toContain(raw);
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
      const expected = parseDpkgStatus(readFileSync('/var/lib/dpkg/status')).length;
      expect(expected).toBeGreaterThan(100);
      expect(inv.software.filter((s) => s.source === 'dpkg')).toHaveLength(expected);
    });
  },
);

describe('machine identity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'machine-id-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  it("reads systemd's machine id, else D-Bus's, skipping an uninitialized or blanked one", async () => {
    const real = file('real', '3d1219c7c4c5404aaa1f6d2a48adfda4\n');
    expect(await readLinuxMachineId([file('first-boot', 'uninitialized\n'), real])).toBe(
      '3d1219c7c4c5404aaa1f6d2a48adfda4',
    );
    expect(await readLinuxMachineId([file('blank', '00000000000000000000000000000000\n')])).toBeNull();
    expect(await readLinuxMachineId([join(dir, 'missing')])).toBeNull();
  });
  it('sends a keyed hash: stable per id, never the id, and nothing for a placeholder', () => {
    const h = appSpecificMachineId('3D1219C7-C4C5-404A-AA1F-6D2A48ADFDA4');
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(appSpecificMachineId('3d1219c7c4c5404aaa1f6d2a48adfda4')).toBe(h);
    expect(appSpecificMachineId('{3d1219c7-c4c5-404a-aa1f-6d2a48adfda5}')).not.toBe(h);
    for (const junk of [null, '', 'uninitialized', 'ffffffff-ffff-ffff-ffff-ffffffffffff'])
      expect(appSpecificMachineId(junk)).toBeNull();
  });
});

describe('time limits', () => {
  it('a hanging collector becomes a timed-out error and the others still arrive', async () => {
    const t0 = Date.now();
    // 2 s: long enough for every other collector on a loaded 2-core machine (500 ms was not).
    const inv = await collect({
      timeoutMs: 2000,
      wrap: (name, run) => (name === 'nics' ? () => new Promise<never>(() => {}) : run),
    });
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(inv.errors).toEqual([{ collector: 'nics', message: 'no answer within 2000 ms', timedOut: true }]);
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
