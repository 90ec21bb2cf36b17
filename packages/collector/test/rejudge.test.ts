// Re-judging stored verdicts when the catalog or the policy changes, on real SQLite files.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AssetDraft, type Inventory, shippedCatalog } from '@coverscan/shared';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compareVersions, loadCatalogData, parseBundle } from '../src/catalog/bundle';
import { prepareFrame } from '../src/server/prepare-frame';
import { migrations } from '../src/store/migrations';
import { compressPayload } from '../src/store/payload-codec';
import { Rejudger } from '../src/store/rejudge';
import { APPLICATION_ID, Store } from '../src/store/store';
import { verdictChangesSince } from '../src/store/verdict-changes';
import { raisedCatalog, withoutEntries, writeBundle } from './catalog-versions';
import { generateInventory } from './inventory-generator';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-rejudge-'));
let n = 0;
const opened: Store[] = [];
function fresh(): { store: Store; file: string } {
  const file = join(dir, `r${++n}.db`);
  const store = Store.open(file);
  opened.push(store);
  return { store, file };
}
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

/** An agent report through the server's own path (frame → prepared drafts → one transaction). */
function report(store: Store, agentId: string, inv: Inventory, reportId = `r-${agentId}-${++n}`): void {
  const p = prepareFrame(
    JSON.stringify({ type: 'report', reportId, inventory: inv }),
    agentId,
    store.identifyCache,
  );
  if (p.kind !== 'report') throw new Error(JSON.stringify(p));
  store.ingestReport(agentId, reportId, null, p.drafts, p.version);
}

/** A workstation with a DJI drone's remote controller on USB. */
const withDjiController = (seed: number) => generateInventory(seed, { software: 60, djiController: true });

