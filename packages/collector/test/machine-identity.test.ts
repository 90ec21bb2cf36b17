// One machine, one asset: agents that enroll again (new state directory, reinstall) on the same OS
// installation report through real WebSocket connections into a real SQLite file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory } from '@coverscan/shared';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server';
import { Store } from '../src/store/store';
import { generateInventory } from './inventory-generator';
import { connect, hello } from './ws-client';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-machine-'));
let store: Store;
let srv: RunningServer;
let secret: string;

beforeAll(async () => {
  store = Store.open(join(dir, 'm.db'));
  secret = store.createEnrollSecret('vms').secret;
  srv = await startServer({ store, log: pino({ level: 'silent' }), host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await srv.close();
  store.close();
});

/**
 * A QEMU/KVM guest as an agent running as a user reports it: no DMI serial, no readable product UUID,
 * one NIC with QEMU's locally administered 52:54:00 MAC, the OS's machine id (hashed by the agent).
 */
function vm(machineId: string, o: { mac?: string; uuid?: string } = {}): Inventory {
  const inv = generateInventory(7, { software: 30 });
  inv.host.hostname = 'build-vm';
  inv.host.system = {
    manufacturer: 'QEMU',
    model: 'Standard PC (Q35 + ICH9, 2009)',
    serial: null,
    uuid: o.uuid ?? null,
    sku: null,
    version: 'pc-q35-8.2',
  };
  inv.host.bios = {
    vendor: 'SeaBIOS',
    version: '1.16.3-debian-1.16.3-2',
    releaseDate: '04/01/2014',
    serial: null,
  };
  inv.host.baseboard = { manufacturer: null, model: null, serial: null };
  inv.host.chassis = { manufacturer: 'QEMU', type: null, serial: null };
  inv.host.machineId = machineId;
  inv.nics = [
    {
      name: 'enp1s0',
      mac: o.mac ?? '52:54:00:12:34:56',
      ip4: ['192.168.122.50'],
      ip6: [],
      type: 'wired',
      virtual: false,
      locallyAdministered: !o.mac,
    },
  ];
  // A USB tablet without a serial (QEMU's input device): known only by where it is plugged in.
  inv.usb = [
    {
      vendorId: '0627',
      productId: '0001',
      name: 'QEMU USB Tablet',
      manufacturer: 'QEMU',
      serial: null,
      bus: '1-1',
    },
  ];
  return inv;
}

/** Enrolls as a new agent (what a new state directory does) and reports the inventory. */
async function enrollAndReport(inv: Inventory, reportId: string): Promise<string> {
  const c = await connect(srv.url);
  c.send(hello({ enrollSecret: secret, hostname: inv.host.hostname }));
  const w = await c.next();
  if (w.type !== 'welcome') throw new Error(JSON.stringify(w));
  c.send({ type: 'report', reportId, inventory: inv });
  expect(await c.next()).toEqual({ type: 'ack', reportId });
  c.close();
  return w.agentId;
}

const MACHINE = 'a3f1c0de9b8e47d2a1f0c3b2d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f607';

describe('an agent that enrolls again on the same machine', () => {
  it('is the same asset, its devices too, and the asset belongs to the agent reporting now', async () => {
    const agents: string[] = [];
    for (let i = 0; i < 4; i++) agents.push(await enrollAndReport(vm(MACHINE), `vm-report-${i}`));
    const rows = store
      .reportRows()
      .filter((r) => r.hostname === 'build-vm' || r.location === 'USB on build-vm');
    expect(rows.map((r) => r.kind).sort()).toEqual(['endpoint', 'peripheral']);
    const endpoint = rows.find((r) => r.kind === 'endpoint')!;
    expect(endpoint.agentId).toBe(agents[3]);
    expect(rows.find((r) => r.kind === 'peripheral')!.attachedTo).toBe(endpoint.id);
    // Four enrollments remain on record; the machine counts once, under the newest.
    const listed = store.listAgents().filter((a) => agents.includes(a.id));
    expect(listed.map((a) => a.assets)).toEqual([0, 0, 0, 2]);
  });

  it('VMs cloned with the machine id of their template, each with its own MAC and SMBIOS UUID, are other machines', async () => {
    const clone = 'c10e0000000000000000000000000000000000000000000000000000000c10e5';
    await enrollAndReport(
      vm(clone, { mac: '00:50:56:a1:00:01', uuid: '4209b7c3-1a2b-3c4d-5e6f-708192a3b4c4' }),
      'clone-report-a',
    );
    await enrollAndReport(
      vm(clone, { mac: '00:50:56:a1:00:02', uuid: '4209b7c3-1a2b-3c4d-5e6f-708192a3b4c5' }),
      'clone-report-b',
    );
    await enrollAndReport(
      vm(clone, { mac: '00:50:56:a1:00:03', uuid: '4209b7c3-1a2b-3c4d-5e6f-708192a3b4c6' }),
      'clone-report-c',
    );
    const endpoints = store
      .reportRows()
      .filter((r) => r.kind === 'endpoint' && r.hostname === 'build-vm')
      .map((r) => r.mac ?? 'no vendor MAC');
    expect(endpoints.sort()).toEqual([
      '00:50:56:a1:00:01',
      '00:50:56:a1:00:02',
      '00:50:56:a1:00:03',
      'no vendor MAC', // the machine of the test above (QEMU's 52:54:00 is locally administered)
    ]);
  });
});
