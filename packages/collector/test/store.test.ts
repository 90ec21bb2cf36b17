// The store on real SQLite files: migrations and versions, identity merge rules, findings lifecycle.
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AssetDraft,
  dedupeEvidence,
  identify,
  inventoryToAssets,
  judge,
  type Observation,
} from '@coverscan/shared';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { IdentifyCache } from '../src/store/identify-cache';
import { migrations, SCHEMA_VERSION } from '../src/store/migrations';
import { APPLICATION_ID, OBSERVATION_HISTORY, Store } from '../src/store/store';
import { generateInventory, machineMac } from './inventory-generator';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-store-'));
let n = 0;
const opened: Store[] = [];
function fresh(): { store: Store; file: string } {
  const file = join(dir, `t${++n}.db`);
  const store = Store.open(file);
  opened.push(store);
  return { store, file };
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

function draft(p: Partial<AssetDraft> & Pick<AssetDraft, 'kind'>): AssetDraft {
  return {
    ip: null,
    mac: null,
    hostname: null,
    vendor: null,
    model: null,
    serial: null,
    identities: [],
    observations: [],
    ...p,
  };
}

const count = (s: Store, table: string) =>
  (s.db.prepare(`SELECT count(*) n FROM ${table}`).get() as { n: number }).n;

describe('opening a database', () => {
  it('creates the file 0600 in WAL mode at the current schema version', () => {
    const { store, file } = fresh();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('refuses a database written by a newer version, clearly, and leaves it unchanged', () => {
    const { store, file } = fresh();
    store.close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = readFileSync(file);
    expect(() => Store.open(file)).toThrow(
      /newer coverscan.*version 2|schema version \d+, written by a newer/,
    );
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('refuses a SQLite file of another program', () => {
    const file = join(dir, 'other.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE t (x)');
    raw.close();
    expect(() => Store.open(file)).toThrow(/not a coverscan database/);
  });

  it('brings a version-1 database forward, keeping its rows and reading them the same way', () => {
    // A file as the first release wrote it: migration 1 only, an agent whose assets were all last
    // touched by its last report.
    const file = join(dir, 'v1.db');
    const raw = new Database(file);
    raw.exec(migrations[0]);
    raw.pragma('user_version = 1');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.exec(`INSERT INTO agents (id, node_key_hash, enrolled_at, last_seen, last_report, inventory_hash)
                VALUES ('ag_v1', 'x', '2026-01-01', '2026-02-01', '2026-02-01', 'digest');
              INSERT INTO assets (kind, hostname, agent_id, first_seen, last_seen)
                VALUES ('endpoint', 'old-laptop', 'ag_v1', '2026-01-01', '2026-02-01');`);
    raw.close();
    const store = Store.open(file);
    opened.push(store);
    expect(store.schemaVersion).toBe(SCHEMA_VERSION);
    expect(store.db.prepare("SELECT inventory_at FROM agents WHERE id = 'ag_v1'").get()).toEqual({
      inventory_at: '2026-02-01',
    });
    expect(store.reportRows().map((r) => [r.hostname, r.lastSeen])).toEqual([['old-laptop', '2026-02-01']]);
    expect(store.reportRows()[0].incomplete).toEqual([]);
  });

  it('reopens its own file without re-running migrations', () => {
    const { store, file } = fresh();
    store.ingestAssets([draft({ kind: 'network-device', ip: '127.0.0.9', hostname: 'sw' })], {
      source: 'sweep',
    });
    store.close();
    const again = Store.open(file);
    opened.push(again);
    expect(again.reportRows().map((r) => r.hostname)).toEqual(['sw']);
  });
});

describe('identity merge rules', () => {
  it("an agent's own NIC MAC seen later in a switch's ARP table is the same asset", () => {
    const { store } = fresh();
    const inv = generateInventory(42);
    store.ingestAssets(inventoryToAssets(inv, 'ag_1'), { source: 'agent', agentId: 'ag_1' });
    const endpoints = store.reportRows().filter((r) => r.kind === 'endpoint');
    expect(endpoints).toHaveLength(1);
    store.ingestAssets(
      [
        draft({ kind: 'network-device', ip: '127.0.0.20', hostname: 'core-sw', serial: 'FOC1234X0YZ' }),
        draft({
          kind: 'neighbor',
          mac: machineMac(42).toUpperCase().replace(/:/g, '-'),
          ip: '10.0.0.42',
          attachedTo: { type: 'ip', value: '127.0.0.20' },
          location: 'core-sw port Gi0/12',
          observations: [
            { kind: 'mac', source: 'arp', field: 'ipNetToMediaPhysAddress', value: machineMac(42) },
          ],
        }),
      ],
      { source: 'sweep', sweepId: 1 },
    );
    const rows = store.reportRows();
    const ep = rows.filter((r) => r.mac && r.mac.toLowerCase() === machineMac(42));
    expect(ep).toHaveLength(1);
    expect(ep[0].id).toBe(endpoints[0].id);
    expect(ep[0].kind).toBe('endpoint');
    expect(ep[0].hostname).toBe('ws-42');
    expect(ep[0].location).toBe('core-sw port Gi0/12');
    expect(rows.some((r) => r.kind === 'neighbor')).toBe(false);
  });

  it('a serial reported by ENTITY-MIB and by an agent: the same asset when their MACs agree too, whichever comes first', () => {
    const device = (mac: string | null) =>
      draft({
        kind: 'network-device',
        ip: '127.0.0.30',
        mac,
        serial: 'sn0000001a',
        observations: [{ kind: 'text', source: 'snmp', field: 'entPhysicalMfgName', value: 'Dell Inc.' }],
      });
    const agent = () => {
      const inv = generateInventory(1);
      inv.host.system.serial = 'SN0000001A';
      return inventoryToAssets(inv, 'ag_x');
    };
    for (const sweepFirst of [true, false]) {
      // The sweep read the host's own NIC (ifPhysAddress): serial and MAC agree.
      const { store } = fresh();
      const sweep = () => store.ingestAssets([device(machineMac(1))], { source: 'sweep', sweepId: 1 });
      if (sweepFirst) sweep();
      store.ingestAssets(agent(), { source: 'agent', agentId: 'ag_x' });
      if (!sweepFirst) sweep();
      const hosts = store.reportRows().filter((r) => r.kind !== 'peripheral');
      expect(hosts).toHaveLength(1);
      expect(hosts[0]).toMatchObject({
        kind: 'endpoint',
        hostname: 'ws-1',
        ip: expect.stringMatching(/^10\./),
      });

      // Only the serial in common (identity-takeover.test.ts): two assets, the conflict recorded on both.
      const { store: apart } = fresh();
      const sweepApart = () => apart.ingestAssets([device(null)], { source: 'sweep', sweepId: 1 });
      if (sweepFirst) sweepApart();
      apart.ingestAssets(agent(), { source: 'agent', agentId: 'ag_x' });
      if (!sweepFirst) sweepApart();
      const two = apart.reportRows().filter((r) => r.kind !== 'peripheral');
      expect(two.map((r) => r.kind).sort()).toEqual(['endpoint', 'network-device']);
      expect(two.every((r) => r.identityConflict?.includes('serial SN0000001A'))).toBe(true);
    }
  });

  it('placeholder serials and randomized MACs never merge two machines', () => {
    const { store } = fresh();
    for (const [i, agent] of ['ag_a', 'ag_b'].entries()) {
      const inv = generateInventory(100 + i);
      inv.host.system.serial = 'To Be Filled By O.E.M.';
      inv.host.system.uuid = '03000200-0400-0500-0006-000700080009';
      inv.nics = [{ ...inv.nics[1], mac: '7a:11:22:33:44:55' }];
      store.ingestAssets(inventoryToAssets(inv, agent), { source: 'agent', agentId: agent });
    }
    expect(store.reportRows().filter((r) => r.kind === 'endpoint')).toHaveLength(2);
  });

  it('an IP identifies a re-swept network device, but never merges endpoints', () => {
    const { store } = fresh();
    const sw = draft({ kind: 'network-device', ip: '127.0.0.40', hostname: 'dist-1' });
    store.ingestAssets([sw], { source: 'sweep', sweepId: 1 });
    store.ingestAssets([{ ...sw, model: 'S5720' }], { source: 'sweep', sweepId: 2 });
    expect(store.reportRows()).toHaveLength(1);
    expect(store.reportRows()[0].model).toBe('S5720');
    const a = draft({ kind: 'endpoint', ip: '10.1.1.1', identities: [{ type: 'agent', value: 'a' }] });
    const b = draft({ kind: 'endpoint', ip: '10.1.1.1', identities: [{ type: 'agent', value: 'b' }] });
    store.ingestAssets([a], { source: 'agent', agentId: 'a' });
    store.ingestAssets([b], { source: 'agent', agentId: 'b' });
    expect(store.reportRows().filter((r) => r.kind === 'endpoint')).toHaveLength(2);
  });

  it('a draft that matches two stored assets merges them into the oldest, keeping both evidence sets', () => {
    const { store } = fresh();
    // A neighbor with a Huawei OUI, and separately a device known only by its serial.
    store.ingestAssets(
      [
        draft({
          kind: 'neighbor',
          mac: '00:e0:fc:01:02:03',
          attachedTo: { type: 'ip', value: '127.0.0.49' },
          observations: [
            { kind: 'mac', source: 'fdb', field: 'dot1dTpFdbAddress', value: '00:e0:fc:01:02:03' },
          ],
        }),
      ],
      { source: 'sweep', sweepId: 1 },
    );
    store.ingestAssets(
      [
        draft({
          kind: 'network-device',
          ip: '127.0.0.50',
          serial: '2102351931P0C3000123',
          observations: [{ kind: 'text', source: 'snmp', field: 'sysDescr', value: 'Linux router 5.10' }],
        }),
      ],
      { source: 'sweep', sweepId: 1 },
    );
    expect(store.reportRows()).toHaveLength(2);
    const oldest = Math.min(...store.reportRows().map((r) => r.id));
    // The device reveals both: it is the same box.
    store.ingestAssets(
      [
        draft({
          kind: 'network-device',
          ip: '127.0.0.50',
          mac: '00:e0:fc:01:02:03',
          serial: '2102351931P0C3000123',
          observations: [
            { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.2011.2.23.96' },
          ],
        }),
      ],
      { source: 'sweep', sweepId: 2 },
    );
    const rows = store.reportRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: oldest,
      kind: 'network-device',
      verdict: 'covered',
      entity: 'huawei',
    });
    // The FDB sighting's observation still counts toward the merged asset.
    expect(rows[0].evidence.map((e) => e.source)).toEqual(expect.arrayContaining(['snmp', 'fdb']));
    expect(count(store, 'findings')).toBe(1);
  });
});

describe('observations and findings', () => {
  it('an unchanged re-report rewrites nothing but the last-seen time; history is bounded', () => {
    const { store } = fresh();
    const drafts = inventoryToAssets(generateInventory(7, { huaweiPhone: true }), 'ag_7');
    store.ingestAssets(drafts, { source: 'agent', agentId: 'ag_7', at: '2026-01-01T00:00:00.000Z' });
    const obs = count(store, 'observations');
    store.ingestAssets(drafts, { source: 'agent', agentId: 'ag_7', at: '2026-01-02T00:00:00.000Z' });
    expect(count(store, 'observations')).toBe(obs);
    const rows = store.reportRows();
    expect(rows.every((r) => r.lastSeen === '2026-01-02T00:00:00.000Z')).toBe(true);
    expect(rows.every((r) => r.firstSeen === '2026-01-01T00:00:00.000Z')).toBe(true);
    for (let day = 3; day < 10; day++) {
      const inv = generateInventory(7, { huaweiPhone: true });
      inv.host.hostname = `renamed-${day}`;
      const changed = inventoryToAssets(inv, 'ag_7');
      store.ingestAssets(changed, { source: 'agent', agentId: 'ag_7', at: `2026-01-0${day}T00:00:00.000Z` });
    }
    const endpointId = rows.find((r) => r.kind === 'endpoint')!.id;
    const hist = store.db
      .prepare('SELECT count(*) n FROM observations WHERE asset_id = ?')
      .get(endpointId) as {
      n: number;
    };
    expect(hist.n).toBe(OBSERVATION_HISTORY);
  });

  it('a Huawei phone on USB is its own covered asset attached to the workstation', () => {
    const { store } = fresh();
    store.ingestAssets(inventoryToAssets(generateInventory(9, { huaweiPhone: true }), 'ag_9'), {
      source: 'agent',
      agentId: 'ag_9',
    });
    const rows = store.reportRows();
    const ws = rows.find((r) => r.kind === 'endpoint')!;
    expect(ws.verdict).toBe('clear');
    const phone = rows.find((r) => r.verdict === 'covered')!;
    expect(phone).toMatchObject({
      kind: 'peripheral',
      entity: 'huawei',
      attachedTo: ws.id,
      vendor: 'Huawei', // named from the evidence (the USB id), not the raw descriptor string
    });
    expect(phone.lists.map((l) => l.id)).toContain('fcc-covered');
    expect(phone.evidence[0]).toMatchObject({ field: expect.stringMatching(/^usb/), strength: 'strong' });
    expect(store.reportRows({ only: 'covered' }).map((r) => r.id)).toEqual([phone.id]);
    expect(store.reportRows({ only: 'review' })).toEqual([]);
  });

  it('a consumer router found by a sweep is stored as review under its category, with a finding', () => {
    const { store } = fresh();
    const router = draft({
      kind: 'network-device',
      ip: '127.0.0.61',
      observations: [
        {
          kind: 'text',
          source: 'snmp',
          field: 'sysDescr',
          value: 'Linux RT-AX88U 4.1.27 #2 SMP PREEMPT aarch64',
        },
        { kind: 'text', source: 'snmp', field: 'sysLocation', value: 'den', textClass: 'freetext' },
      ],
    });
    store.ingestAssets([router], { source: 'sweep', sweepId: 1 });
    // A re-sweep goes through the memoized identification: same verdict.
    store.ingestAssets([router], { source: 'sweep', sweepId: 2 });
    const [row] = store.reportRows({ only: 'review' });
    expect(row).toMatchObject({ ip: '127.0.0.61', verdict: 'review', entity: 'foreign-consumer-routers' });
    expect(row.lists).toEqual([
      expect.objectContaining({ id: 'fcc-covered', category: 'foreign-consumer-routers' }),
    ]);
    expect(
      row.evidence.some((e) => e.category === 'foreign-consumer-routers' && e.field === 'sysDescr'),
    ).toBe(true);
    expect(count(store, 'findings')).toBe(1);
  });

  it('findings: accepted with why, remediated, reopened when seen again; every change audited', () => {
    const { store } = fresh();
    const d = draft({
      kind: 'network-device',
      ip: '127.0.0.60',
      observations: [
        { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.3902.3.100' },
      ],
    });
    store.ingestAssets([d], { source: 'sweep', sweepId: 1 });
    const [row] = store.reportRows({ only: 'flagged' });
    expect(row).toMatchObject({ entity: 'zte', findingStatus: 'open' });
    store.setFindingStatus(row.findingId!, 'accepted', 'alice', 'isolated lab, waiver W-12');
    expect(store.reportRows()[0]).toMatchObject({
      findingStatus: 'accepted',
      findingWhy: 'isolated lab, waiver W-12',
    });
    // Seen again while accepted: stays accepted.
    store.ingestAssets([{ ...d, hostname: 'zx' }], { source: 'sweep', sweepId: 2 });
    expect(store.reportRows()[0].findingStatus).toBe('accepted');
    store.setFindingStatus(row.findingId!, 'remediated', 'bob', 'unplugged');
    store.ingestAssets([{ ...d, hostname: 'zx2' }], { source: 'sweep', sweepId: 3 });
    expect(store.reportRows()[0].findingStatus).toBe('open');
    expect(store.auditLog(row.findingId!).map((a) => [a.from, a.to, a.by])).toEqual([
      ['open', 'accepted', 'alice'],
      ['accepted', 'remediated', 'bob'],
      ['remediated', 'open', 'collector'],
    ]);
    expect(() => store.setFindingStatus(9999, 'accepted', 'x', 'y')).toThrow(/no finding with id 9999/);
  });

  it('a failing draft rolls the whole ingest back', () => {
    const { store } = fresh();
    const bad = draft({ kind: 'bogus' as 'endpoint', ip: '127.0.0.70' });
    expect(() =>
      store.ingestAssets([draft({ kind: 'network-device', ip: '127.0.0.71' }), bad], { source: 'sweep' }),
    ).toThrow();
    expect(count(store, 'assets')).toBe(0);
    expect(count(store, 'identities')).toBe(0);
  });

  it("a device's own MAC in its own neighbor table merges into it without making it its own parent", () => {
    const { store } = fresh();
    store.ingestAssets(
      [
        draft({ kind: 'network-device', ip: '127.0.0.90', mac: '00:1b:21:0a:0b:0c', hostname: 'r1' }),
        draft({
          kind: 'neighbor',
          mac: '00:1b:21:0a:0b:0c',
          attachedTo: { type: 'ip', value: '127.0.0.90' },
        }),
      ],
      { source: 'sweep', sweepId: 1 },
    );
    const rows = store.reportRows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'network-device', hostname: 'r1', attachedTo: null });
  });

  it("a swept device's unread parts: stored, kept by a neighbor sighting, cleared by a complete read", () => {
    const { store } = fresh();
    const device = (incomplete: string[]) =>
      draft({
        kind: 'network-device',
        ip: '127.0.0.91',
        mac: '00:1b:21:0a:0b:0d',
        hostname: 'r2',
        incomplete,
      });
    const unread = () => store.reportRows().find((r) => r.hostname === 'r2')?.incomplete;
    store.ingestAssets([device(['entity', 'neighbors:fdb'])], { source: 'sweep', sweepId: 1 });
    expect(unread()).toEqual(['entity', 'neighbors:fdb']);
    // Another switch sees it in its ARP table: that says nothing about what was read of it.
    store.ingestAssets(
      [
        draft({
          kind: 'neighbor',
          mac: '00:1b:21:0a:0b:0d',
          attachedTo: { type: 'ip', value: '127.0.0.92' },
        }),
      ],
      { source: 'sweep', sweepId: 2 },
    );
    expect(unread()).toEqual(['entity', 'neighbors:fdb']);
    store.ingestAssets([device([])], { source: 'sweep', sweepId: 3 });
    expect(unread()).toEqual([]);
  });

  it('reports every MAC in one spelling', () => {
    const { store } = fresh();
    store.ingestAssets([draft({ kind: 'neighbor', mac: 'C056.E300.0002' })], { source: 'sweep' });
    expect(store.reportRows()[0].mac).toBe('c0:56:e3:00:00:02');
  });

  it('forgets acked report ids past the idempotency window only', () => {
    const { store } = fresh();
    store.db
      .prepare("INSERT INTO agents (id, node_key_hash, enrolled_at, last_seen) VALUES ('a', 'x', 'x', 'x')")
      .run();
    store.touchReport('a', 'old-report-1', null, '2026-01-01T00:00:00.000Z');
    store.touchReport('a', 'new-report-1', null, '2026-03-01T00:00:00.000Z');
    expect(store.pruneReports('2026-02-01T00:00:00.000Z')).toBe(1);
    expect(store.hasReport('old-report-1')).toBe(false);
    expect(store.hasReport('new-report-1')).toBe(true);
  });

  it('sweeps record targets, settings and counters', () => {
    const { store } = fresh();
    const id = store.startSweep(['127.0.0.0/24'], { rate: 500, communities: 2 });
    store.finishSweep(id, { probed: 256, responders: 3 });
    const row = store.db.prepare('SELECT * FROM sweeps WHERE id = ?').get(id) as Record<string, string>;
    expect(JSON.parse(row.targets)).toEqual(['127.0.0.0/24']);
    expect(JSON.parse(row.counters)).toEqual({ probed: 256, responders: 3 });
    expect(row.finished_at).toMatch(/^\d{4}-/);
  });
});

describe('memoized identification', () => {
  it('gives exactly what the shared identify() gives, with each observation its own field path', () => {
    const cache = new IdentifyCache();
    const obs = [
      ...inventoryToAssets(generateInventory(11, { huaweiPhone: true }), 'a').flatMap((d) => d.observations),
      {
        kind: 'software' as const,
        source: 'agent',
        field: 'software[1]',
        value: 'WeChat',
        software: { name: 'WeChat' },
      },
      {
        kind: 'software' as const,
        source: 'agent',
        field: 'software[9]',
        value: 'WeChat',
        software: { name: 'WeChat' },
      },
      {
        kind: 'text' as const,
        source: 'snmp',
        field: 'sysDescr',
        value: 'Huawei Versatile Routing Platform',
      },
      { kind: 'mac' as const, source: 'arp', field: 'mac', value: '00:e0:fc:00:00:01' },
    ];
    expect(cache.identify(obs)).toEqual(identify(obs));
    // Second time from the memo: same answer, and the second WeChat keeps its own field.
    const again = cache.identify([...obs].reverse());
    expect(again).toEqual(identify([...obs].reverse()));
    expect(cache.hits).toBeGreaterThan(0);
    const fields = cache.identify([obs.at(-3)!]).map((e) => e.field);
    expect(fields.every((f) => f.startsWith('software[9]'))).toBe(true);
  });

  it('keeps the raw bytes of each observation, not those of the one memoized first', () => {
    const cache = new IdentifyCache();
    const text = 'Hikvision IP Camera \u00a9 2019';
    const obs = [
      {
        kind: 'text' as const,
        source: 'snmp',
        field: 'sysDescr',
        value: text,
        raw: Buffer.from(text, 'latin1').toString('hex'),
      },
      { kind: 'text' as const, source: 'snmp', field: 'entPhysicalDescr', value: text }, // the same memo key
    ];
    expect(cache.identify(obs)).toEqual(identify(obs));
    expect(cache.identify([...obs].reverse())).toEqual(identify([...obs].reverse()));
    expect(identify(obs).map((e) => e.raw)).toEqual([obs[0].raw, undefined]);
  });

  it("an endpoint's software identified entry by entry gives what identify() gives on the observations", () => {
    // Covered and proposed-list software among ordinary packages, twice (the second time from the memo),
    // with and without publisher, bundle id and package name, and a repeat that must keep its own index.
    const extra = [
      { name: 'WeChat', publisher: 'Tencent', source: 'app' as const },
      { name: 'TikTok', source: 'app' as const, bundleId: 'com.zhiliaoapp.musically' },
      {
        name: 'Kaspersky Endpoint Security',
        version: '12.1',
        publisher: 'AO Kaspersky Lab',
        source: 'registry' as const,
      },
      { name: 'qq', package: 'qq', source: 'dpkg' as const },
      { name: 'WeChat', publisher: 'Tencent', source: 'app' as const },
    ];
    const cache = new IdentifyCache();
    for (const seed of [21, 22, 21]) {
      const inv = generateInventory(seed, { huaweiPhone: true });
      inv.software.splice(100, 0, ...extra);
      const endpoint = (o?: { software: boolean }) =>
        inventoryToAssets(inv, 'a', o).find((d) => d.kind === 'endpoint')!;
      const expected = identify(endpoint().observations);
      expect(expected.filter((e) => e.field.startsWith('software[')).length).toBeGreaterThan(3);
      const got = dedupeEvidence([
        ...cache.identify(endpoint({ software: false }).observations),
        ...cache.identifySoftware(inv.software),
      ]);
      expect(got).toEqual(expected);
    }
  });

  it('is not fooled by names that spell another observation key', () => {
    // The memo is fleet-wide: one agent's crafted package name must not hide another's real match.
    const sw = (field: string, name: string, publisher?: string) => ({
      kind: 'software' as const,
      source: 'agent',
      field,
      value: name,
      software: { name, ...(publisher ? { publisher } : {}) },
    });
    const real = [sw('software[0]', 'WeChat', 'Tencent')];
    expect(identify(real).length).toBeGreaterThan(0);
    const cache = new IdentifyCache();
    cache.identify([sw('software[0]', 'WeChat\u0001Tencent'), sw('software[1]', '7:TencentWeChat')]);
    cache.identify([sw('software[0]', 'WeChat\u0003Tencent')]);
    expect(cache.identify(real)).toEqual(identify(real));
  });
});

describe('one identification path at ingest', () => {
  const device = (observations: AssetDraft['observations'], ip = '127.0.0.21') =>
    draft({ kind: 'network-device', ip, identities: [{ type: 'ip', value: ip }], observations });

  it("a vendor-private probe's evidence reaches the stored verdict (the memo once dropped it)", () => {
    const { store } = fresh();
    const probe = '1.3.6.1.4.1.39165.1.1.0';
    store.ingestAssets(
      [
        device([
          { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.8072.3.2.10' },
          { kind: 'text', source: 'snmp', field: 'sysDescr', value: 'Linux 3.10', textClass: 'description' },
          { kind: 'snmpProbe', source: 'snmp', field: `probe:${probe}`, value: probe, probe },
        ]),
      ],
      { source: 'sweep' },
    );
    const [row] = store.reportRows();
    expect([row.verdict, row.entity, row.vendor]).toEqual(['covered', 'hikvision', 'Hikvision']);
    expect(row.evidence.some((e) => e.field === `probe:${probe}` && e.entity === 'hikvision')).toBe(true);
  });

  it('a probe stored by an older version (asked OID only in the field label) is still judged', () => {
    const { store } = fresh();
    const oid = '1.3.6.1.4.1.2011';
    store.ingestAssets(
      [
        device([
          { kind: 'snmpProbe', source: 'snmp', field: `probe:${oid}`, value: `${oid}.5.25.31.1.1.1.1.1` },
        ]),
      ],
      { source: 'sweep' },
    );
    expect(store.reportRows()[0].verdict).toBe('covered');
  });

  it('stores what the shared judge() says, and names the device from the same evidence', () => {
    const { store } = fresh();
    const cases: [string, AssetDraft['observations'], string, string | null][] = [
      // A covered maker's number, and the device's own manufacturer field naming another maker: review.
      [
        '127.0.0.31',
        [
          { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.2011.2.23.1' },
          {
            kind: 'text',
            source: 'snmp',
            field: 'entPhysicalMfgName',
            value: 'Cisco Systems',
            textClass: 'vendor',
          },
        ],
        'review',
        'Cisco',
      ],
      // The same number with a silent description: the number stands.
      [
        '127.0.0.32',
        [
          { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.2011.2.23.1' },
          {
            kind: 'text',
            source: 'snmp',
            field: 'sysDescr',
            value: 'S5720-28X-SI-AC',
            textClass: 'description',
          },
        ],
        'covered',
        'Huawei',
      ],
      // A Huawei Symantec (joint venture, now Huawei) number: judged under Huawei, not only named.
      [
        '127.0.0.33',
        [{ kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.34774.4.1' }],
        'covered',
        'Huawei',
      ],
    ];
    store.ingestAssets(
      cases.map(([ip, obs]) => device(obs, ip)),
      { source: 'sweep' },
    );
    const rows = new Map(store.reportRows().map((r) => [r.ip, r]));
    for (const [ip, obs, verdict, vendor] of cases) {
      const want = judge(identify(obs));
      expect([rows.get(ip)?.verdict, rows.get(ip)?.vendor], ip).toEqual([verdict, vendor]);
      expect(want.verdict, ip).toBe(verdict);
    }
    expect(rows.get('127.0.0.31')?.reason).toMatch(/conflicting evidence.*Cisco/);
  });

  it('the memo gives what identify() gives, for any observation', () => {
    const cache = new IdentifyCache();
    const kinds = [
      'text',
      'sysObjectID',
      'engineID',
      'enterprise',
      'snmpProbe',
      'mac',
      'usb',
      'software',
    ] as const;
    const values = [
      '1.3.6.1.4.1.2011',
      '1.3.6.1.4.1.39165.1.1.0',
      '2011',
      '00:e0:fc:01:02:03',
      '12d1',
      'Huawei',
      'WeChat',
      'Cisco',
    ];
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            kind: fc.constantFrom(...kinds),
            source: fc.constantFrom('snmp', 'agent'),
            field: fc.constantFrom('sysDescr', 'probe:1.3.6.1.4.1.2011', 'x'),
            value: fc.constantFrom(...values),
            probe: fc.option(fc.constantFrom(...values), { nil: undefined }),
            textClass: fc.option(
              fc.constantFrom('vendor', 'description', 'freetext') as fc.Arbitrary<'vendor'>,
              {
                nil: undefined,
              },
            ),
          }),
          { maxLength: 5 },
        ),
        (raw) => {
          const obs = raw.map((o) =>
            Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)),
          ) as unknown as Observation[];
          expect(cache.identify(obs)).toEqual(identify(obs));
        },
      ),
      { numRuns: 500 },
    );
  });
});
