// The HTTP API against a real server and SQLite file: authentication on every endpoint, sessions with
// CSRF, rate-limited login, API tokens made and revoked by the CLI, 400 for every bad parameter, and the
// data endpoints over assets stored through the real ingest path (a swept Huawei switch whose bridge
// table shows a Hikvision camera, moved between two sweeps from one port to another).
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type AssetDraft,
  agentSchema,
  assetDetailSchema,
  assetsPageSchema,
  findingDecisionResultSchema,
  findingDetailSchema,
  findingsPageSchema,
  sessionSchema,
  sweepsPageSchema,
  whereSchema,
} from '@coverscan/shared';
import { neighborAssets } from '@coverscan/sweep/neighbor-assets';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server';
import { Store } from '../src/store/store';
import { setUserPassword } from '../src/store/users';
import { hashPassword } from '../src/web/password-hash';
import { grantToken } from './api-auth';

const cli = join(import.meta.dirname, '../dist/coverscan.js');
const dir = mkdtempSync(join(tmpdir(), 'coverscan-api-'));
const dbFile = join(dir, 'api.db');
let store: Store;
let srv: RunningServer;
let auth: { authorization: string };
const PASSWORD = 'a long enough test password';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: JSON answers are checked field by field in the tests.
  json: any;
}

/** One HTTP request from a chosen loopback address (the login limits count per address). */
function call(
  method: string,
  path: string,
  o: { headers?: Record<string, string>; body?: unknown; form?: Record<string, string>; from?: string } = {},
): Promise<Answer> {
  const body =
    o.form !== undefined
      ? new URLSearchParams(o.form).toString()
      : o.body !== undefined
        ? JSON.stringify(o.body)
        : null;
  const headers: Record<string, string> = { ...o.headers };
  if (body !== null)
    headers['content-type'] = o.form ? 'application/x-www-form-urlencoded' : 'application/json';
  return new Promise((resolve, reject) => {
    const req = request(
      // A fresh connection each time: the token test blocks this process (spawnSync) past keep-alive.
      {
        host: '127.0.0.1',
        port: srv.port,
        method,
        path,
        headers,
        localAddress: o.from ?? '127.0.0.1',
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => {
          text += d;
        });
        res.on('end', () => {
          let json: unknown = null;
          try {
            json = JSON.parse(text);
          } catch {}
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

const get = (path: string, headers = auth) => call('GET', path, { headers });

async function login(user: string, password: string, from?: string) {
  const r = await call('POST', '/api/login', { body: { user, password }, from });
  const cookie = String(r.headers['set-cookie'] ?? '').split(';')[0];
  return { r, cookie, csrf: r.json?.csrfToken as string | undefined };
}

/** What a sweep of 127.0.0.2 (a Huawei switch) stores: the device and its bridge table's neighbors. */
function sweepDrafts(cameraPort: string, vlan: string): AssetDraft[] {
  const sw = { ip: '127.0.0.2', name: 'core-sw1' };
  const neighbors = neighborAssets([
    {
      sw,
      sightings: [
        // Hikvision's IEEE-registered OUI C0-56-E3, learned on an access port.
        {
          mac: 'C056E3A1B2C3',
          ip: null,
          via: 'fdb',
          port: cameraPort,
          remotePort: null,
          vlan,
          hostname: null,
          texts: [],
        },
        // A Dell laptop on another port.
        {
          mac: 'B07B25112233',
          ip: null,
          via: 'fdb',
          port: 'Gi0/9',
          remotePort: null,
          vlan: '10',
          hostname: null,
          texts: [],
        },
      ],
    },
  ]);
  const device: AssetDraft = {
    kind: 'network-device',
    ip: '127.0.0.2',
    mac: null,
    hostname: 'core-sw1',
    vendor: null,
    model: null,
    serial: null,
    identities: [{ type: 'ip', value: '127.0.0.2' }],
    // Huawei's IANA enterprise number (2011) in sysObjectID, as its switches report it.
    observations: [
      { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.2011.2.23.96' },
    ],
  };
  return [device, ...neighbors.drafts];
}

let cameraId: number;
let cameraFinding: number;

beforeAll(async () => {
  store = Store.open(dbFile);
  setUserPassword(store.db, 'admin', await hashPassword(PASSWORD), new Date().toISOString());
  setUserPassword(store.db, 'victim', await hashPassword(PASSWORD), new Date().toISOString());
  auth = grantToken(store);
  const first = store.startSweep(['127.0.0.2'], {});
  store.ingestAssets(sweepDrafts('Gi0/5', '10'), {
    source: 'sweep',
    sweepId: first,
    at: '2026-11-01T10:00:00.000Z',
  });
  store.finishSweep(first, { responders: 1 });
  const second = store.startSweep(['127.0.0.2'], {});
  store.ingestAssets(sweepDrafts('Gi0/7', '20'), {
    source: 'sweep',
    sweepId: second,
    at: '2026-11-20T10:00:00.000Z',
  });
  store.finishSweep(second, { responders: 1 });
  const cam = store.db.prepare("SELECT id FROM assets WHERE mac LIKE 'c0:56:e3%'").get() as { id: number };
  cameraId = cam.id;
  cameraFinding = (
    store.db.prepare('SELECT id FROM findings WHERE asset_id = ?').get(cameraId) as { id: number }
  ).id;
  srv = await startServer({
    store,
    log: pino({ level: 'silent' }),
    host: '127.0.0.1',
    port: 0,
    // Small limits, so the test reaches them: 5 failures per address, 3 per user name, hardly refilled.
    loginLimits: { addressBurst: 5, addressRate: 0.001, userBurst: 3, userRate: 0.001 },
  });
});
afterAll(async () => {
  await srv?.close();
  store?.close();
});

/** Every endpoint with a request that would succeed with credentials. */
const endpoints: [string, string][] = [
  ['GET', '/api'],
  ['GET', '/api/health'],
  ['GET', '/api/report'],
  ['GET', '/api/report.csv'],
  ['GET', '/api/session'],
  ['POST', '/api/logout'],
  ['GET', '/api/assets'],
  ['GET', '/api/assets/1'],
  ['GET', '/api/where?mac=c0:56:e3:a1:b2:c3'],
  ['GET', '/api/findings'],
  ['GET', '/api/findings/1'],
  ['POST', '/api/findings/1/accept'],
  ['POST', '/api/findings/1/remediate'],
  ['POST', '/api/findings/1/reopen'],
  ['GET', '/api/sweeps'],
  ['GET', '/api/sweeps/1'],
  ['GET', '/api/agents'],
  ['GET', '/api/catalog'],
  ['GET', '/api/catalog/entities/huawei'],
  ['GET', '/metrics'],
];

describe('authentication', () => {
  it('refuses every endpoint without credentials (401, no data), loopback included; /healthz answers', async () => {
    const before = store.auditLog().length;
    for (const [method, path] of endpoints) {
      const r = await call(method, path, method === 'POST' ? { body: { why: 'no one may do this' } } : {});
      expect(r.status, `${method} ${path}`).toBe(401);
      expect(Object.keys(r.json), `${method} ${path}`).toEqual(['error']);
      expect(r.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    // A wrong token and a made-up cookie are no credentials either.
    expect((await get('/api/assets', { authorization: 'Bearer cst_not-a-token' })).status).toBe(401);
    expect(
      (await call('GET', '/api/assets', { headers: { cookie: 'coverscan_session=forged' } })).status,
    ).toBe(401);
    expect(store.auditLog()).toHaveLength(before);
    const live = await call('GET', '/healthz');
    expect(live.status).toBe(200);
    expect(live.json).toEqual({ ok: true });
  });

  it('the same endpoints answer with a token', async () => {
    for (const [, path] of endpoints.filter(([m]) => m === 'GET'))
      expect((await get(path)).status, path).toBe(200);
  });

  it('logs in with the right password only; the cookie is HttpOnly and SameSite=Strict; logout ends it', async () => {
    const wrong = await login('admin', 'not the password');
    expect(wrong.r.status).toBe(401);
    expect(wrong.r.headers['set-cookie']).toBeUndefined();
    const unknown = await login('nobody', PASSWORD);
    expect(unknown.r.status).toBe(401);
    expect(unknown.r.json.error).toBe(wrong.r.json.error);
    const { r, cookie, csrf } = await login('admin', PASSWORD);
    expect(r.status).toBe(200);
    const flags = String(r.headers['set-cookie']).split('; ');
    expect(flags).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(flags).not.toContain('Secure'); // plain http here; tls.test.ts checks Secure under TLS
    const session = await get('/api/session', { cookie } as never);
    sessionSchema.parse(session.json);
    expect(session.json).toMatchObject({ user: 'admin', via: 'session', csrfToken: csrf });
    expect((await get('/api/assets', { cookie } as never)).status).toBe(200);
    // The stored session is a digest: the cookie's value is nowhere in the file.
    const id = cookie.split('=')[1];
    expect(store.db.prepare('SELECT count(*) n FROM sessions WHERE id_hash = ?').get(id)).toEqual({ n: 0 });
    const out = await call('POST', '/api/logout', { headers: { cookie, 'x-csrf-token': csrf as string } });
    expect(out.status).toBe(200);
    expect((await get('/api/assets', { cookie } as never)).status).toBe(401);
  });

  it('rate-limits failed logins per address, then per user name from any address', async () => {
    // Five failures from one address (different names): the sixth attempt from there is refused…
    for (let i = 0; i < 5; i++) expect((await login(`guess${i}`, 'x', '127.0.0.50')).r.status).toBe(401);
    const blocked = await login('admin', PASSWORD, '127.0.0.50');
    expect(blocked.r.status).toBe(429);
    expect(Number(blocked.r.headers['retry-after'])).toBeGreaterThan(0);
    // …while another address still logs in.
    expect((await login('admin', PASSWORD, '127.0.0.51')).r.status).toBe(200);
    // Three wrong passwords for one user, each from a new address: then even the right one waits.
    for (let i = 0; i < 3; i++)
      expect((await login('victim', 'wrong', `127.0.0.${60 + i}`)).r.status).toBe(401);
    const locked = await login('victim', PASSWORD, '127.0.0.70');
    expect(locked.r.status).toBe(429);
    expect(locked.cookie).toBe('');
    const metrics = await get('/metrics');
    expect(metrics.text).toMatch(/^coverscan_login_refused_total [1-9]\d*$/m);
  });
});

describe('CSRF', () => {
  it('a state change with the session cookie needs the session token and this origin (403 otherwise)', async () => {
    const { cookie, csrf } = await login('admin', PASSWORD, '127.0.0.80');
    const path = `/api/findings/${cameraFinding}/remediate`;
    const body = { why: 'camera replaced by an Axis unit, ticket CHG-1042' };
    const before = store.auditLog(cameraFinding).length;
    const missing = await call('POST', path, { headers: { cookie }, body });
    expect(missing.status).toBe(403);
    expect(missing.json.error).toMatch(/missing CSRF token/);
    const wrong = await call('POST', path, { headers: { cookie, 'x-csrf-token': `${csrf}x` }, body });
    expect(wrong.status).toBe(403);
    const foreign = await call('POST', path, {
      headers: { cookie, 'x-csrf-token': csrf as string, origin: 'http://attacker.example' },
      body,
    });
    expect(foreign.status).toBe(403);
    expect(store.auditLog(cameraFinding)).toHaveLength(before);
    // The token in a form field (the dashboard's forms), from this origin: accepted.
    const own = `http://127.0.0.1:${srv.port}`;
    const ok = await call('POST', path, {
      headers: { cookie, origin: own },
      form: { _csrf: csrf as string, why: body.why },
    });
    expect(ok.status).toBe(200);
    expect(ok.json.finding.status).toBe('remediated');
    expect(ok.json.finding.statusBy).toBe('admin');
  });
});

describe('findings', () => {
  it('accepting needs a justification; the decision is in the finding history with who and when', async () => {
    const path = `/api/findings/${cameraFinding}/accept`;
    const none = await call('POST', path, { headers: auth, body: {} });
    expect(none.status).toBe(400);
    expect(none.json.error).toMatch(/why/);
    expect((await call('POST', path, { headers: auth, body: { why: '   ' } })).status).toBe(400);
    const why = 'isolated lab VLAN 20, waiver W-12 until 2027-03-31';
    const t0 = new Date().toISOString();
    const r = await call('POST', path, { headers: auth, body: { why } });
    expect(r.status).toBe(200);
    findingDecisionResultSchema.parse(r.json);
    const f = findingDetailSchema.parse((await get(`/api/findings/${cameraFinding}`)).json);
    expect(f.status).toBe('accepted');
    const last = f.history.at(-1) as (typeof f.history)[number];
    expect(last).toMatchObject({ action: 'status', to: 'accepted', why });
    expect(last.by).toMatch(/^admin \(token #\d+ tests\)$/);
    expect(last.at >= t0).toBe(true);
    // The asset page shows the same history, and the worklist filters by status.
    const detail = (await get(`/api/assets/${cameraId}`)).json;
    expect(detail.findings[0].history.at(-1).why).toBe(why);
    const accepted = findingsPageSchema
      .parse((await get('/api/findings?status=accepted')).json)
      .items.map((x) => x.id);
    expect(accepted).toContain(cameraFinding);
    expect(
      (await get('/api/findings?status=open')).json.items.map((x: { id: number }) => x.id),
    ).not.toContain(cameraFinding);
    // Reopened, with its reason: open again.
    const reopen = await call('POST', `/api/findings/${cameraFinding}/reopen`, {
      headers: auth,
      body: { why: 'waiver withdrawn' },
    });
    expect(reopen.json.finding.status).toBe('open');
    expect(reopen.json.was.status).toBe('accepted');
    expect(
      (await call('POST', '/api/findings/999999/accept', { headers: auth, body: { why: 'x' } })).status,
    ).toBe(404);
    expect(
      (await call('POST', `/api/findings/${cameraFinding}/delete`, { headers: auth, body: { why: 'x' } }))
        .status,
    ).toBe(404);
  });
});

describe('tokens (coverscan token create|list|revoke)', () => {
  it('a created token works as Bearer until revoked; only its digest is stored', () => {
    const run = (args: string[]) =>
      spawnSync(process.execPath, [cli, ...args, '--db', dbFile], { encoding: 'utf8' });
    const made = run(['token', 'create', '--label', 'nightly export']);
    expect(made.status, made.stderr).toBe(0);
    const token = /^\s+(cst_\S+)$/m.exec(made.stdout)?.[1] as string;
    const id = /token #(\d+)/.exec(made.stdout)?.[1] as string;
    expect(token).toBeTruthy();
    const rows = store.db.prepare('SELECT token_hash h FROM api_tokens').all() as { h: string }[];
    expect(rows.some((r) => r.h.includes(token) || token.includes(r.h))).toBe(false);
    const listed = JSON.parse(run(['token', 'list', '--json']).stdout) as { id: number; label: string }[];
    expect(listed.find((t) => t.id === Number(id))?.label).toBe('nightly export');
    expect(JSON.stringify(listed)).not.toContain(token);
    return (async () => {
      expect((await get('/api/assets', { authorization: `Bearer ${token}` })).status).toBe(200);
      expect(run(['token', 'revoke', id]).status).toBe(0);
      expect((await get('/api/assets', { authorization: `Bearer ${token}` })).status).toBe(401);
      expect(run(['token', 'revoke', id]).status).not.toBe(0);
    })();
  }, 30_000);
});

describe('bad parameters', () => {
  const bad: [string, RegExp][] = [
    ['/api/assets?verdict=purple', /verdict/],
    ['/api/assets?entity=Not%20An%20Id', /entity/],
    ['/api/assets?list=no-such-list', /list/],
    ['/api/assets?kind=toaster', /kind/],
    ['/api/assets?source=rumour', /source/],
    ['/api/assets?site=nowhere', /site/],
    ['/api/assets?subnet=10.0.0.300/8', /subnet/],
    ['/api/assets?since=yesterday', /since/],
    ['/api/assets?q=', /q/],
    ['/api/assets?sort=colour', /sort/],
    ['/api/assets?order=sideways', /order/],
    ['/api/assets?limit=0', /limit/],
    ['/api/assets?limit=5000', /limit/],
    ['/api/assets?limit=ten', /limit/],
    ['/api/assets?cursor=!!', /cursor/],
    ['/api/assets?cursor=bm90LWEtY3Vyc29y', /cursor/],
    ['/api/assets?verdict=covered&verdict=review', /verdict/],
    ['/api/assets?colour=red', /colour/],
    ['/api/assets/abc', /id/],
    ['/api/findings?status=maybe', /status/],
    ['/api/findings?verdict=clear', /verdict/],
    ['/api/findings?inactive=perhaps', /inactive/],
    ['/api/findings?cursor=__', /cursor/],
    ['/api/findings/0', /id/],
    ['/api/where', /mac or ip/],
    ['/api/where?mac=zz:zz', /mac/],
    ['/api/where?ip=999.1.1.1', /ip/],
    ['/api/where?mac=c0:56:e3:a1:b2:c3&ip=127.0.0.2', /mac or ip/],
    ['/api/sweeps?limit=-1', /limit/],
    ['/api/sweeps?cursor=abc', /cursor/],
    ['/api/sweeps/x', /id/],
    ['/api/agents?state=sleeping', /state/],
    ['/api/report?only=bogus', /only/],
  ];
  it.each(bad)('GET %s → 400 naming the parameter', async (path, names) => {
    const r = await get(path);
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(names);
  });
  it('a body that is not JSON, or a login without its fields, is a 400', async () => {
    const r = await call('POST', `/api/findings/${cameraFinding}/accept`, {
      headers: { ...auth, 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400); // empty body: no `why`
    const login = await call('POST', '/api/login', { body: { user: 'admin' } });
    expect(login.status).toBe(400);
    expect(login.json.error).toMatch(/password/);
  });
});

describe('assets', () => {
  type Row = {
    id: number;
    verdict: string;
    entity: string | null;
    mac: string | null;
    kind: string;
    hostname: string | null;
  };
  const all = async (query: string) => {
    const out: Row[] = [];
    let next: string | null = null;
    do {
      const r = await get(`/api/assets?${query}&limit=1${next ? `&cursor=${next}` : ''}`);
      expect(r.status).toBe(200);
      out.push(...r.json.items);
      next = r.json.next;
    } while (next);
    return out;
  };

  it('filters by verdict, entity, kind, source, subnet, text and time', async () => {
    // The switch names itself by Huawei's enterprise number (covered); the camera only by its MAC's
    // registrant, which the catalog weighs as a review.
    const covered = assetsPageSchema.parse((await get('/api/assets?verdict=covered')).json).items;
    expect(covered.map((r) => r.entity)).toEqual(['huawei']);
    expect((await get('/api/assets?verdict=review')).json.items.map((r: Row) => r.id)).toEqual([cameraId]);
    const flagged = (await get('/api/assets?verdict=flagged')).json.items as Row[];
    expect(flagged.map((r) => r.entity).sort()).toEqual(['hikvision', 'huawei']);
    expect((await get('/api/assets?verdict=clear')).json.items.map((r: Row) => r.mac)).toEqual([
      'b0:7b:25:11:22:33',
    ]);
    expect((await get('/api/assets?entity=hikvision')).json.items.map((r: Row) => r.id)).toEqual([cameraId]);
    expect((await get('/api/assets?kind=network-device')).json.items.map((r: Row) => r.hostname)).toEqual([
      'core-sw1',
    ]);
    expect((await get('/api/assets?source=agent')).json.items).toEqual([]);
    expect((await get('/api/assets?source=sweep')).json.items).toHaveLength(3);
    expect((await get('/api/assets?subnet=127.0.0.0/24')).json.items.map((r: Row) => r.hostname)).toEqual([
      'core-sw1',
    ]);
    expect((await get('/api/assets?subnet=10.0.0.0/8')).json.items).toEqual([]);
    // A MAC written another way than it is stored.
    expect((await get('/api/assets?q=C056.E3A1')).json.items.map((r: Row) => r.id)).toEqual([cameraId]);
    expect((await get('/api/assets?q=CORE-SW')).json.items.map((r: Row) => r.hostname)).toEqual(['core-sw1']);
    expect((await get('/api/assets?q=100%25')).json.items).toEqual([]);
    expect((await get('/api/assets?since=2099-01-01')).json.items).toEqual([]);
    expect((await get('/api/assets?since=2026-01-01')).json.items).toHaveLength(3);
    const fcc = store.judging.catalog.lists.find((l) => l.entries.some((e) => e.entity === 'hikvision'))
      ?.id as string;
    expect((await get(`/api/assets?list=${fcc}`)).json.items.map((r: Row) => r.entity)).toContain(
      'hikvision',
    );
  });

  it('pages with a cursor through every asset once, in the order asked for', async () => {
    const ids = (store.db.prepare('SELECT id FROM assets').all() as { id: number }[]).map((r) => r.id);
    for (const sort of ['id', 'verdict', 'hostname', 'lastSeen', 'firstSeen', 'ip', 'vendor'])
      for (const order of ['asc', 'desc']) {
        const rows = await all(`sort=${sort}&order=${order}`);
        expect(rows.map((r) => r.id).sort(), `${sort} ${order}`).toEqual([...ids].sort());
      }
    const byVerdict = (await all('sort=verdict')).map((r) => r.verdict);
    const rank = { covered: 0, review: 1, clear: 2 } as Record<string, number>;
    expect(byVerdict).toEqual([...byVerdict].sort((a, b) => rank[a] - rank[b]));
    const byName = (await all('sort=hostname&order=desc')).map((r) => r.hostname ?? '');
    expect(byName).toEqual([...byName].sort().reverse());
  });

  it("shows an asset's evidence, its sightings latest first, and where a MAC was seen", async () => {
    const d = assetDetailSchema.parse((await get(`/api/assets/${cameraId}`)).json);
    expect(d.asset).toMatchObject({ verdict: 'review', entity: 'hikvision', mac: 'c0:56:e3:a1:b2:c3' });
    expect(d.asset.evidence.length).toBeGreaterThan(0);
    expect(d.asset.lists.length).toBeGreaterThan(0);
    expect(d.sightings.map((s) => [s.port, s.vlan])).toEqual([
      ['Gi0/7', '20'],
      ['Gi0/5', '10'],
    ]);
    expect(d.sightings[0]).toMatchObject({
      switchIp: '127.0.0.2',
      switchName: 'core-sw1',
      via: 'fdb',
      role: 'switch',
    });
    expect(d.observations.map((o) => o.at)).toEqual(['2026-11-20T10:00:00.000Z', '2026-11-01T10:00:00.000Z']);
    expect((await get('/api/assets/999999')).status).toBe(404);
    for (const mac of ['c0-56-e3-a1-b2-c3', 'C056.E3A1.B2C3', 'c056e3a1b2c3']) {
      const w = whereSchema.parse((await get(`/api/where?mac=${mac}`)).json);
      expect(
        w.assets.map((a) => a.id),
        mac,
      ).toEqual([cameraId]);
      expect(
        w.sightings.map((s) => s.port),
        mac,
      ).toEqual(['Gi0/7', 'Gi0/5']);
    }
    expect((await get('/api/where?ip=127.0.0.2')).json.assets[0].hostname).toBe('core-sw1');
    // The switch lists what hangs off it.
    const sw = (await get('/api/assets?kind=network-device')).json.items[0];
    const swDetail = (await get(`/api/assets/${sw.id}`)).json;
    expect(swDetail.attached.map((a: { id: number }) => a.id)).toContain(cameraId);
  });
});

describe('sweeps, agents, catalog, metrics', () => {
  it('lists sweeps newest first with their targets and status', async () => {
    const s = sweepsPageSchema.parse((await get('/api/sweeps')).json);
    expect(s.items.map((x) => x.status)).toEqual(['done', 'done']);
    expect(s.items[0].id).toBeGreaterThan(s.items[1].id);
    // The second sweep changed one asset's observation: the camera moved ports; the rest was as before.
    expect(s.items[1].assetsChanged).toBe(3);
    expect(s.items[0]).toMatchObject({
      targets: ['127.0.0.2'],
      counters: { responders: 1 },
      assetsChanged: 1,
    });
  });

  it('lists agents with stale and revoked states', async () => {
    const secret = store.createEnrollSecret('api').secret;
    const a = store.enroll(secret, 'ws-17', '0.1.0');
    const b = store.enroll(secret, 'ws-18', '0.1.0');
    if (!a.ok || !b.ok) throw new Error('enroll failed');
    store.revokeAgent(b.agentId);
    store.db.prepare("UPDATE agents SET last_seen = '2020-01-01T00:00:00.000Z' WHERE id = ?").run(a.agentId);
    const agents = agentSchema.array().parse((await get('/api/agents')).json);
    expect(agents.find((x) => x.id === a.agentId)?.state).toBe('stale');
    expect(agents.find((x) => x.id === b.agentId)?.state).toBe('revoked');
    expect((await get('/api/agents?state=revoked')).json.map((x: { id: string }) => x.id)).toEqual([
      b.agentId,
    ]);
  });

  it('shows the catalog: lists and entities with sources and dates, identifiers per entity', async () => {
    const c = (await get('/api/catalog')).json;
    expect(c.version).toBe(store.judging.version);
    const huawei = c.entities.find((e: { id: string }) => e.id === 'huawei');
    expect(huawei).toMatchObject({
      relation: 'listed',
      source: expect.any(String),
      updated: expect.any(String),
    });
    expect(c.lists.every((l: { source: string; updated: string }) => l.source && l.updated)).toBe(true);
    const e = (await get('/api/catalog/entities/huawei')).json;
    const pen = e.identifiers.find(
      (i: { type: string; value: string }) => i.type === 'enterprise' && i.value === '2011',
    );
    expect(pen).toMatchObject({
      added: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      sourceUrl: expect.stringMatching(/^https?:/),
    });
    expect((await get('/api/catalog/entities/acme')).status).toBe(404);
  });

  it('/metrics is Prometheus text: findings by verdict and entity, assets, sweeps', async () => {
    const m = await get('/metrics');
    expect(m.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const lines = m.text.trimEnd().split('\n');
    // Every line is a comment or `name{labels} value`.
    for (const l of lines) expect(l).toMatch(/^(# (HELP|TYPE) \w+ .+|\w+(\{[^}]*\})? -?\d+(\.\d+)?)$/);
    const findings = store.db
      .prepare(
        "SELECT count(*) n FROM findings WHERE active = 1 AND entity = 'hikvision' AND verdict = 'covered'",
      )
      .get() as { n: number };
    const hik = lines.filter((l) => l.startsWith('coverscan_findings{verdict="covered",entity="hikvision"'));
    expect(hik.reduce((n, l) => n + Number(l.split(' ').pop()), 0)).toBe(findings.n);
    expect(m.text).toMatch(/^coverscan_sweeps\{status="done"\} 2$/m);
    expect(m.text).toMatch(/^coverscan_agents_connected 0$/m);
  });
});

describe('routing', () => {
  it('answers 405 with Allow for a known path and a wrong method, 404 for an unknown path', async () => {
    const r = await call('DELETE', '/api/assets', { headers: auth });
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe('GET');
    expect((await get('/api/nothing-here')).status).toBe(404);
  });
});
