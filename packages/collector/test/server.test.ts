// The ingest server on a real port with real WebSocket clients and a real SQLite file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeCodes, MAX_FRAME_BYTES, reportFingerprint } from '@coverscan/shared';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, startServer } from '../src/server/server';
import { SCHEMA_VERSION } from '../src/store/migrations';
import { Store } from '../src/store/store';
import { grantToken } from './api-auth';
import { generateInventory, machineMac } from './inventory-generator';
import { connect, hello, type TestClient } from './ws-client';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-srv-'));
let store: Store;
/** An API token's header: the HTTP API answers no one without one (loopback included). */
let auth: { authorization: string };
let srv: RunningServer;
let secret: string;
const logLines: Record<string, unknown>[] = [];

beforeAll(async () => {
  store = Store.open(join(dir, 'c.db'));
  secret = store.createEnrollSecret('tests').secret;
  auth = grantToken(store);
  // Logs go to memory so the test can check that each refusal is logged once.
  const log = pino(
    { level: 'info' },
    {
      write: (s: string) => {
        logLines.push(JSON.parse(s));
        if (process.env.SHOWLOG) console.error(s);
      },
    },
  );
  srv = await startServer({ store, log, host: '127.0.0.1', port: 0, rate: 10, burst: 10, heartbeatMs: 300 });
});
afterAll(async () => {
  await srv.close();
  store.close();
});

/** Row counts of every table: "changes nothing in the database". */
function snapshot() {
  const tables = ['assets', 'identities', 'observations', 'findings', 'agents', 'reports', 'enroll_secrets'];
  return Object.fromEntries(
    tables.map((t) => [t, (store.db.prepare(`SELECT count(*) n FROM ${t}`).get() as { n: number }).n]),
  );
}

async function enrolled(): Promise<{ c: TestClient; agentId: string; nodeKey: string }> {
  const c = await connect(srv.url);
  c.send(hello({ enrollSecret: secret }));
  const w = await c.next();
  if (w.type !== 'welcome' || !w.nodeKey)
    throw new Error(`expected welcome with node key, got ${JSON.stringify(w)}`);
  return { c, agentId: w.agentId, nodeKey: w.nodeKey };
}

let seq = 0;
const rid = () => `rep-${Date.now()}-${++seq}`;

describe('enrollment and authentication', () => {
  it('enrolls with a secret, returns the node key once, stores only its hash, reconnects with it', async () => {
    const { c, agentId, nodeKey } = await enrolled();
    c.close();
    const row = store.db.prepare('SELECT node_key_hash FROM agents WHERE id = ?').get(agentId) as {
      node_key_hash: string;
    };
    expect(row.node_key_hash).not.toContain(nodeKey);
    expect(row.node_key_hash).toMatch(/^[0-9a-f]{64}$/);
    const again = await connect(srv.url);
    again.send(hello({ agentId, nodeKey }));
    const w = await again.next();
    expect(w).toMatchObject({ type: 'welcome', agentId, settings: { reportIntervalSec: 3600 } });
    expect(w.type === 'welcome' && w.nodeKey).toBeFalsy();
    // The frame limit, so the agent fits its reports under it (the protocol's 4 MiB unless configured).
    expect(w.type === 'welcome' && w.maxFrameBytes).toBe(MAX_FRAME_BYTES);
    again.close();
  });

  it('rejects a wrong secret, a wrong node key and a revoked agent, each with its code', async () => {
    const before = snapshot();
    const a = await connect(srv.url);
    a.send(hello({ enrollSecret: 'cse_not-a-real-secret' }));
    expect(await a.next()).toMatchObject({ type: 'error', code: 'bad_secret' });
    expect((await a.closed).code).toBe(closeCodes.badSecret);
    expect(snapshot()).toEqual(before);

    const { c, agentId, nodeKey } = await enrolled();
    c.close();
    const b = await connect(srv.url);
    b.send(hello({ agentId, nodeKey: `${nodeKey}x` }));
    expect(await b.next()).toMatchObject({ type: 'error', code: 'node_invalid' });
    expect((await b.closed).code).toBe(closeCodes.nodeInvalid);

    store.revokeAgent(agentId);
    const r = await connect(srv.url);
    r.send(hello({ agentId, nodeKey }));
    expect(await r.next()).toMatchObject({ type: 'error', code: 'revoked' });
    expect((await r.closed).code).toBe(closeCodes.revoked);
  });

  it('a revoked enrollment secret enrolls no one', async () => {
    const s2 = store.createEnrollSecret('short-lived');
    store.revokeEnrollSecret(s2.id);
    const before = snapshot();
    const c = await connect(srv.url);
    c.send(hello({ enrollSecret: s2.secret }));
    expect(await c.next()).toMatchObject({ type: 'error', code: 'revoked' });
    expect((await c.closed).code).toBe(closeCodes.revoked);
    expect(snapshot()).toEqual(before);
  });
});

