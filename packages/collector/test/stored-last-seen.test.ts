// The stored effective last-seen (coalesce(assets.seen_at, last_seen), migration 10) on real SQLite files: after every kind of
// write that moves it — a stored inventory, an unchanged re-report, an inventory without the phone, a sweep,
// an agent removed — it equals what the agents join computes, and the assets list sorts and filters on it.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AssetDraft, assetsQuerySchema } from '@coverscan/shared';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareFrame } from '../src/server/prepare-frame';
import { assetPage } from '../src/store/asset-list';
import { COMPUTED_LAST_SEEN_SQL, LAST_SEEN_SQL } from '../src/store/last-seen';
import { migrations } from '../src/store/migrations';
import { APPLICATION_ID, Store } from '../src/store/store';
import { generateInventory } from './inventory-generator';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-seen-'));
let n = 0;
const opened: Store[] = [];
function fresh(): Store {
  const store = Store.open(join(dir, `s${++n}.db`));
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

/** Rows whose stored last-seen differs from the computed one (none, when the triggers do their job). */
function drift(store: Store): unknown[] {
  return store.db
    .prepare(
      `SELECT a.id, ${LAST_SEEN_SQL} stored, ${COMPUTED_LAST_SEEN_SQL} computed
       FROM assets a LEFT JOIN agents g ON g.id = a.agent_id WHERE ${LAST_SEEN_SQL} IS NOT (${COMPUTED_LAST_SEEN_SQL})`,
    )
    .all();
}

function report(store: Store, agentId: string, reportId: string, phone: boolean, at: string): void {
  const frame = JSON.stringify({
    type: 'report',
    reportId,
    inventory: generateInventory(5, { huaweiPhone: phone }),
  });
  const p = prepareFrame(frame, agentId, store.identifyCache);
  if (p.kind !== 'report') throw new Error(JSON.stringify(p));
  store.ingestReport(agentId, p.reportId, `digest-${reportId}`, p.drafts, p.version, at);
}

const router: AssetDraft = {
  kind: 'network-device',
  ip: '127.0.0.81',
  mac: null,
  hostname: 'edge-81',
  vendor: null,
  model: null,
  serial: null,
  identities: [],
  observations: [
    { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.3902.3.100.11' },
  ],
};

const T = (d: number) => `2026-03-0${d}T00:00:00.000Z`;
const lastSeenByKind = (store: Store) =>
  Object.fromEntries(
    store
      .reportRows()
      .map((r) => [r.kind === 'peripheral' && r.verdict === 'covered' ? 'phone' : r.kind, r.lastSeen]),
  );

describe('stored last-seen', () => {
  it('follows every write that moves it, in the same transaction', () => {
    const store = fresh();
    store.db
      .prepare("INSERT INTO agents (id, node_key_hash, enrolled_at, last_seen) VALUES ('ag_s', 'x', ?, ?)")
      .run(T(1), T(1));
    report(store, 'ag_s', 'report-1', true, T(1));
    expect(drift(store)).toEqual([]);
    expect(lastSeenByKind(store).phone).toBe(T(1));

    // An unchanged re-report rewrites no asset row, yet every current asset was seen again.
    store.touchReport('ag_s', 'report-2', null, T(2));
    expect(drift(store)).toEqual([]);
    expect(new Set(store.reportRows().map((r) => r.lastSeen))).toEqual(new Set([T(2)]));

    // The phone unplugged: the new inventory lacks it; it keeps the time it was last stored.
    report(store, 'ag_s', 'report-3', false, T(3));
    expect(drift(store)).toEqual([]);
    expect(lastSeenByKind(store)).toMatchObject({ phone: T(1), endpoint: T(3) });

    store.ingestAssets([router], { source: 'sweep', at: T(4) });
    store.touchReport('ag_s', 'report-4', null, T(5));
    expect(drift(store)).toEqual([]);
    expect(lastSeenByKind(store)).toMatchObject({ phone: T(1), endpoint: T(5), 'network-device': T(4) });

    // Sorted and filtered on the stored column: the same answer as the computed one.
    const page = (q: Record<string, string>) =>
      assetPage(store, assetsQuerySchema.parse(q)).items.map((r) => [r.id, r.lastSeen]);
    const computed = store.db
      .prepare(
        `SELECT a.id, ${COMPUTED_LAST_SEEN_SQL} seen FROM assets a LEFT JOIN agents g ON g.id = a.agent_id
         ORDER BY seen DESC, a.id DESC`,
      )
      .all() as { id: number; seen: string }[];
    expect(page({ sort: 'lastSeen', order: 'desc' })).toEqual(computed.map((r) => [r.id, r.seen]));
    expect(page({ since: T(4) })).toEqual(
      computed
        .filter((r) => r.seen >= T(4))
        .sort((a, b) => a.id - b.id)
        .map((r) => [r.id, r.seen]),
    );
    expect(page({ since: T(4) }).length).toBeLessThan(computed.length);

    // An agent removed: its assets are seen when they were stored.
    store.db.prepare("DELETE FROM agents WHERE id = 'ag_s'").run();
    expect(drift(store)).toEqual([]);
    expect(lastSeenByKind(store).endpoint).toBe(T(3));
  });

  it('is filled in for a database of version 9', () => {
    const file = join(dir, 'v9.db');
    const raw = new Database(file);
    for (const m of migrations.slice(0, 9)) raw.exec(m);
    raw.pragma('user_version = 9');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    raw.exec(`INSERT INTO agents (id, node_key_hash, enrolled_at, last_seen, last_report, inventory_hash, inventory_at)
                VALUES ('ag_9', 'x', '2026-01-01', '2026-02-09', '2026-02-09', 'digest', '2026-02-01');
              INSERT INTO assets (kind, hostname, agent_id, first_seen, last_seen) VALUES
                ('endpoint', 'current', 'ag_9', '2026-01-01', '2026-02-01'),
                ('peripheral', 'unplugged', 'ag_9', '2026-01-01', '2026-01-15'),
                ('network-device', 'swept', NULL, '2026-01-01', '2026-01-20');`);
    raw.close();
    const store = Store.open(file);
    opened.push(store);
    expect(drift(store)).toEqual([]);
    expect(Object.fromEntries(store.reportRows().map((r) => [r.hostname, r.lastSeen]))).toEqual({
      current: '2026-02-09',
      unplugged: '2026-01-15',
      swept: '2026-01-20',
    });
  });
});
