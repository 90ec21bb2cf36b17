// Shared by the agent ↔ collector tests: real `coverscan serve` and `coverscan-agent` processes, a real
// SQLite file, loopback only.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { afterEach, expect } from 'vitest';
import type { WebSocketServer as Server } from 'ws';
import { Spool } from '../packages/agent/src/spool';
import { tokenFor } from '../packages/collector/test/api-auth';

export const root = join(import.meta.dirname, '..');
export const collectorCli = join(root, 'packages/collector/dist/coverscan.js');
export const agentCli = join(root, 'packages/agent/dist/coverscan-agent.js');
export const Database = createRequire(join(root, 'packages/collector/package.json'))(
  'better-sqlite3',
) as typeof BetterSqlite3;

/** The `ws` package's server, for tests that play a collector that misbehaves. */
export const { WebSocketServer } = createRequire(join(root, 'packages/collector/package.json'))('ws') as {
  WebSocketServer: typeof Server;
};

export const procs: ChildProcess[] = [];
/** The database each running collector serves, by its URL (its API token is made in that file). */
const served = new Map<string, string>();
afterEach(() => {
  for (const p of procs.splice(0)) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
});

export function run(cli: string, args: string[]) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `coverscan-agent once` against `url` with this state dir (and the enrollment secret, if given). */
export function agentOnce(url: string, state: string, secret?: string) {
  return run(agentCli, [
    'once',
    '--collector',
    url,
    ...(secret ? ['--enroll-secret', secret] : []),
    '--state-dir',
    state,
  ]);
}

export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function serve(
  db: string,
  port = 0,
  extra: string[] = [],
): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(
    process.execPath,
    [collectorCli, 'serve', '--db', db, '--listen', `127.0.0.1:${port}`, ...extra],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  procs.push(proc);
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${out}`)), 20_000);
    proc.on('exit', (c) => reject(new Error(`collector exited ${c}: ${out}`)));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (wss?:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        served.set(m[1], db);
        resolve({ proc, url: m[1] });
      }
    });
  });
}

export function stop(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((r) => {
    p.once('exit', () => r());
    p.kill('SIGTERM');
  });
}

export async function until(
  what: string,
  cond: () => boolean | Promise<boolean>,
  ms = 30_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'agent-e2e-'));
  const db = join(dir, 'coverscan.db');
  const created = run(collectorCli, ['enroll', 'create', '--db', db]);
  expect(created.code).toBe(0);
  const secret = created.stdout.trim();
  expect(secret.length).toBeGreaterThan(10);
  return { dir, db, secret, state: join(dir, 'agent-state') };
}

export const query = <T>(db: string, sql: string, ...args: unknown[]): T[] => {
  const d = new Database(db, { readonly: true, fileMustExist: true });
  try {
    return d.prepare(sql).all(...args) as T[];
  } finally {
    d.close();
  }
};
export const reportIds = (db: string) =>
  query<{ report_id: string }>(db, 'SELECT report_id FROM reports').map((r) => r.report_id);
export const spooled = (state: string) => {
  try {
    return readdirSync(join(state, 'spool')).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
};

export interface Ingest {
  connections: number;
  fullReports: number;
  digestReports: number;
  inventoryNeeded: number;
}

/** The collector's traffic counters from its HTTP API (with an API token: loopback is no credential). */
export async function ingest(wsUrl: string): Promise<Ingest> {
  const db = served.get(wsUrl);
  if (!db) throw new Error(`no collector started by serve() at ${wsUrl}`);
  const res = await fetch(`${wsUrl.replace(/^ws/, 'http')}/api/health`, { headers: tokenFor(db) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { ingest: Ingest }).ingest;
}

/** This machine's inventory with a Huawei phone on USB: a real inventory, changed. */
export function withPhone(reportId: string): string {
  const inv = JSON.parse(run(agentCli, ['inventory', '--json']).stdout).inventory;
  inv.usb.push({
    vendorId: '12d1',
    productId: '107e',
    name: 'ELE-L29',
    manufacturer: 'HUAWEI',
    serial: '9WV4C19A29001234',
    bus: '1-2',
  });
  return JSON.stringify({ type: 'report', reportId, inventory: inv });
}

/**
 * Enrolls an agent and has it deliver this machine's inventory with a Huawei phone on USB, as seen at
 * `ip` (its physical NICs take that address, so the endpoint and the phone fall in that address's site).
 */
export function reportPhoneFrom(url: string, state: string, secret: string, reportId: string, ip: string) {
  expect(agentOnce(url, state, secret).code).toBe(0);
  const frame = JSON.parse(withPhone(reportId));
  for (const n of frame.inventory.nics) n.ip4 = n.virtual ? n.ip4 : [ip];
  new Spool(join(state, 'spool')).add(reportId, JSON.stringify(frame));
  expect(run(agentCli, ['once', '--no-collect', '--collector', url, '--state-dir', state]).code).toBe(0);
}

/** `coverscan-agent run` every second, with short backoffs; `ids()` lists the reports it has spooled. */
/**
 * `coverscan-agent run` against `url`. `interval` is its report interval in seconds; `track` is the list
 * the process is pushed on for killing (the harness's, emptied after each test, unless a file keeps its own).
 */
export function agentRun(
  url: string,
  secret: string,
  state: string,
  { interval = '1', track = procs }: { interval?: string; track?: ChildProcess[] } = {},
) {
  const proc = spawn(
    process.execPath,
    [
      agentCli,
      'run',
      '--collector',
      url,
      '--enroll-secret',
      secret,
      '--state-dir',
      state,
      '--interval',
      interval,
      '--backoff-min',
      '0.2',
      '--backoff-max',
      '0.5',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  track.push(proc);
  let log = '';
  proc.stderr!.on('data', (d: Buffer) => {
    log += d;
  });
  // Read from the whole log: a line can arrive split across two chunks.
  const ids = () => [...log.matchAll(/inventory ([\w-]+) spooled/g)].map((m) => m[1]);
  return { proc, ids, log: () => log };
}
