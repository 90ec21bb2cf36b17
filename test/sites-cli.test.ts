// Sites (issue 16, first slice) as a user runs them: `coverscan site add|list|remove` on a real SQLite
// file through the built CLI, refused input (bad CIDR, overlap, taken or unknown name) with exit 2 and a
// message naming the problem; then every report row carries its site — swept devices by their own IP
// (real SNMP on loopback against snmpsim), an agent's endpoint and its USB phone by the agent's IP — and
// `report --site` and `/api/report?site=` return that site's assets only.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherPack } from '../packages/collector/src/pack/data';
import { Store } from '../packages/collector/src/store/store';
import { type Sim, startSnmpsim } from '../packages/sweep/test/sweep-sim';
import { reportPhoneFrom } from './agent-harness';
import { coverscan, serve, stop } from './collector-process';

const port = 17661;
let sim: Sim;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coverscan-sites-'));
  sim = await startSnmpsim(
    [
      { address: '127.88.66.1', file: 'huawei-switch.snmprec' },
      { address: '127.88.66.2', file: 'cisco-switch.snmprec' },
      { address: '127.88.66.9', file: 'hikvision-camera.snmprec' },
    ],
    port,
  );
});
afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Row {
  id: number;
  ip: string | null;
  kind: string;
  agentId: string | null;
  attachedTo: number | null;
  site: string | null;
}
const reportJson = (db: string, ...args: string[]) => {
  const r = coverscan(['report', '--db', db, '--format', 'json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Row[];
};

describe('coverscan site', () => {
  it('adds, lists and removes sites; refuses bad CIDRs, overlaps, taken and unknown names', () => {
    const db = join(dir, 'admin.db');
    const add = coverscan(['site', 'add', 'paris', '10.20.0.0/16', '2001:db8:20::/48', '--db', db]);
    expect(add.code, add.stderr).toBe(0);
    // Host bits are dropped: the range is what the user meant, written as its network.
    expect(coverscan(['site', 'add', 'lyon', '10.30.4.7/24', '--db', db]).code).toBe(0);

    const list = () => {
      const r = coverscan(['site', 'list', '--db', db, '--format', 'json']);
      expect(r.code, r.stderr).toBe(0);
      return (JSON.parse(r.stdout) as { name: string; ranges: string[] }[]).map(({ name, ranges }) => ({
        name,
        ranges,
      }));
    };
    expect(list()).toEqual([
      { name: 'lyon', ranges: ['10.30.4.0/24'] },
      { name: 'paris', ranges: ['10.20.0.0/16', '2001:db8:20::/48'] },
    ]);

    const refused = (args: string[], message: RegExp) => {
      const r = coverscan([...args, '--db', db]);
      expect(r.code, `${args.join(' ')}: ${r.stdout}`).toBe(2);
      expect(r.stderr).toMatch(message);
    };
    refused(['site', 'add', 'nice', '10.40.0.0/33'], /"10\.40\.0\.0\/33" is not a CIDR/);
    refused(['site', 'add', 'nice', 'ten.forty'], /"ten\.forty" is not a CIDR/);
    // Inside paris's /16, and one enclosing lyon's /24: a range belongs to one site.
    refused(
      ['site', 'add', 'nice', '10.20.5.0/24'],
      /10\.20\.5\.0\/24 overlaps 10\.20\.0\.0\/16 of site paris/,
    );
    refused(
      ['site', 'add', 'nice', '10.30.0.0/16'],
      /10\.30\.0\.0\/16 overlaps 10\.30\.4\.0\/24 of site lyon/,
    );
    refused(['site', 'add', 'nice', '2001:db8::/32'], /overlaps 2001:db8:20::\/48 of site paris/);
    refused(['site', 'add', 'paris', '10.50.0.0/16'], /a site named paris exists already/);
    refused(['site', 'remove', 'nice'], /no site named nice; sites: lyon, paris/);
    // Nothing refused was stored, not even the first of several ranges.
    refused(['site', 'add', 'nice', '10.60.0.0/16', '10.20.0.0/24'], /overlaps/);
    expect(list().map((s) => s.name)).toEqual(['lyon', 'paris']);

    const csv = coverscan(['site', 'list', '--db', db, '--format', 'csv']).stdout.trimEnd().split('\n');
    expect(csv[0]).toBe('name,ranges,createdAt');
    expect(csv[2]).toMatch(/^paris,10\.20\.0\.0\/16 2001:db8:20::\/48,/);

    expect(coverscan(['site', 'remove', 'paris', '--db', db]).code).toBe(0);
    expect(list()).toEqual([{ name: 'lyon', ranges: ['10.30.4.0/24'] }]);
    // Its ranges are free again.
    expect(coverscan(['site', 'add', 'nice', '10.20.5.0/24', '--db', db]).code).toBe(0);
  });
});

describe('assets carry their site', () => {
  it('a swept device by its IP, an agent endpoint and its peripheral by the agent IP; report and API filter', async () => {
    const db = join(dir, 'assets.db');
    expect(coverscan(['site', 'add', 'core', '127.88.66.0/29', '--db', db]).code).toBe(0);
    expect(coverscan(['site', 'add', 'branch', '127.77.40.0/24', '--db', db]).code).toBe(0);
    const sweep = coverscan(
      ['sweep', '127.88.66.1-127.88.66.9', '--snmp-port', String(port), '--timeout', '500', '--db', db],
      { COVERSCAN_DB: '' },
    );
    expect(sweep.code, sweep.stderr).toBe(0);

    const secret = coverscan(['enroll', 'create', '--db', db]).stdout.trim();
    const c = await serve(db);
    try {
      // This machine's inventory, seen at a branch address, with a Huawei phone on USB.
      reportPhoneFrom(c.url, join(dir, 'agent-state'), secret, 'report-site-0001', '127.77.40.10');

      const api = async (query: string) => {
        const res = await fetch(`${c.httpUrl}/api/report${query}`, { headers: c.auth() });
        return { status: res.status, body: (await res.json()) as Row[] & { error?: string } };
      };
      const branch = await api('?site=branch');
      expect(branch.status).toBe(200);
      expect(branch.body.map((r) => r.kind).sort()).toEqual(['endpoint', 'peripheral']);
      const unknown = await api('?site=nowhere');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error).toMatch(/no site named nowhere/);
      const flaggedCore = await api('?site=core&only=covered');
      expect(flaggedCore.body.map((r) => r.ip)).toEqual(['127.88.66.1']);
    } finally {
      await stop(c);
    }

    const rows = reportJson(db);
    const byIp = (ip: string) => rows.find((r) => r.ip === ip && r.kind === 'network-device');
    expect(byIp('127.88.66.1')?.site).toBe('core');
    expect(byIp('127.88.66.2')?.site).toBe('core');
    // The camera answered, outside every range: no site.
    const camera = rows.find((r) => r.ip === '127.88.66.9');
    expect(camera).toBeDefined();
    expect(camera?.site).toBeNull();
    const endpoint = rows.find((r) => r.kind === 'endpoint');
    expect(endpoint).toMatchObject({ ip: '127.77.40.10', site: 'branch' });
    // The phone has no IP of its own: it is where its agent is.
    const phone = rows.find((r) => r.kind === 'peripheral' && r.attachedTo === endpoint?.id);
    expect(phone).toMatchObject({ ip: null, site: 'branch' });
    // Every row has the key, null or a site.
    for (const r of rows) expect(r).toHaveProperty('site');

    const core = reportJson(db, '--site', 'core');
    expect(core.length).toBeGreaterThan(0);
    expect(core.every((r) => r.site === 'core')).toBe(true);
    expect(core.map((r) => r.id).sort()).toEqual(
      rows
        .filter((r) => r.site === 'core')
        .map((r) => r.id)
        .sort(),
    );
    const unknown = coverscan(['report', '--db', db, '--site', 'nowhere']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no site named nowhere; sites: branch, core/);

    // CSV: site is the last column, after why; the table has a site column.
    const csv = coverscan(['report', '--db', db, '--format', 'csv', '--site', 'branch']).stdout;
    const header = csv.split('\n')[0].split(',');
    expect(header.slice(-2)).toEqual(['why', 'site']);
    expect(csv.trimEnd().split('\n').slice(1)).toHaveLength(2);
    for (const line of csv.trimEnd().split('\n').slice(1)) expect(line.endsWith(',branch')).toBe(true);
    expect(coverscan(['report', '--db', db]).stdout.split('\n')[0]).toMatch(/\bsite\s*$/);

    // A removed site leaves its assets without one.
    expect(coverscan(['site', 'remove', 'branch', '--db', db]).code).toBe(0);
    expect(reportJson(db).find((r) => r.kind === 'endpoint')?.site).toBeNull();
  }, 120_000);

  it('an agent enrolled for a site: its endpoint, peripheral and finding are that site’s, over its IP’s', async () => {
    const db = join(dir, 'enrolled.db');
    expect(coverscan(['site', 'add', 'hq', '127.77.50.0/24', '--db', db]).code).toBe(0);
    expect(coverscan(['site', 'add', 'field', '127.77.60.0/24', '--db', db]).code).toBe(0);
    const secret = coverscan(['enroll', 'create', '--site', 'field', '--db', db]).stdout.trim();
    const kinds = (rows: Row[]) => rows.map((r) => r.kind).sort();
    const c = await serve(db);
    try {
      // Reporting from an address in hq's range (a laptop on the HQ VPN, say): the operator said field.
      reportPhoneFrom(c.url, join(dir, 'agent-enrolled'), secret, 'report-enrolled-01', '127.77.50.10');
      const get = async <T>(path: string) => {
        const res = await fetch(`${c.httpUrl}${path}`, { headers: c.auth() });
        expect(res.status, path).toBe(200);
        return (await res.json()) as T;
      };
      expect(kinds(await get<Row[]>('/api/report?site=field'))).toEqual(['endpoint', 'peripheral']);
      expect(await get<Row[]>('/api/report?site=hq')).toEqual([]);
      const assets = await get<{ items: Row[] }>('/api/assets?site=field');
      expect(kinds(assets.items)).toEqual(['endpoint', 'peripheral']);
      type Findings = { items: { asset: { kind: string } }[] };
      const findings = await get<Findings>('/api/findings?site=field');
      expect(findings.items.map((f) => f.asset.kind)).toEqual(['peripheral']);
      expect((await get<Findings>('/api/findings?site=hq')).items).toEqual([]);
      const unknown = await fetch(`${c.httpUrl}/api/findings?site=nowhere`, { headers: c.auth() });
      expect(unknown.status).toBe(400);
    } finally {
      await stop(c);
    }

    const rows = reportJson(db);
    expect(rows.map((r) => [r.kind, r.site]).sort()).toEqual([
      ['endpoint', 'field'],
      ['peripheral', 'field'],
    ]);
    expect(rows.find((r) => r.kind === 'endpoint')?.ip).toBe('127.77.50.10');
    expect(kinds(reportJson(db, '--site', 'field'))).toEqual(['endpoint', 'peripheral']);
    expect(reportJson(db, '--site', 'hq')).toEqual([]);

    const findings = (site: string) => {
      const r = coverscan(['findings', 'list', '--db', db, '--format', 'json', '--site', site]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { assetId: number; site: string }[];
    };
    expect(findings('field').map((f) => f.site)).toEqual(['field']);
    expect(findings('hq')).toEqual([]);
    const unknownSite = coverscan(['findings', 'list', '--db', db, '--site', 'nowhere']);
    expect(unknownSite.code).toBe(2);
    expect(unknownSite.stderr).toMatch(/no site named nowhere/);

    // The evidence pack of a site holds the agent and its flagged phone.
    const s = Store.open(db);
    try {
      const field = gatherPack(s, { site: 'field' });
      expect(field.items.map((i) => i.asset.kind)).toEqual(['peripheral']);
      expect(field.agents.map((a) => a.site)).toEqual(['field']);
      const hq = gatherPack(s, { site: 'hq' });
      expect(hq.items).toEqual([]);
      expect(hq.agents).toEqual([]);
    } finally {
      s.close();
    }
  }, 120_000);

  it('/api/report?site= streams valid JSON when the first pages hold no asset of the site', async () => {
    const db = join(dir, 'pages.db');
    const s = Store.open(db);
    const draft = (ip: string) => ({
      kind: 'network-device' as const,
      ip,
      mac: null,
      hostname: null,
      vendor: null,
      model: null,
      serial: null,
      identities: [{ type: 'ip' as const, value: ip }],
      observations: [],
    });
    // 5,000 assets elsewhere come first in report order, then one at the site.
    const others = Array.from({ length: 5000 }, (_, i) => draft(`127.90.${i >> 8}.${i & 255}`));
    s.ingestAssets(others, { source: 'sweep', sweepId: s.startSweep(['127.90.0.0/16'], {}) });
    s.ingestAssets([draft('127.91.0.5')], { source: 'sweep', sweepId: s.startSweep(['127.91.0.5'], {}) });
    s.close();
    expect(coverscan(['site', 'add', 'lab', '127.91.0.0/24', '--db', db]).code).toBe(0);
    const c = await serve(db);
    try {
      const res = await fetch(`${c.httpUrl}/api/report?site=lab`, { headers: c.auth() });
      expect(res.status).toBe(200);
      const rows = JSON.parse(await res.text()) as Row[];
      expect(rows.map((r) => [r.ip, r.site])).toEqual([['127.91.0.5', 'lab']]);
      const all = JSON.parse(
        await (await fetch(`${c.httpUrl}/api/report`, { headers: c.auth() })).text(),
      ) as Row[];
      expect(all).toHaveLength(5001);
    } finally {
      await stop(c);
    }
  }, 120_000);
});