describe('reports', () => {
  it('report → ack → rows; the same report id re-sent is acked again and stored once', async () => {
    const { c, agentId } = await enrolled();
    const reportId = rid();
    const inv = generateInventory(501, { huaweiPhone: true });
    c.send({ type: 'report', reportId, inventory: inv });
    expect(await c.next()).toEqual({ type: 'ack', reportId });
    const rows = store.reportRows().filter((r) => r.agentId === agentId);
    expect(rows.find((r) => r.kind === 'endpoint')).toMatchObject({ hostname: 'ws-501', verdict: 'clear' });
    expect(rows.find((r) => r.verdict === 'covered')).toMatchObject({ kind: 'peripheral', entity: 'huawei' });
    const before = snapshot();
    c.send({ type: 'report', reportId, inventory: inv });
    expect(await c.next()).toEqual({ type: 'ack', reportId });
    // Also from a fresh connection (the agent restarted before it saw the ack).
    c.close();
    expect(snapshot()).toEqual(before);
    expect(store.db.prepare('SELECT count(*) n FROM reports WHERE report_id = ?').get(reportId)).toEqual({
      n: 1,
    });
  });

  it('an unchanged inventory re-reported moves last-seen only; a changed one is re-judged', async () => {
    const { c, agentId } = await enrolled();
    const inv = generateInventory(502);
    c.send({ type: 'report', reportId: rid(), inventory: inv });
    await c.next();
    const obs = snapshot().observations;
    const first = store.reportRows().find((r) => r.agentId === agentId && r.kind === 'endpoint')!;
    await new Promise((r) => setTimeout(r, 5));
    c.send({ type: 'report', reportId: rid(), inventory: { ...inv, collectedAt: new Date().toISOString() } });
    expect((await c.next()).type).toBe('ack');
    expect(snapshot().observations).toBe(obs);
    const second = store.reportRows().find((r) => r.id === first.id)!;
    expect(second.lastSeen > first.lastSeen).toBe(true);
    // A Huawei phone appears: the change is stored and judged.
    c.send({ type: 'report', reportId: rid(), inventory: generateInventory(502, { huaweiPhone: true }) });
    expect((await c.next()).type).toBe('ack');
    expect(store.reportRows({ only: 'covered' }).some((r) => r.agentId === agentId)).toBe(true);
    c.close();
  });

  it("the stored report still counts when a switch's sighting of the machine is merged in later", async () => {
    const { c, agentId } = await enrolled();
    const inv = generateInventory(555);
    inv.host.system.manufacturer = 'HUAWEI';
    inv.host.system.model = 'MateBook X Pro';
    const reportId = rid();
    c.send({ type: 'report', reportId, inventory: inv });
    expect(await c.next()).toEqual({ type: 'ack', reportId });
    c.close();
    const before = store.reportRows().find((r) => r.agentId === agentId && r.kind === 'endpoint')!;
    expect(before).toMatchObject({ verdict: 'covered', entity: 'huawei' });
    store.ingestAssets(
      [
        {
          kind: 'neighbor',
          ip: null,
          mac: machineMac(555),
          hostname: null,
          vendor: null,
          model: null,
          serial: null,
          identities: [],
          observations: [{ kind: 'mac', source: 'fdb', field: 'dot1dTpFdbAddress', value: machineMac(555) }],
          attachedTo: { type: 'ip', value: '127.0.0.99' },
          location: 'sw9 port 4',
        },
      ],
      { source: 'sweep', sweepId: 1 },
    );
    const after = store.reportRows().find((r) => r.id === before.id)!;
    expect(after).toMatchObject({
      verdict: 'covered',
      entity: 'huawei',
      location: 'sw9 port 4',
      kind: 'endpoint',
    });
    expect(after.evidence.some((e) => e.source === 'agent' && e.field.startsWith('dmi.system'))).toBe(true);
  });

  it('several reports in flight from many agents are group-committed, each acked after commit', async () => {
    const agents = await Promise.all(Array.from({ length: 8 }, () => enrolled()));
    const commits = srv.queue.stats.commits;
    const ids = agents.map(() => [rid(), rid()]);
    const acks = agents.map(async (a, i) => {
      a.c.send({ type: 'report', reportId: ids[i][0], inventory: generateInventory(600 + i) });
      a.c.send({ type: 'report', reportId: ids[i][1], inventory: generateInventory(700 + i) });
      const got = [await a.c.next(), await a.c.next()];
      a.c.close();
      return got;
    });
    const got = await Promise.all(acks);
    got.forEach((g, i) => {
      expect(g).toEqual([
        { type: 'ack', reportId: ids[i][0] },
        { type: 'ack', reportId: ids[i][1] },
      ]);
    });
    for (const pair of ids)
      for (const id of pair) expect(store.hasReport(id), `report ${id} stored when acked`).toBe(true);
    // 16 reports needed fewer transactions than reports.
    expect(srv.queue.stats.commits - commits).toBeLessThan(16);
  });
});

