// Hostile peers against the ingest server (issue 11): strangers that never authenticate, oversized and
// deeply nested frames, an agent that floods its connection, guessed enrollment secrets, revocation by
// another process. Real port, real WebSocket clients, a real SQLite file, the built CLI's report worker.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeCodes, MAX_HELLO_BYTES } from '@coverscan/shared';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type RunningServer, startServer } from '../src/server/server';
import { Store } from '../src/store/store';
import { grantToken } from './api-auth';
import { generateInventory, reportFrame } from './inventory-generator';
import { connect, hello, type TestClient } from './ws-client';

const cli = join(import.meta.dirname, '../dist/coverscan.js');
const dir = mkdtempSync(join(tmpdir(), 'coverscan-guards-'));
const dbFile = join(dir, 'c.db');
let store: Store;
/** An API token's header: the HTTP API answers no one without one (loopback included). */
let auth: { authorization: string };
let srv: RunningServer;
let secret: string;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  store = Store.open(dbFile);
  secret = store.createEnrollSecret('tests').secret;
  auth = grantToken(store);
  const log = pino({ level: 'info' }, { write: (s: string) => void logLines.push(JSON.parse(s)) });
  srv = await startServer({
    store,
    log,
    host: '127.0.0.1',
    port: 0,
    rate: 1000,
    burst: 1000,
    workers: 1,
    workerScript: cli,
    helloTimeoutMs: 400,
    httpHeadersTimeoutMs: 500,
    enrollGuard: { burst: 5, perSecond: 0.1, summaryMs: 300 },
    revocationPollMs: 200,
  });
});
afterAll(async () => {
  await srv.close();
  store.close();
});

const health = async () =>
  (await (await fetch(`${srv.httpUrl}/api/health`, { headers: auth })).json()) as {
    ingest: Record<string, number>;
    guards: Record<string, number>;
  };

async function enrolled(
  url = srv.url,
  s = secret,
): Promise<{ c: TestClient; agentId: string; nodeKey: string }> {
  const c = await connect(url);
  c.send(hello({ enrollSecret: s }));
  const w = await c.next();
  if (w.type !== 'welcome' || !w.nodeKey) throw new Error(`expected welcome, got ${JSON.stringify(w)}`);
  return { c, agentId: w.agentId, nodeKey: w.nodeKey };
}

let seq = 0;
const rid = () => `guard-${Date.now()}-${++seq}`;
/** `[[[…]]]` inside a report: ~1.5 s for JSON.parse at this depth, 2 MB on the wire. */
const nested = (depth: number) =>
  `{"type":"report","reportId":"${rid()}","inventory":{"software":${'['.repeat(depth)}${']'.repeat(depth)}}}`;

/** Milliseconds from sending a legitimate report to its ack. */
async function ackLatency(c: TestClient, seed: number): Promise<number> {
  const reportId = rid();
  const t0 = performance.now();
  c.send({ type: 'report', reportId, inventory: generateInventory(seed) });
  expect(await c.next(20_000)).toEqual({ type: 'ack', reportId });
  return performance.now() - t0;
}

describe('before authentication only a small hello is read', () => {
  it('a frame over the hello limit closes 1009 from its header; nothing reaches the worker', async () => {
    const before = (await health()).guards.oversizeBeforeHello;
    const c = await connect(srv.url);
    const t0 = performance.now();
    c.sendRaw('x'.repeat(MAX_HELLO_BYTES + 1));
    expect((await c.closed).code).toBe(1009);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect((await health()).guards.oversizeBeforeHello).toBe(before + 1);
  });

  it('strangers sending deeply nested 2 MB frames do not delay an agent', async () => {
    const agent = await enrolled();
    await ackLatency(agent.c, 2999); // warms the report worker up (it loads the catalog first)
    const stop = { now: false };
    // Built once: the flooders share this process with the collector, so they must cost it little.
    const frame = Buffer.from(nested(1_000_000));
    // Three strangers, each sending nested frames over and over on fresh connections.
    const floods = Array.from({ length: 3 }, async () => {
      let sent = 0;
      while (!stop.now) {
        const s = await connect(srv.url).catch(() => null);
        if (!s) continue;
        s.ws.send(frame, { binary: false });
        sent++;
        await Promise.race([s.closed, new Promise((r) => setTimeout(r, 3000))]);
        s.ws.terminate();
      }
      return sent;
    });
    await new Promise((r) => setTimeout(r, 300));
    const latencies: number[] = [];
    for (let i = 0; i < 5; i++) latencies.push(await ackLatency(agent.c, 3000 + i));
    stop.now = true;
    expect(Math.min(...(await Promise.all(floods)))).toBeGreaterThan(0);
    agent.c.close();
    // Before, the agent's ack waited behind the strangers' parses for tens of seconds.
    expect(Math.max(...latencies)).toBeLessThan(3000);
  });
});

