// The overview's counts kept on write (migration 12, overview_counts) against the counts the tables give when
// grouped whole, on real SQLite files, after every kind of write that moves a verdict, a finding or an
// observation: agent reports, sweeps with neighbors, a neighbor merged into an agent's machine, a report
// without the phone, a re-judge under a catalog that drops an entity, accept / remediate / reopen, pruning,
// and an older file migrated with its data in place.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalogData } from '../src/catalog/bundle';
import { maintainedCounts } from '../src/dashboard/overview-data';
import { prepareFrame } from '../src/server/prepare-frame';
import { migrations } from '../src/store/migrations';
import { pruneAssets } from '../src/store/prune';
import { Rejudger } from '../src/store/rejudge';
import { Store } from '../src/store/store';
import { raisedCatalog, withoutEntries } from './catalog-versions';
import { generateInventory, machineMac, neighborDraft, sweptDeviceDraft } from './inventory-generator';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-overview-counts-'));
let n = 0;
const opened: Store[] = [];
function open(file = join(dir, `o${++n}.db`)): Store {
  const store = Store.open(file);
  opened.push(store);
  return store;
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

/**
 * The same counts grouped over the whole tables (what the overview ran before migration 12, but for lists: that
 * query grouped by json_each's own `key` column, the entry's position, instead of the list id), shaped as
 * maintainedCounts returns them. A finding counts once per list even where it cites two entries of one list.
 */
function computedCounts(store: Store) {
  const db = store.db;
  const sort = (rows: { key: string; n: number }[]) =>
    rows.sort((a, b) => b.n - a.n || (a.key < b.key ? -1 : 1));
  return {
    verdicts: db
      .prepare(
        "SELECT verdict key, count(*) n FROM assets GROUP BY verdict ORDER BY CASE verdict WHEN 'covered' THEN 0 WHEN 'review' THEN 1 ELSE 2 END",
      )
      .all(),
    entities: db
      .prepare(
        `SELECT entity key, count(*) n, sum(verdict = 'covered') covered, sum(verdict = 'review') review
         FROM assets WHERE entity IS NOT NULL AND verdict IN ('covered', 'review') GROUP BY entity ORDER BY n DESC, key`,
      )
      .all(),
    lists: sort(
      db
        .prepare(
          `SELECT json_extract(l.value, '$.id') list_id, count(DISTINCT f.id) n FROM findings f, json_each(f.lists) l
           WHERE f.active = 1 AND f.status != 'remediated' GROUP BY list_id`,
        )
        .all()
        .map((r) => {
          const { list_id, n } = r as { list_id: string; n: number };
          return { key: list_id, n };
        }),
    ),
    sources: db
      .prepare('SELECT source key, count(DISTINCT asset_id) n FROM observations GROUP BY source ORDER BY key')
      .all(),
  };
}

function expectInStep(store: Store) {
  expect(maintainedCounts(store)).toEqual(computedCounts(store));
}

function report(store: Store, agentId: string, seed: number, o: Parameters<typeof generateInventory>[1]) {
  const reportId = `r-${agentId}-${++n}`;
  const p = prepareFrame(
    JSON.stringify({ type: 'report', reportId, inventory: generateInventory(seed, { software: 20, ...o }) }),
    agentId,
    store.identifyCache,
  );
  if (p.kind !== 'report') throw new Error(JSON.stringify(p));
  store.ingestReport(agentId, reportId, null, p.drafts, p.version);
}

const devices = [
  { oid: '1.3.6.1.4.1.2011.2.23.96', descr: 'Huawei Versatile Routing Platform Software S5720' },
  { oid: '1.3.6.1.4.1.3902.3.100.11', descr: 'ZXR10 2928E Software Version V2.00' },
  { oid: '1.3.6.1.4.1.9.1.2694', descr: 'Cisco IOS Software, C9300 Software' },
  { oid: '1.3.6.1.4.1.25506.1.1', descr: 'H3C Comware Platform Software' },
];

/** A sweep of `devices` switches, each with two neighbor MACs (one a Huawei OUI) and, for switch 0, `extraMac`. */
function sweep(store: Store, extraMac?: string) {
  store.ingestAssets(
    devices.flatMap((d, i) => {
      const ip = `127.0.9.${i + 1}`;
      const macs = [
        `00:e0:fc:00:09:${i}0`,
        `00:1b:54:00:09:${i}1`,
        ...(i === 0 && extraMac ? [extraMac] : []),
      ];
      return [
        sweptDeviceDraft(ip, `sw-${i}`, `3c:8c:40:00:09:0${i}`, d),
        ...macs.map((m, k) => neighborDraft(m, ip, `switch sw-${i} (${ip}), port Gi0/${k + 1} [fdb]`)),
      ];
    }),
    { source: 'sweep' },
  );
}

describe('the overview counts kept on write', () => {
  it('equal the counts over the whole tables after every kind of write', () => {
    const store = open();
    expectInStep(store);
    for (let i = 0; i < 6; i++) {
      report(store, `ag_${i}`, i, { huaweiPhone: i % 2 === 0, djiController: i === 1 });
      expectInStep(store);
    }
    const before = store.counts().assets;
    // The sweep sees agent 3's own NIC behind a switch port: the neighbor and the machine are one asset.
    sweep(store, machineMac(3));
    expectInStep(store);
    expect(store.counts().assets).toBeLessThan(before + devices.length * 3 + 1);
    // The phone unplugged from agent 0, agent 1's controller too; agent 2 reports the same again.
    report(store, 'ag_0', 0, { huaweiPhone: false });
    report(store, 'ag_1', 1, {});
    report(store, 'ag_2', 2, { huaweiPhone: true });
    expectInStep(store);

    // Decisions: accept one finding, remediate another, reopen the accepted one.
    const openIds = store.db.prepare("SELECT id FROM findings WHERE status = 'open' ORDER BY id").all() as {
      id: number;
    }[];
    expect(openIds.length).toBeGreaterThanOrEqual(3);
    store.setFindingStatus(openIds[0].id, 'accepted', 'tester', 'a lab device');
    expectInStep(store);
    store.setFindingStatus(openIds[1].id, 'remediated', 'tester', 'replaced');
    expectInStep(store);
    store.setFindingStatus(openIds[0].id, 'open', 'tester', 'back in use');
    store.setFindingStatus(openIds[1].id, 'open', 'tester', 'came back');
    expectInStep(store);
    store.setFindingStatus(openIds[2].id, 'remediated', 'tester', 'gone');
    expectInStep(store);

    // A catalog that no longer lists Huawei or ZTE on the FCC list: verdicts and findings' lists change.
    const loaded = loadCatalogData(raisedCatalog(1, withoutEntries('fcc-covered', ['huawei', 'zte'])));
    store.transaction(() => store.settings.install(loaded, store.useJudging()));
    store.useJudging();
    expect(new Rejudger(store).runAll().changed).toBeGreaterThan(0);
    expectInStep(store);

    // A later catalog that lists them again, then a sweep again (the findings come back).
    const back = loadCatalogData(raisedCatalog(2));
    store.transaction(() => store.settings.install(back, store.useJudging()));
    store.useJudging();
    expect(new Rejudger(store).runAll().changed).toBeGreaterThan(0);
    sweep(store);
    expectInStep(store);

    // Removal: a few assets pruned (with their findings and observations), then all of them.
    const few = store.db.prepare('SELECT id FROM assets ORDER BY id DESC LIMIT 5').all() as { id: number }[];
    store.transaction(() => {
      for (const a of few) store.db.prepare('DELETE FROM assets WHERE id = ?').run(a.id);
    });
    expectInStep(store);
    pruneAssets(store, '9999-01-01T00:00:00.000Z', { by: 'tester' });
    expect(store.counts().assets).toBe(0);
    expectInStep(store);
    expect(maintainedCounts(store)).toEqual({ verdicts: [], entities: [], lists: [], sources: [] });
  });

  it('are counted from the data in place when an older file is migrated', () => {
    const file = join(dir, `old${++n}.db`);
    const store = open(file);
    for (let i = 0; i < 4; i++) report(store, `ag_${i}`, i, { huaweiPhone: i !== 2 });
    sweep(store);
    const expected = computedCounts(store);
    expect(expected.lists.length).toBeGreaterThan(0);
    // Back to the version before migration 12, with every asset, finding and observation kept: first undo 13
    // (the stored last-seen it dropped comes back as migration 10 made it).
    store.db.exec('DROP INDEX agents_last_report');
    store.db.exec(migrations.find((m) => m.includes('ADD COLUMN seen_at')) ?? '');
    const v = migrations.indexOf(migrations.find((m) => m.includes('CREATE TABLE overview_counts')) ?? '');
    expect(v).toBeGreaterThan(0);
    for (const t of store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'overview_%'")
      .all() as { name: string }[])
      store.db.exec(`DROP TRIGGER ${t.name}`);
    store.db.exec('DROP TABLE overview_counts; DROP INDEX findings_first_seen');
    store.db.pragma(`user_version = ${v}`);
    store.close();
    opened.splice(opened.indexOf(store), 1);
    const reopened = open(file);
    expect(maintainedCounts(reopened)).toEqual(expected);
    report(reopened, 'ag_9', 9, { huaweiPhone: true });
    expectInStep(reopened);
  });
});
