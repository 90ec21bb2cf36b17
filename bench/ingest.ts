// Ingest benchmark: generated agent reports (~55 KB: hardware, NICs, USB, ~800 packages) over real
// WebSocket connections from 50 concurrent clients to a real `coverscan serve` process, ack after commit;
// next to the raw better-sqlite3 ceiling for the same rows in the same run.
//   INGEST_AGENTS (default 10000), INGEST_CLIENTS (50), INGEST_IDLE (5000 idle connections)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../packages/collector/src/store/store';
import { tokenFor } from '../packages/collector/test/api-auth';
import { generateInventory, reportFrame } from '../packages/collector/test/inventory-generator';
import { connect, hello, type TestClient } from '../packages/collector/test/ws-client';
import { reportFingerprint } from '../packages/shared/src/report-fingerprint';
import { BenchAgent } from './ingest-client';

const AGENTS = Number(process.env.INGEST_AGENTS ?? 10_000);
const CLIENTS = Number(process.env.INGEST_CLIENTS ?? 50);
const IDLE = Number(process.env.INGEST_IDLE ?? 5000);
const root = join(import.meta.dirname, '..');
const cli = join(root, 'packages/collector/dist/coverscan.js');
const dir = mkdtempSync(join(tmpdir(), 'coverscan-bench-'));
const db = join(dir, 'bench.db');

function run(args: string[]): string {
  const r = spawn(process.execPath, [cli, ...args]);
  return new Promise<string>((resolve) => {
    let out = '';
    r.stdout.on('data', (d) => {
      out += d;
    });
    r.on('exit', () => resolve(out));
  }) as unknown as string;
}

/** `heartbeatMs`: the collector's ping interval; the reporting phases run with its default (30 s). */
async function startCollector(heartbeatMs?: number) {
  const proc = spawn(
    process.execPath,
    [
      ...(process.env.INGEST_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.INGEST_PROFILE] : []),
      cli,
      'serve',
      '--db',
      db,
      '--listen',
      '127.0.0.1:0',
      ...(heartbeatMs ? ['--heartbeat-ms', String(heartbeatMs)] : []),
      // The whole simulated fleet connects from one loopback address.
      '--max-connections-per-address',
      '100000',
      '--max-connections',
      '100000',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, LOG_LEVEL: 'warn' } },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (ws:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (c) => reject(new Error(`collector exited ${c}`)));
  });
  return { proc, url };
}