describe('an authenticated connection', () => {
  it('a report nested deeper than any message is refused before it is parsed', async () => {
    const { c } = await enrolled();
    const t0 = performance.now();
    c.sendRaw(nested(1_000_000));
    expect(await c.next()).toMatchObject({ type: 'error', code: 'bad_message', message: /nests deeper/ });
    expect((await c.closed).code).toBe(closeCodes.protocol);
    // A linear scan, not a 1.5 s parse.
    expect(performance.now() - t0).toBeLessThan(700);
  });

  it('has one report in flight at a time; another agent gets its turn before the flood is through', async () => {
    const flooder = await enrolled();
    const other = await enrolled();
    // 60 distinct 4,000-package reports (~280 KB each), sent at once on one connection.
    const ids = Array.from({ length: 60 }, () => rid());
    const frames = ids.map((id, i) => reportFrame(4000 + i, { software: 4000 }, id));
    const ackedAt: number[] = [];
    const acks = (async () => {
      const got: string[] = [];
      for (const _ of ids) {
        const m = await flooder.c.next(60_000);
        ackedAt.push(performance.now());
        got.push(m.type === 'ack' ? m.reportId : JSON.stringify(m));
      }
      return got;
    })();
    for (const f of frames) flooder.c.sendRaw(f);
    await new Promise((r) => setTimeout(r, 200));
    await ackLatency(other.c, 3100);
    const otherAckedAt = performance.now();
    // Every flooded report is answered, in order: nothing was dropped or refused for being queued.
    expect(await acks).toEqual(ids);
    const stored = ids.filter((id) => store.hasReport(id)).length;
    expect(stored).toBe(ids.length);
    flooder.c.close();
    other.c.close();
    // Behind the whole flood it came after all 60; with turns it waits for one flooded report at a time
    // (timing-free, so a loaded machine cannot make it pass or fail).
    const aheadOfIt = ackedAt.filter((t) => t < otherAckedAt).length;
    expect(aheadOfIt).toBeLessThan(30);
  });
});

describe('connections that never authenticate', () => {
  it('a WebSocket without a hello is closed at the hello deadline (4005), counted', async () => {
    const before = (await health()).guards.helloTimeouts;
    const c = await connect(srv.url);
    const t0 = performance.now();
    const closed = await c.closed;
    expect(closed).toEqual({ code: closeCodes.helloTimeout, reason: 'hello_timeout' });
    expect(performance.now() - t0).toBeLessThan(3000);
    expect((await health()).guards.helloTimeouts).toBe(before + 1);
  });

  it('an HTTP request whose headers never end is answered 408 and closed, counted', async () => {
    const before = (await health()).guards.httpTimeouts;
    const sock = tcpConnect(srv.port, '127.0.0.1');
    let answer = '';
    sock.on('data', (d) => {
      answer += d;
    });
    sock.on('error', () => {});
    sock.write('GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ');
    const t0 = performance.now();
    await new Promise((r) => sock.on('close', r));
    expect(performance.now() - t0).toBeLessThan(4000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await health()).guards.httpTimeouts).toBeGreaterThan(before);
  });
});

describe('enrollment secrets cannot be guessed at speed', () => {
  it('wrong secrets: a few refused as wrong, then throttled unread; nothing written, one log summary', async () => {
    // Earlier tests' background writes (an API token's last-used touch, once a minute) land first: the
    // count below is the guessing's alone.
    await srv.queue.drain();
    const commits = srv.queue.stats.commits;
    const syncs = srv.queue.stats.syncs;
    const logged = logLines.length;
    const guesser = { localAddress: '127.0.0.3' };
    const codes: [string, number][] = [];
    for (let i = 0; i < 40; i++) {
      const c = await connect(srv.url, guesser);
      c.send(hello({ enrollSecret: `cse_guess-${i}` }));
      const m = await c.next();
      codes.push([m.type === 'error' ? m.code : m.type, (await c.closed).code]);
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill(['bad_secret', closeCodes.badSecret]));
    expect(codes.slice(5)).toEqual(Array(35).fill(['rate_limited', closeCodes.rateLimited]));
    // A refusal is no transaction and no fsync.
    expect(srv.queue.stats.commits).toBe(commits);
    expect(srv.queue.stats.syncs).toBe(syncs);
    // Charged to the address, not the secret: the right one from there is throttled too...
    const same = await connect(srv.url, guesser);
    same.send(hello({ enrollSecret: secret }));
    expect(await same.next()).toMatchObject({ type: 'error', code: 'rate_limited' });
    // ...and still enrolls from another.
    const { c } = await enrolled();
    c.close();
    await new Promise((r) => setTimeout(r, 700));
    // Summaries (one per 300 ms here), not a line per attempt: 41 attempts, a handful of lines.
    const warnings = logLines.slice(logged).filter((l) => (l.level as number) >= 40);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThan(8);
    expect(warnings.every((w) => w.code === 'bad_secret' && w.addresses === 1)).toBe(true);
    const sum = (k: string) => warnings.reduce((n, w) => n + (w[k] as number), 0);
    expect([sum('refused'), sum('throttled')]).toEqual([5, 36]);
    const g = (await health()).guards;
    expect(g.enrollRefused).toBeGreaterThanOrEqual(5);
    expect(g.enrollThrottled).toBeGreaterThanOrEqual(36);
  });
});

