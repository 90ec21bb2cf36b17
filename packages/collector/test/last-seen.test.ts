// An asset's last seen (last-seen.ts) on real SQLite files: after every kind of write that moves it — a stored
// inventory, an unchanged re-report (which writes no asset row), an inventory without the phone, a sweep, an
// agent removed — and the assets list sorted by it (two index walks merged, asset-list.ts) or filtered by
// `since`, page by page, agrees with the report rows.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assetsQuerySchema } from '@coverscan/shared';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { prepareFrame } from '../src/server/prepare-frame';
import { assetPage } from '../src/store/asset-list';
import { migrations } from '../src/store/migrations';
import { APPLICATION_ID, Store } from '../src/store/store';
import { generateInventory, sweptDeviceDraft } from './inventory-generator';

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

/** Every row the assets list gives for `q`, paged two at a time (so pages and cursors cross the two walks). */
function listAll(store: Store, q: Record<string, string>): [number, string][] {
  const out: [number, string][] = [];
  let cursor: string | null = null;
  do {
    const page = assetPage(
      store,
      assetsQuerySchema.parse({ ...q, limit: '2', ...(cursor ? { cursor } : {}) }),
    );
    out.push(...page.items.map((r): [number, string] => [r.id, r.lastSeen]));
    cursor = page.next;
  } while (cursor);
  return out;
}

/**
 * Sorted by last seen either way, and filtered by `since` under two sorts, the list holds what the report rows
 * say, ordered by (last seen, id). `since`: a time that splits the assets.
 */
function expectListAgrees(store: Store, since: string): void {
  const rows = store.reportRows().map((r): [number, string] => [r.id, r.lastSeen]);
  const asc = [...rows].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[0] - b[0]));
  expect(listAll(store, { sort: 'lastSeen' })).toEqual(asc);
  expect(listAll(store, { sort: 'lastSeen', order: 'desc' })).toEqual([...asc].reverse());
  const recent = asc.filter((r) => r[1] >= since);
  expect(recent.length).toBeGreaterThan(0);
  expect(recent.length).toBeLessThan(rows.length);
  expect(listAll(store, { sort: 'lastSeen', since })).toEqual(recent);
  expect(listAll(store, { sort: 'lastSeen', order: 'desc', since })).toEqual([...recent].reverse());
  expect(listAll(store, { since })).toEqual([...recent].sort((a, b) => a[0] - b[0]));
}

/** How many asset rows `write` updated (a temporary trigger counts them). */
function assetRowsUpdated(store: Store, write: () => void): number {
  store.db.exec(`CREATE TEMP TABLE IF NOT EXISTS updated (n INTEGER); DELETE FROM updated; INSERT INTO updated VALUES (0);
    CREATE TEMP TRIGGER IF NOT EXISTS count_updates AFTER UPDATE ON assets BEGIN UPDATE updated SET n = n + 1; END;`);
  write();
  return store.db.prepare('SELECT n FROM updated').pluck().get() as number;
}

function report(store: Store, agentId: string, reportId: string, phone: boolean, at: string, seed = 5): void {
  const frame = JSON.stringify({
    type: 'report',
    reportId,
    inventory: generateInventory(seed, { huaweiPhone: phone }),
  });
  const p = prepareFrame(frame, agentId, store.identifyCache);
  if (p.kind !== 'report') throw new Error(JSON.stringify(p));
  store.ingestReport(agentId, p.reportId, `digest-${reportId}`, p.drafts, p.version, at);
}

/** A ZTE router known by its sysObjectID alone. */
const router = sweptDeviceDraft('127.0.0.81', 'edge-81', null, { oid: '1.3.6.1.4.1.3902.3.100.11' });

const T = (d: number) => `2026-03-0${d}T00:00:00.000Z`;
const lastSeenByKind = (store: Store) =>
  Object.fromEntries(
    store
      .reportRows()
      .map((r) => [r.kind === 'peripheral' && r.verdict === 'covered' ? 'phone' : r.kind, r.lastSeen]),
  );