describe('digest reports (an unchanged inventory sent as its digest)', () => {
  const health = async () =>
    (
      (await (await fetch(`${srv.httpUrl}/api/health`, { headers: auth })).json()) as {
        ingest: Record<string, number>;
      }
    ).ingest;
  /** The digest of the frame the test client sends for this report (same key order). */
  const digestOf = (reportId: string, inventory: unknown) =>
    reportFingerprint(JSON.stringify({ type: 'report', reportId, inventory }))!.hash;

  it('the welcome names the stored inventory; its digest is acked and stored as a report, nothing rewritten', async () => {
    const { c, agentId, nodeKey } = await enrolled();
    const inv = generateInventory(520);
    const first = rid();
    c.send({ type: 'report', reportId: first, inventory: inv });
    expect(await c.next()).toEqual({ type: 'ack', reportId: first });
    c.close();
    const endpoint = () => store.reportRows().find((r) => r.agentId === agentId && r.kind === 'endpoint')!;
    const seen = endpoint().lastSeen;
    const before = snapshot();
    const counters = await health();
    await new Promise((r) => setTimeout(r, 5));

    const again = await connect(srv.url);
    again.send(hello({ agentId, nodeKey }));
    const w = await again.next();
    expect(w).toMatchObject({ type: 'welcome', agentId, inventoryHash: digestOf(first, inv) });
    const reportId = rid();
    again.send({ type: 'report', reportId, unchanged: digestOf(first, inv) });
    expect(await again.next()).toEqual({ type: 'ack', reportId });
    again.close();
    expect(snapshot()).toEqual({ ...before, reports: before.reports + 1 });
    expect(store.hasReport(reportId)).toBe(true);
    expect(endpoint().lastSeen > seen).toBe(true);
    expect((await health()).digestReports).toBe(counters.digestReports + 1);
  });

  it('a digest the collector does not hold gets inventory_needed, stores nothing, and the full report is stored once', async () => {
    const { c, agentId } = await enrolled();
    const inv = generateInventory(521);
    const before = snapshot();
    const reportId = rid();
    // Enrolled a moment ago: the collector holds no inventory for it yet.
    c.send({ type: 'report', reportId, unchanged: digestOf(reportId, inv) });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'inventory_needed', reportId });
    expect(snapshot()).toEqual(before);
    // The connection stays open: the agent sends that report in full.
    c.send({ type: 'report', reportId, inventory: inv });
    expect(await c.next()).toEqual({ type: 'ack', reportId });
    expect(store.db.prepare('SELECT count(*) n FROM reports WHERE agent_id = ?').get(agentId)).toEqual({
      n: 1,
    });
    c.close();
  });

  it('a digest sent right behind a changed full report is judged against what is committed, never ahead of it', async () => {
    const { c, agentId } = await enrolled();
    const a = generateInventory(522);
    const ra = rid();
    c.send({ type: 'report', reportId: ra, inventory: a });
    await c.next();
    // B (a Huawei phone plugged in) in full, and at once the digest of B under another id.
    const b = generateInventory(522, { huaweiPhone: true });
    const rb = rid();
    const rd = rid();
    c.send({ type: 'report', reportId: rb, inventory: b });
    c.send({ type: 'report', reportId: rd, unchanged: digestOf(rb, b) });
    const answers = [await c.next(), await c.next()];
    expect(answers).toContainEqual({ type: 'ack', reportId: rb });
    const forDigest = answers.find((m) => 'reportId' in m && m.reportId === rd)!;
    if (forDigest.type === 'error') {
      expect(forDigest.code).toBe('inventory_needed');
      c.send({ type: 'report', reportId: rd, inventory: b });
      expect(await c.next()).toEqual({ type: 'ack', reportId: rd });
    } else expect(forDigest).toEqual({ type: 'ack', reportId: rd });
    expect(store.hasReport(rd)).toBe(true);
    expect(store.reportRows({ only: 'covered' }).some((r) => r.agentId === agentId)).toBe(true);
    c.close();
  });

  it('a digest of the old inventory sent right behind a changed full report is not taken for it', async () => {
    // The agent's spool: X (a Huawei phone plugged in) then Y (unplugged again: the stored inventory A).
    const { c, agentId } = await enrolled();
    const a = generateInventory(524);
    const ra = rid();
    c.send({ type: 'report', reportId: ra, inventory: a });
    await c.next();
    const rx = rid();
    const ry = rid();
    c.send({ type: 'report', reportId: rx, inventory: generateInventory(524, { huaweiPhone: true }) });
    c.send({ type: 'report', reportId: ry, unchanged: digestOf(ra, a) });
    const answers = [await c.next(), await c.next()];
    expect(answers).toContainEqual({ type: 'ack', reportId: rx });
    expect(answers).toContainEqual(expect.objectContaining({ code: 'inventory_needed', reportId: ry }));
    await new Promise((r) => setTimeout(r, 5));
    c.send({ type: 'report', reportId: ry, inventory: a });
    expect(await c.next()).toEqual({ type: 'ack', reportId: ry });
    // The phone is gone: last seen with X, not with Y (taking Y's digest for X's would have "seen" it).
    const rows = store.reportRows().filter((r) => r.agentId === agentId);
    const phone = rows.find((r) => r.entity === 'huawei')!;
    expect(phone.lastSeen < rows.find((r) => r.kind === 'endpoint')!.lastSeen).toBe(true);
    c.close();
  });

  it('two connections of one agent: a digest is checked against what the other one stored', async () => {
    const { c, agentId, nodeKey } = await enrolled();
    const a = generateInventory(525);
    const ra = rid();
    c.send({ type: 'report', reportId: ra, inventory: a });
    await c.next();
    // The service holds its connection; meanwhile `once` with the same identity stores a changed inventory.
    const held = await connect(srv.url);
    held.send(hello({ agentId, nodeKey }));
    expect(await held.next()).toMatchObject({ type: 'welcome', inventoryHash: digestOf(ra, a) });
    const other = await connect(srv.url);
    other.send(hello({ agentId, nodeKey }));
    await other.next();
    const rb = rid();
    other.send({ type: 'report', reportId: rb, inventory: generateInventory(525, { huaweiPhone: true }) });
    expect(await other.next()).toEqual({ type: 'ack', reportId: rb });
    other.close();
    const rd = rid();
    held.send({ type: 'report', reportId: rd, unchanged: digestOf(ra, a) });
    expect(await held.next()).toMatchObject({ type: 'error', code: 'inventory_needed', reportId: rd });
    held.close();
    c.close();
  });

  it('an unplugged phone is not seen again by later unchanged reports; the machine is', async () => {
    const { c, agentId, nodeKey } = await enrolled();
    c.send({ type: 'report', reportId: rid(), inventory: generateInventory(526, { huaweiPhone: true }) });
    await c.next();
    await new Promise((r) => setTimeout(r, 5));
    const b = generateInventory(526);
    const rb = rid();
    c.send({ type: 'report', reportId: rb, inventory: b });
    await c.next();
    c.close();
    const rows = () => store.reportRows().filter((r) => r.agentId === agentId);
    const phoneSeen = rows().find((r) => r.entity === 'huawei')!.lastSeen;
    await new Promise((r) => setTimeout(r, 5));
    // Next day, nothing changed: a digest, then the same inventory in full.
    const again = await connect(srv.url);
    again.send(hello({ agentId, nodeKey }));
    await again.next();
    again.send({ type: 'report', reportId: rid(), unchanged: digestOf(rb, b) });
    expect((await again.next()).type).toBe('ack');
    await new Promise((r) => setTimeout(r, 5));
    again.send({
      type: 'report',
      reportId: rid(),
      inventory: { ...b, collectedAt: new Date().toISOString() },
    });
    expect((await again.next()).type).toBe('ack');
    again.close();
    const last = store.db.prepare('SELECT last_report FROM agents WHERE id = ?').get(agentId) as {
      last_report: string;
    };
    expect(rows().find((r) => r.kind === 'endpoint')!.lastSeen).toBe(last.last_report);
    expect(rows().find((r) => r.entity === 'huawei')!.lastSeen).toBe(phoneSeen);
    expect(phoneSeen < last.last_report).toBe(true);
  });

  it('a malformed digest report is refused by id; the connection keeps working', async () => {
    const { c } = await enrolled();
    const before = snapshot();
    const reportId = rid();
    c.send({ type: 'report', reportId, unchanged: 'short' });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'bad_message', reportId });
    expect(snapshot()).toEqual(before);
    const ok = rid();
    c.send({ type: 'report', reportId: ok, inventory: generateInventory(523) });
    expect(await c.next()).toEqual({ type: 'ack', reportId: ok });
    c.close();
  });
});

