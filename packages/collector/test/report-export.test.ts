// The full JSON export (/api/report) against a real server and SQLite file: written page by page from the
// stored JSON columns with what comes from other rows fetched per page, it must say of every asset exactly
// what the per-asset endpoint says, including the columns taken from other rows: an agent's peripheral is
// at its workstation's site, and an asset shows its latest identity conflict. The dashboard's export of the
// assets table (/assets.json) is the same export over the table's filter: the same assets, the same rows.
import { mkdtempSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { type AssetDraft, assetDetailSchema, assetRowSchema } from '@coverscan/shared';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountDashboard } from '../src/dashboard/dashboard';
import { prepareFrame } from '../src/server/prepare-frame';
import { type RunningServer, startServer } from '../src/server/server';
import { reportPageRows } from '../src/store/report-page-rows';
import { reportPageJson } from '../src/store/report-row-json';
import { addSite } from '../src/store/sites';
import { Store } from '../src/store/store';
import { grantToken } from './api-auth';
import { generateInventory } from './inventory-generator';

let store: Store;
let srv: RunningServer;
let auth: { authorization: string };

// A ZTE router (IANA enterprise 3902 in sysObjectID) and a Cisco switch (9), swept.
const swept = (ip: string, oid: string, name: string): AssetDraft => ({
  kind: 'network-device',
  ip,
  mac: null,
  hostname: name,
  vendor: null,
  model: null,
  serial: null,
  identities: [{ type: 'ip', value: ip }],
  observations: [{ kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: oid }],
});

beforeAll(async () => {
  store = Store.open(join(mkdtempSync(join(tmpdir(), 'coverscan-export-')), 'export.db'));
  auth = grantToken(store);
  store.ingestAssets(
    [
      swept('127.0.0.31', '1.3.6.1.4.1.3902.3.100.11', 'edge-zte'),
      swept('127.0.0.32', '1.3.6.1.4.1.9.1.2694', 'core'),
    ],
    { source: 'sweep', at: '2026-11-01T10:00:00.000Z' },
  );
  for (const [agentId, seed] of [
    ['ag_export1', 21],
    ['ag_export2', 22],
  ] as const) {
    store.db
      .prepare("INSERT INTO agents (id, node_key_hash, enrolled_at, last_seen) VALUES (?, 'x', ?, ?)")
      .run(agentId, '2026-11-01T00:00:00.000Z', '2026-11-01T00:00:00.000Z');
    const frame = JSON.stringify({
      type: 'report',
      reportId: `export-${agentId}`,
      inventory: generateInventory(seed, { huaweiPhone: true }),
    });
    const p = prepareFrame(frame, agentId, store.identifyCache);
    if (p.kind !== 'report') throw new Error(JSON.stringify(p));
    store.ingestReport(agentId, p.reportId, null, p.drafts, p.version, '2026-11-02T10:00:00.000Z');
  }
  const log = pino({ level: 'silent' });
  srv = await startServer({
    store,
    log,
    host: '127.0.0.1',
    port: 0,
    mountWeb: mountDashboard({ store, log, sweeps: null }),
  });
});
afterAll(async () => {
  await srv?.close();
  store?.close();
});

async function getJson(path: string): Promise<unknown> {
  const res = await fetch(`${srv.httpUrl}${path}`, { headers: auth });
  expect(res.status, path).toBe(200);
  return res.json();
}

