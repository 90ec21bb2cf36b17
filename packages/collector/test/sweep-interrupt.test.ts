// Ctrl-C during `coverscan sweep` (the built CLI, real SIGINT): what was identified is stored and the
// sweep is marked interrupted with its counts; a second Ctrl-C ends the process at once, even while it
// waits for the database, and stores nothing by halves.
// Two snmpsim devices answer at once; a third sits behind a slow relay (each request 1.5 s), so with
// --concurrency 1 its identification starts only after the other two are done and then takes long:
// the relay seeing its first identification request is the moment to press Ctrl-C.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCommunityMessage } from '@coverscan/sweep/ber';
import { SYS } from '@coverscan/sweep/mib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtures, type LossyProxy, lossyProxy, type Sim, startSnmpsim } from '../../sweep/test/sweep-sim';
import { Store } from '../src/store/store';

const cli = new URL('../dist/coverscan.js', import.meta.url).pathname;
const port = 17701;
const fast = ['127.88.7.1', '127.88.7.2'];
const slow = '127.88.7.3';
let sim: Sim;
let relay: LossyProxy;
let dir: string;
/** Called when the slow device gets a request other than discovery's. */
let onIdentifySlow: () => void = () => {};

const discovery = new Set<string>([SYS.descr, SYS.objectId, SYS.name]);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coverscan-sweep-int-'));
  sim = await startSnmpsim(
    [
      { address: fast[0], file: 'huawei-switch.snmprec' },
      { address: fast[1], file: 'cisco-switch.snmprec' },
      { address: '127.88.7.9', file: 'hikvision-camera.snmprec' },
    ],
    port,
  );
  relay = await lossyProxy(
    [slow],
    port,
    { address: '127.88.7.9', port },
    {
      dropFirst: () => 0,
      delayMs: () => 1500,
      onRequest: (_i, msg) => {
        const oids = decodeCommunityMessage(msg).pdu.varbinds.map((v) => v.oid);
        if (!oids.every((o) => discovery.has(o))) onIdentifySlow();
      },
    },
  );
});
afterAll(async () => {
  relay?.close();
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

interface Run {
  proc: ChildProcess;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

/** Starts the sweep and resolves once the slow device is being identified (the fast ones are done). */
async function sweepUntilSlowDevice(db: string): Promise<Run> {
  const identifying = new Promise<void>((r) => {
    onIdentifySlow = r;
  });
  const proc = spawn(
    process.execPath,
    [
      cli,
      'sweep',
      ...fast,
      slow,
      '--snmp-port',
      String(port),
      '--timeout',
      '4000',
      '--concurrency',
      '1',
      '--db',
      db,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, COVERSCAN_DB: '' } },
  );
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) =>
    proc.on('exit', (code, signal) => r({ code, signal, at: Date.now() })),
  );
  const early = exit.then((e) => {
    throw new Error(`sweep ended before the slow device (${e.code}):\n${err}`);
  });
  await Promise.race([identifying, early]);
  early.catch(() => {});
  return { proc, stderr: () => err, exit };
}

const waitFor = async (cond: () => boolean, ms: number) => {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

/** entPhysicalSerialNum of the fixture's chassis: only identification reads it, discovery does not. */
function fixtureSerial(file: string): string {
  const line = readFileSync(join(fixtures, file), 'latin1')
    .split('\n')
    .find((l) => l.startsWith('1.3.6.1.2.1.47.1.1.1.1.11.'));
  return line!.split('|')[2];
}

describe('Ctrl-C during coverscan sweep', () => {
  it('stores what was identified so far, marks the sweep interrupted with its counts, and says so', async () => {
    const db = join(dir, 'once.db');
    const run = await sweepUntilSlowDevice(db);
    run.proc.kill('SIGINT');
    const end = await run.exit;
    expect(end.code).toBe(130);
    expect(run.stderr()).toMatch(/interrupted: stopping the sweep and storing what it found so far/);
    expect(run.stderr()).toMatch(/marked interrupted/);

    const store = Store.open(db, 'read');
    try {
      const sweep = store.db.prepare('SELECT status, counters, finished_at FROM sweeps').get() as {
        status: string;
        counters: string;
        finished_at: string | null;
      };
      expect(sweep.status).toBe('interrupted');
      expect(sweep.finished_at).not.toBeNull();
      const c = JSON.parse(sweep.counters) as Record<string, number>;
      expect(c).toMatchObject({ targets: 3, probed: 3, responders: 3, identified: 2 });
      const rows = store.reportRows();
      const byIp = new Map(rows.filter((r) => r.kind === 'network-device').map((r) => [r.ip, r]));
      const children = (ip: string) => rows.filter((r) => r.attachedTo === byIp.get(ip)?.id).length;
      // The two that were identified, with what only identification reads: the ENTITY-MIB serial and
      // the devices in their neighbor tables (LLDP/FDB, CDP).
      expect(byIp.get(fast[0])?.serial).toBe(fixtureSerial('huawei-switch.snmprec'));
      expect(byIp.get(fast[0])?.verdict).toBe('covered');
      expect(children(fast[0])).toBeGreaterThan(0);
      expect(children(fast[1])).toBeGreaterThan(0);
      // The one cut short is kept as discovery saw it: there, but not identified.
      expect(byIp.get(slow)).toBeDefined();
      expect(byIp.get(slow)?.serial).toBeNull();
      expect(children(slow)).toBe(0);
      expect(c.assetsStored).toBe(rows.length);
    } finally {
      store.close();
    }
  }, 60_000);

  it('a second Ctrl-C exits at once, even while waiting for the database, and stores nothing by halves', async () => {
    const db = join(dir, 'twice.db');
    const run = await sweepUntilSlowDevice(db);
    // Another writer holds the database: storing will wait for it (up to the 10 s busy timeout).
    const other = new Database(db);
    other.exec('BEGIN IMMEDIATE');
    try {
      run.proc.kill('SIGINT');
      await waitFor(() => /interrupted: stopping/.test(run.stderr()), 5000);
      await new Promise((r) => setTimeout(r, 300));
      const second = Date.now();
      run.proc.kill('SIGINT');
      const end = await run.exit;
      expect(end.signal).toBe('SIGINT');
      expect(end.at - second).toBeLessThan(2000);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const check = new Database(db, { readonly: true });
    try {
      expect(check.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(check.prepare('SELECT count(*) n FROM assets').get()).toEqual({ n: 0 });
      expect(check.prepare('SELECT status, finished_at FROM sweeps').get()).toEqual({
        status: 'running',
        finished_at: null,
      });
    } finally {
      check.close();
    }
  }, 60_000);
});
