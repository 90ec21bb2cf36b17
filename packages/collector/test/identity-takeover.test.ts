// Identity takeover (issue 11): an enrolled agent's report describes its own machine and peripherals;
// it does not turn a device another source found into its endpoint by naming one of its identities.
// Real SQLite files; the report is read back through the built CLI.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { type AssetDraft, inventoryToAssets } from '@coverscan/shared';
import { describe, expect, it } from 'vitest';
import { generateInventory, machineMac } from './inventory-generator';
import { tempStores } from './temp-stores';

const cli = join(import.meta.dirname, '../dist/coverscan.js');
const fresh = tempStores('takeover');

// A Huawei S5735 as a sweep stores it: ENTITY-MIB serial (Huawei's 20-character form), its base MAC
// (Huawei OUI 00:e0:fc), its address, and its sysObjectID under enterprise 2011.
const SERIAL = '2102351931P0C3000123';
const switchDraft: AssetDraft = {
  kind: 'network-device',
  ip: '127.0.0.50',
  mac: '00:e0:fc:01:02:03',
  hostname: 'core-sw1',
  vendor: 'Huawei',
  model: 'S5735-L24T4S-A',
  serial: SERIAL,
  identities: [],
  observations: [
    { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.2011.2.23.96' },
  ],
};

/** An agent's report of a Dell workstation that claims the switch's serial as its DMI serial. */
function claiming(agentId: string, seed: number, o: { serial?: string; mac?: string } = {}) {
  const inv = generateInventory(seed);
  if (o.serial) inv.host.system.serial = o.serial;
  if (o.mac) inv.nics[0].mac = o.mac;
  return inventoryToAssets(inv, agentId, { software: false });
}

describe('an agent never absorbs an asset another source found on one claimed identity', () => {
  it('a swept Huawei switch stays a Huawei switch when an agent reports its serial; both are noted', () => {
    const { store, file } = fresh();
    store.ingestAssets([switchDraft], { source: 'sweep', sweepId: 1 });
    const sw = store.reportRows()[0];
    expect(sw).toMatchObject({ kind: 'network-device', verdict: 'covered', entity: 'huawei' });

    store.ingestAssets(claiming('ag_evil', 11, { serial: SERIAL }), { source: 'agent', agentId: 'ag_evil' });
    const after = () => store.reportRows();
    const swNow = after().find((r) => r.id === sw.id)!;
    expect(swNow).toMatchObject({
      kind: 'network-device',
      verdict: 'covered',
      entity: 'huawei',
      model: 'S5735-L24T4S-A',
    });
    expect(swNow.agentId).toBeNull();
    const endpoint = after().find((r) => r.kind === 'endpoint')!;
    expect(endpoint.id).not.toBe(sw.id);
    expect(endpoint.agentId).toBe('ag_evil');
    // Recorded for a person, on both.
    expect(swNow.identityConflict).toMatch(/agent ag_evil reported serial/);
    expect(endpoint.identityConflict).toBe(swNow.identityConflict);
    const audit = store.auditLog().filter((e) => e.action === 'identity_conflict');
    expect(audit.map((e) => e.assetId).sort()).toEqual([sw.id, endpoint.id].sort());

    // The next report of that agent finds its own endpoint again; nothing new is created or noted.
    const assets = after().length;
    store.ingestAssets(claiming('ag_evil', 11, { serial: SERIAL }), { source: 'agent', agentId: 'ag_evil' });
    expect(after()).toHaveLength(assets);
    expect(store.auditLog().filter((e) => e.action === 'identity_conflict')).toHaveLength(2);
    expect(after().find((r) => r.id === sw.id)).toMatchObject({ kind: 'network-device', entity: 'huawei' });

    // The table a person reads says so.
    store.close();
    const r = spawnSync(process.execPath, [cli, 'report', '--db', file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('identity conflicts for a person to check');
    expect(r.stdout).toContain(`asset ${sw.id}: agent ag_evil reported serial`);
  });

  it("another agent's endpoint is not taken over by a copied serial either", () => {
    const { store } = fresh();
    store.ingestAssets(claiming('ag_a', 21, { serial: 'CZC1234XYZ' }), { source: 'agent', agentId: 'ag_a' });
    store.ingestAssets(claiming('ag_b', 22, { serial: 'CZC1234XYZ' }), { source: 'agent', agentId: 'ag_b' });
    const endpoints = store.reportRows().filter((r) => r.kind === 'endpoint');
    expect(endpoints.map((r) => r.agentId).sort()).toEqual(['ag_a', 'ag_b']);
    expect(endpoints.every((r) => r.identityConflict)).toBe(true);
  });

  it("agreeing identities still merge: the switch's serial and its MAC, or a MAC seen in a neighbor table", () => {
    const { store } = fresh();
    store.ingestAssets([switchDraft], { source: 'sweep', sweepId: 1 });
    // The same box in every identity it shares (a host the sweep also read): one asset.
    store.ingestAssets(claiming('ag_host', 31, { serial: SERIAL, mac: '00:e0:fc:01:02:03' }), {
      source: 'agent',
      agentId: 'ag_host',
    });
    expect(store.reportRows().filter((r) => r.kind !== 'peripheral')).toHaveLength(1);
    expect(store.auditLog().filter((e) => e.action === 'identity_conflict')).toHaveLength(0);

    // A workstation's NIC in a switch's forwarding table, then its agent: the same machine.
    const { store: s2 } = fresh();
    s2.ingestAssets(
      [
        {
          kind: 'neighbor',
          ip: null,
          mac: machineMac(32),
          hostname: null,
          vendor: null,
          model: null,
          serial: null,
          identities: [],
          observations: [{ kind: 'mac', source: 'fdb', field: 'dot1dTpFdbAddress', value: machineMac(32) }],
          attachedTo: { type: 'ip', value: '127.0.0.50' },
          location: 'core-sw1 port 7',
        },
      ],
      { source: 'sweep', sweepId: 1 },
    );
    s2.ingestAssets(claiming('ag_ws', 32), { source: 'agent', agentId: 'ag_ws' });
    const ws = s2.reportRows().filter((r) => r.kind !== 'peripheral');
    expect(ws).toHaveLength(1);
    expect(ws[0]).toMatchObject({ kind: 'endpoint', location: 'core-sw1 port 7', identityConflict: null });
  });
});