const rss = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { hwm: kb('VmHWM') / 1024, now: kb('VmRSS') / 1024 };
};
const ticks = (file: string) => {
  const f = readFileSync(file, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
};
/** CPU seconds so far: the whole collector, its main thread, and this (client) process. */
const cpu = (pid: number) => {
  const c = process.cpuUsage();
  return {
    all: ticks(`/proc/${pid}/stat`),
    main: ticks(`/proc/${pid}/task/${pid}/stat`),
    client: (c.user + c.system) / 1e6,
  };
};
type Cpu = ReturnType<typeof cpu>;
interface IngestStats {
  commits: number;
  jobs: number;
  syncs: number;
  syncMs: number;
  maxSyncMs: number;
}
/** The collector's group-commit and fsync counters (from /api/health, which wants an API token). */
async function ingestStats(wsUrl: string): Promise<IngestStats> {
  const r = await fetch(`${wsUrl.replace(/^ws/, 'http')}/api/health`, { headers: tokenFor(db) });
  if (!r.ok) throw new Error(`/api/health: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { ingest: IngestStats }).ingest;
}
const commitNote = (a: IngestStats, b: IngestStats) => {
  const commits = b.commits - a.commits;
  const syncs = b.syncs - a.syncs;
  return `    group commit: ${((b.jobs - a.jobs) / commits).toFixed(1)} writes per transaction, ${((b.jobs - a.jobs) / syncs).toFixed(1)} per WAL fsync; fsync ${((b.syncMs - a.syncMs) / syncs).toFixed(1)} ms on average (max ${b.maxSyncMs.toFixed(0)} ms so far)`;
};
/** Where a phase's CPU went, in total and per report. */
const cpuNote = (a: Cpu, b: Cpu, n: number) => {
  const ms = (x: number) => ((1000 * x) / n).toFixed(2);
  const all = b.all - a.all;
  const main = b.main - a.main;
  const client = b.client - a.client;
  return `collector CPU ${all.toFixed(1)} s = ${ms(all)} ms/report (main thread ${ms(main)}, worker and other threads ${ms(all - main)}), client ${ms(client)} ms/report`;
};

interface Agent {
  id: string;
  key: string;
}

/** `CLIENTS` concurrent loops; each takes the next agent, connects, says hello, reports, waits for the ack. */
async function phase(
  url: string,
  count: number,
  each: (i: number, c: BenchAgent) => Promise<void>,
): Promise<number> {
  let next = 0;
  const { hostname, port } = new URL(url);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < count; i = next++) {
        const c = await BenchAgent.open(hostname, Number(port));
        await each(i, c);
        c.close();
      }
    }),
  );
  return (performance.now() - t0) / 1000;
}

async function expectMsg(c: TestClient | BenchAgent, type: string) {
  const m = await c.next(60_000);
  if (m.type !== type) throw new Error(`expected ${type}, got ${JSON.stringify(m)}`);
  return m;
}

/** The same rows, written with raw prepared statements in transactions of `batch` reports. */
function ceiling(batch: number): { firstSec: number; touchSec: number; reports: number } {
  const src = Store.open(db);
  const tables = ['agents', 'assets', 'identities', 'observations', 'findings', 'reports'];
  const rows = Object.fromEntries(tables.map((t) => [t, src.db.prepare(`SELECT * FROM ${t}`).raw().all()]));
  const cols = Object.fromEntries(
    tables.map((t) => [
      t,
      (src.db.prepare(`SELECT * FROM ${t} LIMIT 1`).columns() as { name: string }[]).length,
    ]),
  );
  src.close();
  const file = join(dir, 'ceiling.db');
  rmSync(file, { force: true });
  const dst = Store.open(file); // same schema, pragmas (WAL, synchronous FULL)
  dst.db.pragma('foreign_keys = OFF');
  const ins = Object.fromEntries(
    tables.map((t) => [t, dst.db.prepare(`INSERT INTO ${t} VALUES (${Array(cols[t]).fill('?').join(',')})`)]),
  );
  const reports = rows.reports.length;
  // Spread every table's rows evenly over the report batches.
  const batches = Math.ceil(reports / batch);
  const t0 = performance.now();
  for (let b = 0; b < batches; b++)
    dst.transaction(() => {
      for (const t of tables) {
        const all = rows[t];
        const from = Math.floor((all.length * b) / batches);
        const to = Math.floor((all.length * (b + 1)) / batches);
        for (let i = from; i < to; i++) ins[t].run(...(all[i] as unknown[]));
      }
    });
  const firstSec = (performance.now() - t0) / 1000;
  // Steady state ceiling: per report, the same writes an unchanged re-report makes.
  const agentIds = (rows.agents as unknown[][]).map((r) => r[0] as string);
  const insR = dst.db.prepare(
    'INSERT INTO reports SELECT ?, ?, ?, coalesce(inventory_assets, 0) FROM agents WHERE id = ?',
  );
  const touchG = dst.db.prepare(
    'UPDATE agents SET last_seen = ?, last_report = ?, version = coalesce(?, version) WHERE id = ?',
  );
  const t1 = performance.now();
  const at = new Date().toISOString();
  for (let b = 0; b < agentIds.length; b += batch)
    dst.transaction(() => {
      for (const id of agentIds.slice(b, b + batch)) {
        insR.run(`ceil-${id}`, id, at, id);
        touchG.run(at, at, null, id);
      }
    });
  const touchSec = (performance.now() - t1) / 1000;
  dst.close();
  return { firstSec, touchSec, reports };
}

/** A report frame prepared before the clock starts, with room for its report id written in place. */
interface Frame {
  buf: Buffer;
  idAt: number;
  /** reportFingerprint() of the frame: what an agent compares with the digest the collector holds. */
  digest: string;
}
const ID_WIDTH = 32;
function prepareFrame(seed: number, o: { huaweiPhone: boolean; changed?: number }): Frame {
  const text = reportFrame(seed, o, '#'.repeat(ID_WIDTH));
  const buf = Buffer.from(text);
  return { buf, idAt: buf.indexOf('#'.repeat(ID_WIDTH)), digest: reportFingerprint(text)!.hash };
}
/** Sends the frame (a text frame) under a new report id; ws copies it while masking, so it is reusable. */
function sendFrame(c: BenchAgent, f: Frame, reportId: string): void {
  f.buf.write(reportId.padEnd(ID_WIDTH, '.'), f.idAt, 'latin1');
  c.send(f.buf);
}

/**
 * One report as `coverscan-agent` sends it: only the digest when the collector holds this inventory
 * (`known`: from welcome, or the last full report acked), else in full; the full frame again if the
 * collector answers inventory_needed. `digests: false` is an agent without digest support.
 */
async function report(
  c: BenchAgent,
  f: Frame,
  reportId: string,
  known: (string | undefined)[],
  i: number,
  digests: boolean,
): Promise<void> {
  if (digests && f.digest === known[i]) {
    c.send(JSON.stringify({ type: 'report', reportId, unchanged: f.digest }));
    const m = await c.next(60_000);
    if (m.type === 'ack') return;
    if (m.type !== 'error' || m.code !== 'inventory_needed')
      throw new Error(`unexpected ${JSON.stringify(m)}`);
  }
  sendFrame(c, f, reportId);
  await expectMsg(c, 'ack');
  known[i] = f.digest;
}

async function main() {
  const secret = (await run(['enroll', 'create', '--db', db])).trim();
  let col = await startCollector();
  let pid = col.proc.pid!;
  const agents: Agent[] = new Array(AGENTS);
  console.log(`ingest: ${AGENTS} agents, ${CLIENTS} concurrent clients, collector pid ${pid}`);
  const sample = JSON.stringify({ type: 'report', reportId: 'x', inventory: generateInventory(1) }).length;
  console.log(
    `report size ≈ ${(sample / 1024).toFixed(1)} KB (${generateInventory(1).software.length} packages)`,
  );
  // Frames are built before the clock starts: the client's CPU (same 2 cores) goes to sending them.
  // The same frame serves first contact and an unchanged re-report (only its id differs, as from a
  // real agent whose inventory did not change). In each steady phase another 10 % of the agents
  // report 3 package upgrades: agents 0, 10, 20… in the first, 5, 15, 25… in the second (where the
  // first ones re-send what they sent before, now unchanged), 1, 11, 21… in the third.
  const tp = performance.now();
  const frames = Array.from({ length: AGENTS }, (_, i) => prepareFrame(i, { huaweiPhone: i % 50 === 0 }));
  const changedFrames = new Map<number, Frame>();
  for (let i = 0; i < AGENTS; i++)
    if (i % 10 === 0 || i % 10 === 5 || i % 10 === 1)
      changedFrames.set(i, prepareFrame(i, { huaweiPhone: i % 50 === 0, changed: 3 }));
  const steadyFrame = (i: number) => (i % 10 === 0 ? changedFrames.get(i)! : frames[i]);
  const heldFrame = (i: number) => (i % 10 === 0 || i % 10 === 5 ? changedFrames.get(i)! : frames[i]);
  const fullFrame = (i: number) => changedFrames.get(i) ?? frames[i];
  console.log(`frames prepared in ${((performance.now() - tp) / 1000).toFixed(1)} s (not timed)`);
  const stamp = Date.now().toString(36);
  const known: (string | undefined)[] = new Array(AGENTS);

  // 1. First contact: enroll and report a distinct inventory.
  const cpu0 = cpu(pid);
  const st0 = await ingestStats(col.url);
  const firstSec = await phase(col.url, AGENTS, async (i, c) => {
    c.send(JSON.stringify(hello({ enrollSecret: secret, hostname: `ws-${i}` })));
    const w = await expectMsg(c, 'welcome');
    if (w.type === 'welcome') agents[i] = { id: w.agentId, key: w.nodeKey! };
    await report(c, frames[i], `first-${i}-${stamp}`, known, i, true);
  });
  const cpu1a = cpu(pid);
  const st1a = await ingestStats(col.url);
  const afterFirst = rss(pid);
  const stopCollector = async () => {
    col.proc.kill('SIGTERM');
    await new Promise((r) => col.proc.once('exit', r));
  };
  const restart = async (heartbeatMs?: number) => {
    await stopCollector();
    col = await startCollector(heartbeatMs);
    pid = col.proc.pid!;
  };
  // Profiling: a fresh collector process per phase, so each profile covers one workload.
  const restartForProfile = async () => {
    if (process.env.INGEST_PROFILE) await restart();
  };
  await restartForProfile();
  const cpu1 = process.env.INGEST_PROFILE ? cpu(pid) : cpu1a;
  const st1 = process.env.INGEST_PROFILE ? await ingestStats(col.url) : st1a;

  // 2. Daily steady state, one connection per report (`coverscan-agent once`): the same agents
  // re-report; 90 % unchanged (sent as a digest, the welcome naming what the collector holds),
  // 10 % a few package upgrades (in full).
  const steadySec = await phase(col.url, AGENTS, async (i, c) => {
    c.send(JSON.stringify(hello({ agentId: agents[i].id, nodeKey: agents[i].key })));
    const w = await expectMsg(c, 'welcome');
    if (w.type === 'welcome') known[i] = w.inventoryHash;
    await report(c, steadyFrame(i), `steady-${i}-${stamp}`, known, i, true);
  });
  const cpu2 = cpu(pid);
  const st2 = await ingestStats(col.url);
  const afterSteady = rss(pid);

  // 2b. The same with agents that hold their connection (`coverscan-agent run`): no handshake per report;
  // again 90 % unchanged (relative to what phase 2 stored), 10 % with 3 package upgrades.
  await restartForProfile();
  const held: BenchAgent[] = [];
  const { hostname, port } = new URL(col.url);
  for (let i = 0; i < AGENTS; i += 250) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(250, AGENTS - i) }, async (_, k) => {
        const c = await BenchAgent.open(hostname, Number(port));
        c.send(JSON.stringify(hello({ agentId: agents[i + k].id, nodeKey: agents[i + k].key })));
        const w = await expectMsg(c, 'welcome');
        if (w.type === 'welcome') known[i + k] = w.inventoryHash;
        return c;
      }),
    );
    held.push(...batch);
  }
  /** Every agent reports once over its held connection, `CLIENTS` in flight. */
  const heldPhase = async (frame: (i: number) => Frame, tag: string, digests: boolean) => {
    let next = 0;
    const t = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        for (let i = next++; i < AGENTS; i = next++)
          await report(held[i], frame(i), `${tag}-${i}-${stamp}`, known, i, digests);
      }),
    );
    return (performance.now() - t) / 1000;
  };
  const cpu3 = cpu(pid);
  const st3 = await ingestStats(col.url);
  const heldSec = await heldPhase(heldFrame, 'held', true);
  const cpu4 = cpu(pid);
  const st4 = await ingestStats(col.url);

  // 2c. Agents without digest support (every report in full) holding their connection; the collector
  // recognises an unchanged full report by its fingerprint. 10 % changed (agents 1, 11, 21…).
  const fullSec = await heldPhase(fullFrame, 'full', false);
  const cpu5 = cpu(pid);
  const st5 = await ingestStats(col.url);
  const afterHeld = rss(pid);
  for (const c of held) c.terminate();

  // 3. Idle connections held open across heartbeats (ping every 2 s; a missed pong closes), on a
  // collector restarted with that interval (the phases above ran with the default 30 s: pinging 10,000
  // held connections every 2 s would be 5,000 pings a second beside the reports).
  await restart(2000);
  const idle: TestClient[] = [];
  const ti = performance.now();
  for (let i = 0; i < IDLE; i += 250)
    idle.push(
      ...(await Promise.all(Array.from({ length: Math.min(250, IDLE - i) }, () => connect(col.url)))),
    );
  const openSec = (performance.now() - ti) / 1000;
  await new Promise((r) => setTimeout(r, 7000));
  const stillOpen = idle.filter((c) => c.ws.readyState === c.ws.OPEN).length;
  const idleRss = rss(pid);
  for (const c of idle) c.ws.terminate();

  await stopCollector();
  const dbBytes = statSync(db).size + (statSync(`${db}-wal`, { throwIfNoEntry: false })?.size ?? 0);

  const ceil = ceiling(32);
  const firstRate = AGENTS / firstSec;
  const steadyRate = AGENTS / steadySec;
  const heldRate = AGENTS / heldSec;
  const fullRate = AGENTS / fullSec;
  const client = process.cpuUsage();
  const ceilFirst = ceil.reports / ceil.firstSec;
  const ceilTouch = AGENTS / ceil.touchSec;
  const per10k = (x: number) => (x * 10_000) / AGENTS;
  const lines = [
    `first contact (enroll + distinct inventory): ${firstRate.toFixed(0)} reports/s (${firstSec.toFixed(1)} s; ${cpuNote(cpu0, cpu1a, AGENTS)}) — floor 150/s`,
    commitNote(st0, st1a),
    `  raw better-sqlite3 ceiling, same rows, 32 reports/transaction: ${ceilFirst.toFixed(0)} reports/s → ours = ${((100 * firstRate) / ceilFirst).toFixed(1)} % (floor 30 %)`,
    `steady state, a connection per report (90 % digests, 10 % slightly changed in full): ${steadyRate.toFixed(0)} reports/s (${steadySec.toFixed(1)} s; ${cpuNote(cpu1, cpu2, AGENTS)})`,
    commitNote(st1, st2),
    `steady state, agents holding their connection (90 % digests, 10 % changed): ${heldRate.toFixed(0)} reports/s (${heldSec.toFixed(1)} s; ${cpuNote(cpu3, cpu4, AGENTS)}) — floor 3000/s`,
    commitNote(st3, st4),
    `steady state, held connections, every report in full (no digests; 10 % changed): ${fullRate.toFixed(0)} reports/s (${fullSec.toFixed(1)} s; ${cpuNote(cpu4, cpu5, AGENTS)})`,
    commitNote(st4, st5),
    `  raw ceiling for the same writes: ${ceilTouch.toFixed(0)} reports/s → ours = ${((100 * steadyRate) / ceilTouch).toFixed(1)} % / ${((100 * heldRate) / ceilTouch).toFixed(1)} % / ${((100 * fullRate) / ceilTouch).toFixed(1)} %`,
    `  → 100,000 agents: enroll in ${(100_000 / firstRate / 60).toFixed(1)} min (floor 12), re-report in ${(100_000 / heldRate).toFixed(0)} s connected (floor 35) / ${(100_000 / steadyRate).toFixed(0)} s reconnecting / ${(100_000 / fullRate).toFixed(0)} s connected without digests`,
    `bench client process CPU ${((client.user + client.system) / 1e6).toFixed(1)} s in total (same 2 cores)`,
    `collector peak RSS ${afterFirst.hwm.toFixed(0)} MB after first contact, ${afterSteady.hwm.toFixed(0)} MB after steady state, ${afterHeld.now.toFixed(0)} MB holding ${AGENTS} agents' connections`,
    `database ${(per10k(dbBytes) / 1048576).toFixed(0)} MB per 10,000 agents`,
    `idle: ${stillOpen}/${IDLE} connections still open after 7 s of 2 s heartbeats (opened in ${openSec.toFixed(1)} s); a fresh collector's RSS ${idleRss.now.toFixed(0)} MB`,
  ];
  console.log(lines.join('\n'));
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