describe('bad input: a clear error or close code, logged once, nothing stored, others still served', () => {
  async function refusedWith(send: (c: TestClient) => void, code: string | null, close: number) {
    const bystander = await enrolled();
    const { c } = await enrolled();
    const before = snapshot();
    const logged = logLines.length;
    send(c);
    if (code) expect(await c.next()).toMatchObject({ type: 'error', code, message: expect.any(String) });
    expect((await c.closed).code).toBe(close);
    expect(snapshot()).toEqual(before);
    const warnings = logLines.slice(logged).filter((l) => (l.level as number) >= 40);
    expect(warnings).toHaveLength(1);
    // Another agent on its own connection is unaffected.
    const reportId = rid();
    bystander.c.send({ type: 'report', reportId, inventory: generateInventory(800) });
    expect(await bystander.c.next()).toEqual({ type: 'ack', reportId });
    bystander.c.close();
    return warnings[0];
  }

  it('an oversized frame closes with 1009', async () => {
    const w = await refusedWith((c) => c.sendRaw('x'.repeat(MAX_FRAME_BYTES + 1)), null, 1009);
    expect(w.code).toBe('too_large');
  });

  it('a frame that is not JSON', async () => {
    await refusedWith((c) => c.sendRaw('{"type": "report", '), 'bad_json', closeCodes.protocol);
  });

  it('an unknown message type', async () => {
    await refusedWith((c) => c.send({ type: 'gossip', data: 1 }), 'unknown_type', closeCodes.protocol);
  });

  it('a JSON value that is not a message object', async () => {
    await refusedWith((c) => c.sendRaw('[1,2,3]'), 'bad_message', closeCodes.protocol);
  });

  it('a report before hello: a small one is refused unread, a full one from its frame header', async () => {
    const before = snapshot();
    const c = await connect(srv.url);
    c.send({ type: 'report', reportId: rid(), unchanged: 'x'.repeat(43) });
    expect(await c.next()).toMatchObject({ type: 'error', code: 'not_enrolled' });
    expect((await c.closed).code).toBe(closeCodes.protocol);
    // A full report is far over the hello limit: refused as too large before its payload is read.
    const big = await connect(srv.url);
    big.send({ type: 'report', reportId: rid(), inventory: generateInventory(1) });
    expect((await big.closed).code).toBe(1009);
    expect(snapshot()).toEqual(before);
  });

  it('a report that violates the schema is refused by id; the connection keeps working', async () => {
    const { c } = await enrolled();
    const before = snapshot();
    const bad = rid();
    const inv = generateInventory(900) as unknown as Record<string, unknown>;
    c.send({ type: 'report', reportId: bad, inventory: { ...inv, nics: 'eth0' } });
    const err = await c.next();
    expect(err).toMatchObject({ type: 'error', code: 'bad_message', reportId: bad });
    expect(err.type === 'error' && err.message).toMatch(/nics/);
    expect(snapshot()).toEqual(before);
    const good = rid();
    c.send({ type: 'report', reportId: good, inventory: generateInventory(900) });
    expect(await c.next()).toEqual({ type: 'ack', reportId: good });
    c.close();
  });

  it('too many messages per second', async () => {
    const { c } = await enrolled();
    const reportId = rid();
    const inventory = generateInventory(950);
    c.send({ type: 'report', reportId, inventory });
    expect(await c.next()).toEqual({ type: 'ack', reportId });
    const before = snapshot();
    const logged = logLines.length;
    // Re-sends of a stored report write nothing; only their rate is wrong (burst 10 in the tests).
    for (let i = 0; i < 30; i++) c.send({ type: 'report', reportId, inventory });
    const { code } = await c.closed;
    expect(code).toBe(closeCodes.rateLimited);
    expect(snapshot()).toEqual(before);
    const warnings = logLines.slice(logged).filter((l) => (l.level as number) >= 40);
    expect(warnings.map((w) => w.code)).toEqual(['rate_limited']);
    const other = await enrolled();
    const id2 = rid();
    other.c.send({ type: 'report', reportId: id2, inventory: generateInventory(951) });
    expect(await other.c.next()).toEqual({ type: 'ack', reportId: id2 });
    other.c.close();
  });
});