describe('last seen', () => {
  it('follows every write that moves it, and the assets list sorts and filters on it', () => {
    const store = fresh();
    store.db
      .prepare("INSERT INTO agents (id, node_key_hash, enrolled_at, last_seen) VALUES ('ag_s', 'x', ?, ?)")
      .run(T(1), T(1));
    report(store, 'ag_s', 'report-1', true, T(1));
    expect(lastSeenByKind(store).phone).toBe(T(1));

    // An unchanged re-report rewrites no asset row, yet every current asset was seen again.
    expect(assetRowsUpdated(store, () => store.touchReport('ag_s', 'report-2', null, T(2)))).toBe(0);
    expect(new Set(store.reportRows().map((r) => r.lastSeen))).toEqual(new Set([T(2)]));

    // The phone unplugged: the new inventory lacks it; it keeps the time it was last stored.
    report(store, 'ag_s', 'report-3', false, T(3));
    expect(lastSeenByKind(store)).toMatchObject({ phone: T(1), endpoint: T(3) });

    store.ingestAssets([router], { source: 'sweep', at: T(4) });
    store.ingestAssets([{ ...router, ip: '127.0.0.82', hostname: 'edge-82' }], { source: 'sweep', at: T(2) });
    expect(assetRowsUpdated(store, () => store.touchReport('ag_s', 'report-4', null, T(5)))).toBe(0);
    expect(lastSeenByKind(store)).toMatchObject({ phone: T(1), endpoint: T(5) });
    // Assets seen by the agent's reports, by a sweep, and in an old inventory: both walks of the list.
    expectListAgrees(store, T(4));
    expectListAgrees(store, T(2));

    // An agent removed: its assets are seen when they were stored.
    store.db.prepare("DELETE FROM agents WHERE id = 'ag_s'").run();
    expect(lastSeenByKind(store).endpoint).toBe(T(3));
    expectListAgrees(store, T(3));
  });

  it('sorts and filters a fleet right: several agents, sweeps and equal times, in any order of writes', () => {
    const store = fresh();
    // A fixed pseudo-random order of writes (Park–Miller, seeded), drawing from few times so that many tie.
    let x = 7;
    const rand = (n: number) => {
      x = (x * 48271) % 2147483647;
      return x % n;
    };
    const agents = ['ag_a', 'ag_b', 'ag_c', 'ag_d'];
    const insert = store.db.prepare(
      "INSERT INTO agents (id, node_key_hash, enrolled_at, last_seen) VALUES (?, 'x', ?, ?)",
    );
    for (const a of agents) insert.run(a, T(1), T(1));
    const last = new Map<string, number>();
    for (let step = 0; step < 24; step++) {
      const a = agents[rand(agents.length)];
      // Times only move forward per agent, as reports do; different agents may share one.
      const t = Math.min(9, Math.max(last.get(a) ?? 1, 1 + rand(9)));
      last.set(a, t);
      const what = rand(4);
      if (what === 0 || !store.db.prepare('SELECT inventory_at FROM agents WHERE id = ?').pluck().get(a))
        report(store, a, `report-${step}`, rand(2) === 0, T(t), 20 + agents.indexOf(a));
      else if (what === 1) store.touchReport(a, `report-${step}`, null, T(t));
      else
        store.ingestAssets([{ ...router, ip: `127.0.1.${rand(6)}`, hostname: `edge-${rand(6)}` }], {
          source: 'sweep',
          at: T(1 + rand(9)),
        });
    }
    const times = [...new Set(store.reportRows().map((r) => r.lastSeen))].sort();
    expect(times.length).toBeGreaterThan(3);
    for (const since of times.slice(1)) expectListAgrees(store, since);
  });

  it('is computed again for a database that stored it (version 12)', () => {
    const file = join(dir, 'v12.db');
    const raw = new Database(file);
    for (const m of migrations.slice(0, 12)) raw.exec(m);
    raw.pragma('user_version = 12');
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
    const columns = store.db.prepare("SELECT name FROM pragma_table_info('assets')").pluck().all();
    expect(columns).not.toContain('seen_at');
    expect(Object.fromEntries(store.reportRows().map((r) => [r.hostname, r.lastSeen]))).toEqual({
      current: '2026-02-09',
      unplugged: '2026-01-15',
      swept: '2026-01-20',
    });
    expectListAgrees(store, '2026-02-01');
  });
});