describe('revocation', () => {
  it('an agent revoked by another process (coverscan agents --revoke) loses its open connection at once', async () => {
    const { c, agentId } = await enrolled();
    expect(await ackLatency(c, 3200)).toBeGreaterThan(0);
    const before = (await health()).guards.revokedClosed;
    const r = spawnSync(process.execPath, [cli, 'agents', '--revoke', agentId, '--db', dbFile], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const t0 = performance.now();
    // The connection sends nothing: the collector notices the revocation itself.
    expect(await c.next()).toMatchObject({ type: 'error', code: 'revoked' });
    expect((await c.closed).code).toBe(closeCodes.revoked);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect((await health()).guards.revokedClosed).toBe(before + 1);
  });

  it('a revoked key is refused on the next frame, before any watch would notice', async () => {
    const { c, agentId } = await enrolled();
    store.revokeAgent(agentId); // this process's own connection: data_version does not move for it
    const reportId = rid();
    c.send({ type: 'report', reportId, inventory: generateInventory(3300) });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'revoked' });
    expect((await c.closed).code).toBe(closeCodes.revoked);
    expect(store.hasReport(reportId)).toBe(false);
  });

  it("a revoked sweeper's progress and results are refused on the next frame too (they are not reports)", async () => {
    for (const frame of [
      { type: 'sweep_progress', runId: 1, probed: 1, total: 2, responders: 0, identified: 0, etaSec: null },
      { type: 'sweep_report', reportId: rid(), runId: 1, part: 1, parts: 1, assets: [] },
    ]) {
      const { c, agentId } = await enrolled();
      store.revokeAgent(agentId);
      c.send(frame);
      expect(await c.next(), frame.type).toMatchObject({ type: 'error', code: 'revoked' });
      expect((await c.closed).code).toBe(closeCodes.revoked);
    }
  });
});

describe('connection caps', () => {
  /** Opens a WebSocket from `localAddress`; resolves open, or with the HTTP status it was refused with. */
  const open = (url: string, localAddress: string) =>
    new Promise<WebSocket | number>((resolve, reject) => {
      const ws = new WebSocket(url, { localAddress });
      ws.once('open', () => resolve(ws));
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('error', reject);
    });

  it('past the cap per address: 429; past the total cap: 503; counted; the others keep working', async () => {
    const log = pino({ level: 'silent' });
    const capped = await startServer({
      store,
      log,
      host: '127.0.0.1',
      port: 0,
      maxConnections: 5,
      maxConnectionsPerAddress: 3,
    });
    try {
      const a = await Promise.all([1, 2, 3].map(() => open(capped.url, '127.0.0.1')));
      expect(a.every((w) => w instanceof WebSocket)).toBe(true);
      expect(await open(capped.url, '127.0.0.1')).toBe(429);
      const b = await Promise.all([1, 2].map(() => open(capped.url, '127.0.0.4')));
      expect(b.every((w) => w instanceof WebSocket)).toBe(true);
      expect(await open(capped.url, '127.0.0.5')).toBe(503);
      // One closes: a place is free again, and an open one still enrolls.
      (a[0] as WebSocket).close();
      await new Promise((r) => setTimeout(r, 200));
      const again = await connect(capped.url, { localAddress: '127.0.0.5' });
      again.send(hello({ enrollSecret: secret }));
      expect(await again.next()).toMatchObject({ type: 'welcome' });
      again.close();
      for (const w of [...a, ...b]) (w as WebSocket).close();
      await new Promise((r) => setTimeout(r, 200));
      const guards = (
        (await (await fetch(`${capped.httpUrl}/api/health`, { headers: auth })).json()) as {
          guards: Record<string, number>;
        }
      ).guards;
      expect(guards).toMatchObject({ refusedAddressCap: 1, refusedTotalCap: 1, openConnections: 1 });
    } finally {
      await capped.close();
    }
  });
});