describe('heartbeats and HTTP', () => {
  it('a peer that stops answering pings is closed', async () => {
    const { c } = await enrolled();
    // Stop answering pings: the collector gives up after one missed pong.
    c.ws.pong = () => {};
    const silent = await connect(srv.url, { autoPong: false });
    const t0 = Date.now();
    const { code } = await silent.closed;
    expect(code).toBe(1006);
    expect(Date.now() - t0).toBeLessThan(5000);
    // An answering peer stays.
    const live = await connect(srv.url);
    await new Promise((r) => setTimeout(r, 1000));
    expect(live.ws.readyState).toBe(live.ws.OPEN);
    live.close();
    c.close();
  });

  it('serves the report and health as JSON on the same port', async () => {
    const health = (await (await fetch(`${srv.httpUrl}/api/health`, { headers: auth })).json()) as Record<
      string,
      number
    >;
    expect(health).toMatchObject({ ok: true, schemaVersion: SCHEMA_VERSION });
    expect(health.assets).toBe(snapshot().assets);
    const covered = (await (
      await fetch(`${srv.httpUrl}/api/report?only=covered`, { headers: auth })
    ).json()) as {
      verdict: string;
    }[];
    expect(covered.length).toBeGreaterThan(0);
    expect(covered.every((r) => r.verdict === 'covered')).toBe(true);
    expect((await fetch(`${srv.httpUrl}/api/report?only=bogus`, { headers: auth })).status).toBe(400);
    const csv = await (await fetch(`${srv.httpUrl}/api/report.csv`, { headers: auth })).text();
    expect(csv.split('\n')[0]).toMatch(/^id,ip,mac,hostname,kind,vendor/);
  });
});

describe('hello', () => {
  it('a second hello on one connection is refused, and the first does not enroll either', async () => {
    const before = snapshot();
    const c = await connect(srv.url);
    c.send(hello({ enrollSecret: secret }));
    c.send(hello({ enrollSecret: secret }));
    expect(await c.next()).toMatchObject({ type: 'error', code: 'protocol' });
    expect((await c.closed).code).toBe(closeCodes.protocol);
    await new Promise((r) => setTimeout(r, 50));
    // Refused: no agent enrolled, not one, not two.
    expect(snapshot()).toEqual(before);
  });
});