const zteRouter: AssetDraft = {
  kind: 'network-device',
  ip: '127.0.0.81',
  mac: null,
  hostname: 'edge-1',
  vendor: null,
  model: 'ZXR10 2928E',
  serial: null,
  identities: [],
  observations: [
    { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.3902.3.100.11' },
    {
      kind: 'text',
      source: 'snmp',
      field: 'sysDescr',
      value: 'ZXR10 2928E Software Version V2.00',
      textClass: 'description',
    },
  ],
};

const row = (s: Store, name: string) => {
  const r = s.reportRows().find((x) => x.hostname === name || x.location === name);
  if (!r) throw new Error(`no asset ${name}`);
  return r;
};

/** Installs a catalog and re-judges everything due, as `coverscan catalog update` does. */
function update(s: Store, d: ReturnType<typeof raisedCatalog>) {
  const loaded = loadCatalogData(d);
  s.transaction(() => s.settings.install(loaded, s.useJudging()));
  s.useJudging();
  return { version: loaded.version, ...new Rejudger(s).runAll() };
}

describe('a new catalog re-judges what is stored', () => {
  it('the Covered List grows (DJI, 2025-12-22): stored assets are judged again, the change audited with both catalog versions and listed since the old one', () => {
    const { store: s } = fresh();
    // The catalog as it stood before the FCC added DJI and Autel.
    const before = update(s, raisedCatalog(1, withoutEntries('fcc-covered', ['dji', 'autel'])));
    report(s, 'ag_pilot', withDjiController(3));
    s.ingestAssets([zteRouter], { source: 'sweep' });
    expect(row(s, 'USB on ws-3')).toMatchObject({ verdict: 'review', entity: 'dji' });
    const zte = row(s, 'edge-1');
    expect(zte.verdict).toBe('covered');
    s.setFindingStatus(zte.findingId as number, 'accepted', 'ciso', 'isolated lab, waiver W-12');

    const after = update(s, raisedCatalog(2));
    expect(after.judged).toBe(s.counts().assets);
    expect(after.changed).toBe(1);
    const dji = row(s, 'USB on ws-3');
    expect(dji).toMatchObject({ verdict: 'covered', entity: 'dji', kind: 'peripheral' });
    expect(dji.vendor).toMatch(/\bDJI\b/);
    expect(dji.lists.map((l) => l.id)).toContain('fcc-covered');
    expect(dji.findingStatus).toBe('open');
    // Nothing moved for the router: same verdict, its accepted finding untouched.
    expect(row(s, 'edge-1')).toMatchObject({ verdict: 'covered', findingStatus: 'accepted' });

    const audit = s.auditLog().filter((e) => e.action === 'rejudged');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      assetId: dji.id,
      findingId: dji.findingId,
      from: 'review',
      to: 'covered',
      catalogFrom: before.version,
      catalogTo: after.version,
    });
    const since = verdictChangesSince(s.db, before.version);
    expect([...since.keys()]).toEqual([dji.id]);
    expect(since.get(dji.id)).toMatchObject({ from: { verdict: 'review' }, to: { verdict: 'covered' } });
    expect(verdictChangesSince(s.db, after.version).size).toBe(0);
    expect(verdictChangesSince(s.db, new Date().toISOString().slice(0, 10)).has(dji.id)).toBe(true);
    expect(() => verdictChangesSince(s.db, '1999-01-01.1/x')).toThrow(/no catalog .* was used/);
  });

  it('the catalog a verdict came from gives the same verdict, entity, lists and vendor again', () => {
    const { store: s } = fresh();
    for (let i = 0; i < 12; i++)
      report(s, `ag_${i}`, generateInventory(i, { software: 300, huaweiPhone: i % 3 === 0 }));
    report(s, 'ag_dji', withDjiController(40));
    s.ingestAssets([zteRouter], { source: 'sweep' });
    // The router's MAC, seen behind a switch: one asset from two sources.
    s.ingestAssets(
      [
        {
          kind: 'neighbor',
          ip: '127.0.0.81',
          mac: '00:19:c6:00:00:81',
          hostname: null,
          vendor: null,
          model: null,
          serial: null,
          identities: [{ type: 'ip', value: '127.0.0.81' }],
          observations: [
            { kind: 'mac', source: 'fdb', field: 'dot1dTpFdbAddress', value: '00:19:c6:00:00:81' },
          ],
          location: 'sw1, port 3',
        },
      ],
      { source: 'sweep' },
    );
    const snap = () =>
      s.reportRows().map((r) => [r.id, r.verdict, r.entity, r.vendor, r.lists.map((l) => l.id), r.reason]);
    const was = snap();
    expect(was.some((r) => r[1] === 'covered')).toBe(true);
    s.db.exec('UPDATE assets SET judged_catalog = NULL');
    const t = new Rejudger(s).runAll();
    expect(t.judged).toBe(was.length);
    expect(t.changed).toBe(0);
    expect(snap()).toEqual(was);
  });

  it('an update that is not newer, or does not validate, is refused and changes nothing', () => {
    const { store: s, file } = fresh();
    s.ingestAssets([zteRouter], { source: 'sweep' });
    const j = s.useJudging();
    expect(() => s.settings.install(loadCatalogData(raisedCatalog(0)), j)).toThrow(/in use already/);
    expect(() =>
      s.settings.install(
        loadCatalogData(
          raisedCatalog(0, (d) => Object.assign(d.lists as object, { version: '2020-01-01.1' })),
        ),
        j,
      ),
    ).toThrow(/older than the one in use/);
    // An entity the lists name but the entities file lacks: buildCatalog's own error, with its path.
    const broken = writeBundle(
      join(dir, 'broken.json'),
      raisedCatalog(1, (d) =>
        (d.lists as { lists: { entries: { entity: string }[] }[] }).lists[0].entries.push({
          ...(d.lists as { lists: { entries: object[] }[] }).lists[0].entries[0],
          entity: 'nobody',
        } as { entity: string }),
      ),
    );
    expect(() => parseBundle(readFileSync(broken, 'utf8'), broken)).toThrow(
      /broken\.json: .*unknown entity nobody/s,
    );
    expect(s.settings.list()).toHaveLength(1);
    expect(s.useJudging().version).toBe(shippedCatalog().version);
    expect(
      new Database(file, { readonly: true })
        .prepare("SELECT count(*) n FROM catalogs WHERE origin = 'installed'")
        .get(),
    ).toEqual({ n: 0 });
  });

  it('versions compare file by file', () => {
    expect(compareVersions('2026-11-23.2/2026-11-30.1', '2026-11-23.1/2026-11-30.1')).toBe('newer');
    expect(compareVersions('2026-11-23.10/a', '2026-11-23.9/a')).toBe('newer');
    expect(compareVersions('2026-12-01.1/2026-11-01.1', '2026-11-23.1/2026-11-30.1')).toBe('mixed');
    expect(compareVersions('2026-11-23.1', '2026-11-23.1')).toBe('same');
  });

  it('a database written before verdicts recorded their catalog (schema 2) is re-judged on first use', () => {
    // As the release before this one left it: a switch stored clear by a catalog that did not know
    // enterprise 2011, with the draft it was judged from.
    const file = join(dir, 'v2.db');
    const raw = new Database(file);
    raw.exec(migrations[0]);
    raw.exec(migrations[1]);
    raw.pragma('user_version = 2');
    raw.pragma(`application_id = ${APPLICATION_ID}`);
    const draft: AssetDraft = {
      kind: 'network-device',
      ip: '127.0.0.9',
      mac: null,
      hostname: 'core-sw',
      vendor: null,
      model: null,
      serial: null,
      identities: [],
      observations: [
        { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.2011.2.23.96' },
      ],
    };
    raw
      .prepare(
        `INSERT INTO assets (id, kind, ip, hostname, verdict, first_seen, last_seen)
         VALUES (1, 'network-device', '127.0.0.9', 'core-sw', 'clear', '2026-01-01', '2026-02-01')`,
      )
      .run();
    const { payload, codec } = compressPayload(JSON.stringify(draft));
    raw
      .prepare(
        `INSERT INTO observations (asset_id, source, source_key, at, hash, payload, codec)
         VALUES (1, 'sweep', 'sweep:direct', '2026-02-01', 'h', ?, ?)`,
      )
      .run(payload, codec);
    raw.close();

    const s = Store.open(file);
    opened.push(s);
    const r = new Rejudger(s);
    expect(r.due()).toBe(1);
    expect(r.runAll().changed).toBe(1);
    expect(row(s, 'core-sw')).toMatchObject({
      verdict: 'covered',
      entity: 'huawei',
      vendor: 'Huawei',
      lastSeen: '2026-02-01',
    });
    expect(s.auditLog()).toEqual([
      expect.objectContaining({
        action: 'rejudged',
        from: 'clear',
        to: 'covered',
        catalogFrom: null,
        catalogTo: shippedCatalog().version,
      }),
    ]);
    expect(r.due()).toBe(0);
  });
});