describe('the HTTP API', () => {
  /** GET with an explicit Host header (fetch will not send another name than the URL's). */
  const getWithHost = (path: string, host: string) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: srv.port, path, headers: { host, ...auth } },
        (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        },
      );
      req.on('error', reject);
      req.end();
    });

  it('answers only the names it serves (DNS rebinding): loopback names, addresses, --allow-host', async () => {
    for (const host of [`127.0.0.1:${srv.port}`, `localhost:${srv.port}`, `[::1]:${srv.port}`, '10.1.2.3'])
      expect((await getWithHost('/api/health', host)).status, host).toBe(200);
    const evil = await getWithHost('/api/report', `rebind.attacker.example:${srv.port}`);
    expect(evil.status).toBe(421);
    expect(evil.body).toMatch(/--allow-host/);
    const named = await startServer({
      store,
      log: pino({ level: 'silent' }),
      host: '127.0.0.1',
      port: 0,
      allowHosts: ['collector.corp.example'],
    });
    try {
      const ok = await new Promise<number>((resolve) =>
        httpRequest(
          {
            host: '127.0.0.1',
            port: named.port,
            path: '/api/health',
            headers: { host: 'Collector.corp.example:7443', ...auth },
          },
          (res) => resolve(res.statusCode ?? 0),
        ).end(),
      );
      expect(ok).toBe(200);
    } finally {
      await named.close();
    }
  });

  it('a 60,000-asset report is streamed a page at a time: complete, in order, the event loop never held long', async () => {
    // Stored straight into the real file (fast), shaped like swept neighbors; a tenth flagged review.
    const at = new Date().toISOString();
    const insert = store.db.prepare(
      `INSERT INTO assets (kind, mac, vendor, verdict, lists, evidence, location, first_seen, last_seen)
       VALUES ('neighbor', ?, 'Dell Inc.', ?, '[]', ?, 'rt1 port 2', ?, ?)`,
    );
    const evidence = JSON.stringify([
      {
        source: 'arp',
        field: 'ipNetToMediaPhysAddress',
        value: 'b0:7b:25:00:00:00',
        rule: 'oui',
        strength: 'weak',
        entity: 'dell',
      },
    ]);
    store.db.transaction(() => {
      for (let i = 0; i < 60_000; i++)
        insert.run(`b07b25${i.toString(16).padStart(6, '0')}`, i % 10 ? 'clear' : 'review', evidence, at, at);
    })();
    const total = (store.db.prepare('SELECT count(*) n FROM assets').get() as { n: number }).n;
    // The insert held this process's event loop (the server's too) for seconds: let the server's overdue
    // keep-alive timers close the idle connections fetch keeps from the tests before, or fetch may send
    // this request on one the server is closing that instant (ECONNRESET, the keep-alive race).
    await new Promise((r) => setTimeout(r, 200));
    // The longest the event loop went without a turn while the report was served.
    let worst = 0;
    let last = performance.now();
    const tick = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 5);
    let body: ArrayBuffer;
    try {
      // Only the bytes are taken here: parsing 30 MB in this process would stall the loop itself.
      body = await (await fetch(`${srv.httpUrl}/api/report`, { headers: auth })).arrayBuffer();
    } finally {
      clearInterval(tick);
    }
    // The whole report built as one string (what the API did before) holds the loop this long, on this
    // machine at this moment; streamed, no single turn comes near it.
    const t0 = performance.now();
    JSON.stringify(store.reportRows());
    const whole = performance.now() - t0;
    expect(
      worst,
      `longest turn ${worst.toFixed(0)} ms, the whole report ${whole.toFixed(0)} ms`,
    ).toBeLessThan(whole / 2);
    {
      const rows = JSON.parse(Buffer.from(body).toString()) as { id: number; verdict: string }[];
      expect(rows).toHaveLength(total);
      const rank = { covered: 0, review: 1, clear: 2 } as Record<string, number>;
      const sorted = [...rows].sort((a, b) => rank[a.verdict] - rank[b.verdict] || a.id - b.id);
      expect(rows.map((r) => r.id)).toEqual(sorted.map((r) => r.id));
      const csv = await (await fetch(`${srv.httpUrl}/api/report.csv?only=review`, { headers: auth })).text();
      const lines = csv.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^id,ip,mac,/);
      expect(lines.filter((l) => l.startsWith('id,'))).toHaveLength(1);
      expect(lines.length - 1).toBe(rows.filter((r) => r.verdict === 'review').length);
    }
  }, 60_000);
});