describe('the full JSON export', () => {
  it("writes a page as chunks under V8's large-object size that join to the page's rows", () => {
    // One string per 500-row page was mapped and unmapped on its own, and so was the Buffer written from it.
    const big = Store.open(join(mkdtempSync(join(tmpdir(), 'coverscan-chunks-')), 'chunks.db'));
    try {
      big.ingestAssets(
        Array.from({ length: 400 }, (_, i) =>
          swept(`127.0.${1 + (i >> 8)}.${i & 255}`, '1.3.6.1.4.1.3902.3.100.11', `zte-${i}`),
        ),
        { source: 'sweep', at: '2026-11-01T10:00:00.000Z' },
      );
      const page = big.storedReportPage({}, null);
      expect(page.raw).toHaveLength(400);
      const chunks = reportPageJson(page.ctx, page.raw, page.extras);
      expect(chunks.length).toBeGreaterThan(2);
      for (const c of chunks) expect(c.length).toBeLessThan(128 * 1024);
      const rows = reportPageRows(page.ctx, page.raw, page.extras);
      expect(JSON.parse(`[${chunks.join(',')}]`)).toEqual(JSON.parse(JSON.stringify(rows)));
      // No site is defined: no asset is at one.
      expect(rows.every((r) => r.site === null && r.verdict === 'covered')).toBe(true);
    } finally {
      big.close();
    }
  });

  it('says of every asset what the per-asset endpoint says, site and identity conflict included', async () => {
    const endpoint = store.db
      .prepare("SELECT ip FROM assets WHERE agent_id = 'ag_export1' AND kind = 'endpoint'")
      .get() as { ip: string };
    addSite(store.db, 'branch-7', [`${endpoint.ip}/32`], '2026-11-03T00:00:00.000Z');
    const router = store.db.prepare("SELECT id FROM assets WHERE hostname = 'edge-zte'").get() as {
      id: number;
    };
    const conflict = store.db.prepare(
      `INSERT INTO audit_log (at, finding_id, asset_id, action, by, why) VALUES (?, NULL, ?, 'identity_conflict', 'collector', ?)`,
    );
    conflict.run('2026-11-03T00:00:00.000Z', router.id, 'agent ag_x claimed serial S1 of this router');
    conflict.run('2026-11-04T00:00:00.000Z', router.id, 'agent ag_y claimed serial S1 of this router');

    const rows = (await getJson('/api/report')) as { id: number; [k: string]: unknown }[];
    const total = (store.db.prepare('SELECT count(*) n FROM assets').get() as { n: number }).n;
    expect(rows).toHaveLength(total);
    for (const r of rows) {
      assetRowSchema.parse(r);
      const d = assetDetailSchema.parse(await getJson(`/api/assets/${r.id}`));
      expect(r, `asset ${r.id}`).toEqual(d.asset);
    }

    // What the page-wide lookups must have found: both agents' phones, each at its workstation's site.
    const phones = rows.filter((r) => r.kind === 'peripheral' && r.entity === 'huawei');
    expect(phones.map((p) => p.agentId).sort()).toEqual(['ag_export1', 'ag_export2']);
    expect(phones.find((p) => p.agentId === 'ag_export1')?.site).toBe('branch-7');
    expect(phones.find((p) => p.agentId === 'ag_export2')?.site).toBeNull();
    expect(rows.filter((r) => r.agentId === 'ag_export1').every((r) => r.site === 'branch-7')).toBe(true);
    expect(rows.find((r) => r.id === router.id)?.identityConflict).toBe(
      'agent ag_y claimed serial S1 of this router',
    );
    expect(rows.filter((r) => r.identityConflict !== null)).toHaveLength(1);
    // Flagged first, then by id, as the report has always been ordered.
    const rank: Record<string, number> = { covered: 0, review: 1, clear: 2 };
    const ordered = [...rows].sort(
      (a, b) => rank[a.verdict as string] - rank[b.verdict as string] || a.id - b.id,
    );
    expect(rows.map((r) => r.id)).toEqual(ordered.map((r) => r.id));
    expect(rows.find((r) => r.id === router.id)).toMatchObject({ verdict: 'covered', entity: 'zte' });
  });

  it('with a site filter, holds exactly the assets of that site', async () => {
    const rows = (await getJson('/api/report?site=branch-7')) as { agentId: string | null; site: string }[];
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.every((r) => r.site === 'branch-7' && r.agentId === 'ag_export1')).toBe(true);
  });
});

type Row = { id: number; verdict: string; entity: string | null; kind: string; site: string | null };
const byId = (rows: Row[]) => [...rows].sort((a, b) => a.id - b.id);

describe("the dashboard's export of the assets table", () => {
  it('gives the same assets, row for row, as the API export for the same filter', async () => {
    const pairs = [
      ['/assets.json', '/api/report'],
      ['/assets.json?verdict=covered', '/api/report?only=covered'],
      ['/assets.json?verdict=flagged', '/api/report?only=flagged'],
      ['/assets.json?site=branch-7', '/api/report?site=branch-7'],
    ];
    for (const [dashboard, api] of pairs) {
      const fromApi = (await getJson(api)) as Row[];
      expect(fromApi.length, api).toBeGreaterThan(0);
      expect(byId((await getJson(dashboard)) as Row[]), dashboard).toEqual(byId(fromApi));
    }
  });

  it('holds exactly the assets of the filter, in the order the table asked for', async () => {
    const all = (await getJson('/api/report')) as Row[];
    const want = all.filter((r) => r.verdict === 'clear' && r.kind === 'peripheral').map((r) => r.id);
    // Some of each: the filter must have left assets out and kept some.
    expect(want.length).toBeGreaterThan(1);
    expect(want.length).toBeLessThan(all.length);
    const got = (await getJson('/assets.json?verdict=clear&kind=peripheral&order=desc')) as Row[];
    expect(got.map((r) => r.id)).toEqual([...want].sort((a, b) => b - a));
    // And a filter nothing matches is an empty array, not an error.
    expect(await getJson('/assets.json?q=no-such-host-anywhere')).toEqual([]);
  });

  it('refuses a bad filter before it starts writing', async () => {
    const res = await fetch(`${srv.httpUrl}/assets.json?subnet=not-a-range`, { headers: auth });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/subnet/);
  });
});

/** The raw answer (no decoding), asking with this Accept-Encoding. */
function rawGet(
  path: string,
  acceptEncoding: string,
): Promise<{ encoding?: string; connection?: string; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(`${srv.httpUrl}${path}`, { headers: { ...auth, 'accept-encoding': acceptEncoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          encoding: res.headers['content-encoding'],
          connection: res.headers.connection,
          body: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

describe('the exports, compressed', () => {
  it('are gzip when the client takes it, and decode to the very bytes sent uncompressed', async () => {
    for (const path of ['/api/report', '/assets.json?verdict=flagged', '/api/report.csv']) {
      const plain = await rawGet(path, 'identity');
      expect(plain.encoding, path).toBeUndefined();
      const zipped = await rawGet(path, 'br;q=1.0, gzip;q=0.8');
      expect(zipped.encoding, path).toBe('gzip');
      expect(zipped.body.length, path).toBeLessThan(plain.body.length);
      expect(gunzipSync(zipped.body).equals(plain.body), path).toBe(true);
      // A long download is not followed by another request on its connection (asset-export.ts says why).
      expect(zipped.connection, path).toBe('close');
    }
    // gzip;q=0 refuses it (RFC 9110).
    expect((await rawGet('/api/report', 'gzip;q=0')).encoding).toBeUndefined();
  });
});