describe('the policy is a collector setting', () => {
  it('a store follows the policy another connection records, reading the settings only after such a commit', () => {
    const { store: serving, file } = fresh();
    const other = Store.open(file);
    opened.push(other);
    serving.followJudging(); // after the other's opening
    const reads = vi.spyOn(serving.settings, 'recorded');
    // Nothing committed elsewhere since: the settings are not read again (this runs before every ingest).
    report(serving, 'ag_a', generateInventory(5));
    expect(serving.followJudging()).toBe(false);
    expect(reads).not.toHaveBeenCalled();
    other.useJudging('in-force');
    expect(serving.followJudging()).toBe(true);
    expect(serving.judging.policyId).toBe('in-force');
    expect(reads).toHaveBeenCalled();
  });

  it('changing it re-judges stored verdicts, and ingest judges under it', () => {
    const { store: s } = fresh();
    const wechat = (seed: number) => {
      const inv = generateInventory(seed, { software: 40 });
      inv.software.push({ name: 'WeChat', version: '3.9.12', publisher: 'Tencent', source: 'registry' });
      return inv;
    };
    report(s, 'ag_a', wechat(5));
    expect(row(s, 'ws-5')).toMatchObject({ verdict: 'covered', entity: 'tencent' });
    s.useJudging('in-force');
    expect(new Rejudger(s).runAll().changed).toBe(1);
    expect(row(s, 'ws-5')).toMatchObject({ verdict: 'review', entity: 'tencent' });
    expect(s.auditLog().at(-1)).toMatchObject({
      from: 'covered',
      to: 'review',
      detail: { policy: { from: 'default', to: 'in-force' } },
    });
    // Kept in the database: the next command (without --policy) judges under it.
    s.close();
    const again = Store.open(s.db.name);
    opened.push(again);
    report(again, 'ag_b', wechat(6));
    expect(row(again, 'ws-6')).toMatchObject({ verdict: 'review' });
    expect(again.judging.policyId).toBe('in-force');
  });
});

describe('re-judging does not hold ingest up', () => {
  it('goes in short steps that leave the rest due; what is ingested meanwhile is judged with the new catalog', () => {
    const { store: s } = fresh();
    update(s, raisedCatalog(1, withoutEntries('fcc-covered', ['dji', 'autel'])));
    for (let i = 0; i < 30; i++) report(s, `ag_${i}`, withDjiController(100 + i));
    const loaded = loadCatalogData(raisedCatalog(2));
    s.transaction(() => s.settings.install(loaded, s.useJudging()));
    s.useJudging();
    const total = s.counts().assets;
    const r = new Rejudger(s);
    const first = r.step(0);
    expect(first.done).toBe(false);
    expect(first.judged).toBe(1);
    expect(r.due()).toBe(total - 1);
    // A report between two steps: judged with the new catalog at once, not due.
    report(s, 'ag_new', withDjiController(200));
    expect(row(s, 'USB on ws-200')).toMatchObject({ verdict: 'covered' });
    expect(r.due()).toBe(total - 1);
    let steps = 1;
    while (!r.step(0).done) steps++;
    expect(steps).toBeGreaterThan(1);
    expect(r.due()).toBe(0);
    expect(
      s
        .reportRows()
        .filter((x) => x.entity === 'dji')
        .map((x) => x.verdict),
    ).toEqual(Array(31).fill('covered'));
  });
});
