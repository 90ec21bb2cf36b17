// What an ingest writes to an asset row (store.ts, ingestOne), on a real SQLite file. SQLite rewrites every
// index on a column a statement sets, and the assets table carries a dozen (the dashboard's sorts and filters):
// so a new asset is inserted once with its final columns, never inserted then updated, and a changed
// observation that leaves every column as it was (a package upgrade on a clear machine) moves only the
// row's last_seen. A change that does move a column is written, and the rows read back as before otherwise.
import type { Inventory } from '@coverscan/shared';
import { describe, expect, it } from 'vitest';
import { prepareFrame } from '../src/server/prepare-frame';
import type { Store } from '../src/store/store';
import { generateInventory } from './inventory-generator';
import { tempStores } from './temp-stores';

const stores = tempStores('asset-writes');
const fresh = () => stores().store;

const T = (h: number) => `2026-11-0${h}T10:00:00.000Z`;

/** The columns an ingest sets, last_seen aside: a statement setting any of them rewrites the indexes. */
const COLUMNS =
  'kind, ip, mac, hostname, vendor, model, serial, location, attached_to, agent_id, verdict, entity, ' +
  'entity_name, reason, lists, evidence, incomplete, judged_catalog, judged_policy';

/** Asset rows inserted, and updated with any column but last_seen set, while `write` runs. */
function rowWrites(store: Store, write: () => void): { inserted: number; updated: number } {
  store.db.exec(`CREATE TEMP TABLE IF NOT EXISTS writes (ins INTEGER, upd INTEGER);
    DELETE FROM writes; INSERT INTO writes VALUES (0, 0);
    CREATE TEMP TRIGGER IF NOT EXISTS count_inserts AFTER INSERT ON assets BEGIN UPDATE writes SET ins = ins + 1; END;
    CREATE TEMP TRIGGER IF NOT EXISTS count_updates AFTER UPDATE OF ${COLUMNS} ON assets
      BEGIN UPDATE writes SET upd = upd + 1; END;`);
  write();
  const r = store.db.prepare('SELECT ins, upd FROM writes').get() as { ins: number; upd: number };
  return { inserted: r.ins, updated: r.upd };
}

function report(store: Store, reportId: string, inventory: Inventory, at: string): void {
  const p = prepareFrame(
    JSON.stringify({ type: 'report', reportId, inventory }),
    'ag_w',
    store.identifyCache,
  );
  if (p.kind !== 'report') throw new Error(JSON.stringify(p));
  store.ingestReport('ag_w', p.reportId, null, p.drafts, p.version, at);
}

function enrolled(): Store {
  const store = fresh();
  store.db
    .prepare("INSERT INTO agents (id, node_key_hash, enrolled_at, last_seen) VALUES ('ag_w', 'x', ?, ?)")
    .run(T(1), T(1));
  return store;
}

const withoutLastSeen = (store: Store) => store.reportRows().map(({ lastSeen: _, ...r }) => r);

describe('an ingest writes an asset row', () => {
  it('once for a new asset, judged: inserted with its verdict, vendor and evidence, not updated after', () => {
    const store = enrolled();
    const w = rowWrites(store, () =>
      report(store, 'report-new-1', generateInventory(7, { huaweiPhone: true }), T(1)),
    );
    const rows = store.reportRows();
    expect(w).toEqual({ inserted: rows.length, updated: 0 });
    expect(rows.length).toBeGreaterThan(2);
    const phone = rows.find((r) => r.model === 'P30 Pro');
    expect(phone).toMatchObject({ verdict: 'covered', entity: 'huawei', kind: 'peripheral' });
    expect(phone?.evidence.some((e) => /12d1/i.test(JSON.stringify(e)))).toBe(true);
    expect(phone?.attachedTo).toBe(rows.find((r) => r.kind === 'endpoint')?.id);
    // Judged with the catalog and policy in use: nothing is left for a re-judging to redo.
    expect(store.settings.pending(store.judging)).toBe(0);
  });

  it('not at all when a changed report leaves its columns as they were; its sighting time still moves', () => {
    const store = enrolled();
    report(store, 'report-chg-1', generateInventory(8), T(1));
    const before = withoutLastSeen(store);
    const observations = store.db.prepare('SELECT count(*) FROM observations').pluck();
    const stored = observations.get() as number;
    // Three package upgrades: the endpoint's observation changes, none of its columns does.
    const w = rowWrites(store, () =>
      report(store, 'report-chg-2', generateInventory(8, { changed: 3 }), T(2)),
    );
    expect(w).toEqual({ inserted: 0, updated: 0 });
    expect(withoutLastSeen(store)).toEqual(before);
    expect(new Set(store.reportRows().map((r) => r.lastSeen))).toEqual(new Set([T(2)]));
    // The new inventory is kept (the endpoint's observation history), only the row was spared.
    expect(observations.get()).toBe(stored + 1);
  });

  it('in full when a column moves: a machine renamed', () => {
    const store = enrolled();
    report(store, 'report-mv-1', generateInventory(9), T(1));
    const inv = generateInventory(9, { changed: 3 });
    inv.host.hostname = 'renamed-9';
    const w = rowWrites(store, () => report(store, 'report-mv-2', inv, T(2)));
    // The machine's row, and each USB device's (its location names the machine).
    const rows = store.reportRows();
    expect(w).toEqual({ inserted: 0, updated: rows.length });
    expect(rows.find((r) => r.kind === 'endpoint')).toMatchObject({
      hostname: 'renamed-9',
      lastSeen: T(2),
      firstSeen: T(1),
    });
    const usb = rows.filter((r) => r.kind === 'peripheral');
    expect(usb.length).toBeGreaterThan(0);
    expect(usb.every((r) => r.location === 'USB on renamed-9')).toBe(true);
  });
});
