// Credentials profiles and sweep jobs run by the collector (issue 16), as a user runs them: the built CLI on
// a real SQLite file, real SNMP on loopback against snmpsim devices that answer only a secret community.
// The secrets must never show: not in the database file (and its WAL), not in any command's output or
// log, not in a report. A job runs by hand and on its cron schedule inside `serve`; a collector killed
// mid-sweep leaves its run interrupted, and the next `serve` runs that job again.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SweepRun } from '../packages/collector/src/store/sweep-jobs';
import { type Sim, startSnmpsim } from '../packages/sweep/test/sweep-sim';
import { cli, coverscan, serve, stop } from './collector-process';

const port = 17733;
const COMMUNITY = 'br4nch-0ffice-c0mmunity';
const AUTH_KEY = 'v3-4uth-passphrase-x9';
const PRIV_KEY = 'v3-pr1v-passphrase-q7';
const SECRETS = [COMMUNITY, AUTH_KEY, PRIV_KEY];
let sim: Sim;
let dir: string;
let db: string;
const outputs: string[] = [];

/** Runs the CLI on the test database and keeps everything it printed, to be searched for secrets. */
function cs(args: string[], env: Record<string, string> = {}) {
  const r = coverscan([...args, '--db', db], { COVERSCAN_DB: '', ...env });
  outputs.push(r.stdout, r.stderr);
  return r;
}
const ok = (args: string[]) => {
  const r = cs(args);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout;
};
const runs = () => JSON.parse(ok(['sweep-job', 'list', '--runs', '--format', 'json'])) as SweepRun[];
const report = () =>
  JSON.parse(ok(['report', '--format', 'json'])) as {
    ip: string | null;
    site: string | null;
    kind: string;
  }[];

async function until<T>(what: string, f: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coverscan-jobs-'));
  db = join(dir, 'jobs.db');
  sim = await startSnmpsim(
    [
      { address: '127.88.73.1', file: 'huawei-switch.snmprec', communities: [COMMUNITY] },
      { address: '127.88.73.2', file: 'cisco-switch.snmprec', communities: [COMMUNITY] },
      { address: '127.88.74.1', file: 'hikvision-camera.snmprec', communities: [COMMUNITY] },
    ],
    port,
  );
});
afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('credentials profiles', { timeout: 120_000 }, () => {
  it('are added, listed without secrets and removed; the key file is 0600 beside the database', () => {
    expect(ok(['credentials', 'add', 'branch', '--community', COMMUNITY])).toMatch(
      /branch added \(1 community\)/,
    );
    ok([
      'credentials',
      'add',
      'core-v3',
      '--v3-user',
      'monitor',
      '--auth-proto',
      'sha256',
      '--auth-key',
      AUTH_KEY,
      '--priv-proto',
      'aes',
      '--priv-key',
      PRIV_KEY,
    ]);
    const key = `${db}.key`;
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const list = JSON.parse(ok(['credentials', 'list', '--format', 'json'])) as {
      name: string;
      summary: string;
    }[];
    expect(list.map((p) => [p.name, p.summary])).toEqual([
      ['branch', '1 community'],
      ['core-v3', 'v3 sha256/aes'],
    ]);
    ok(['credentials', 'list']);

    const refused = (args: string[], message: RegExp) => {
      const r = cs(args);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(message);
    };
    refused(['credentials', 'add', 'branch', '--community', 'x'], /exists already/);
    refused(['credentials', 'add', 'empty'], /give --community/);
    refused(
      ['credentials', 'add', 'short', '--v3-user', 'u', '--auth-proto', 'sha', '--auth-key', 'short'],
      /at least 8/,
    );
    ok(['credentials', 'add', 'spare', '--community', 'spare-community-1']);
    ok(['credentials', 'remove', 'spare']);
    refused(['credentials', 'remove', 'spare'], /no credentials profile named spare/);
  });
});

describe('sweep jobs on the collector', { timeout: 120_000 }, () => {
  it('refuse an unknown site, profile, bad cron or targets; run by hand with the profile; carry the site', () => {
    ok(['site', 'add', 'paris', '127.88.73.0/24']);
    ok(['site', 'add', 'lyon', '127.88.74.0/24']);
    const refused = (args: string[], message: RegExp) => {
      const r = cs(['sweep-job', 'add', ...args]);
      expect(r.code, r.stdout).toBe(2);
      expect(r.stderr).toMatch(message);
    };
    refused(['--site', 'nice', '127.88.73.1'], /no site named nice; sites: lyon, paris/);
    refused(['--site', 'paris', '127.88.73.1', '--credentials', 'nope'], /no credentials profile named nope/);
    refused(['--site', 'paris', '127.88.73.1', '--schedule', '61 * * * *'], /not a cron expression/);
    refused(['--site', 'paris', '127.88.73.300'], /127\.88\.73\.300/);
    expect(JSON.parse(ok(['sweep-job', 'list', '--format', 'json']))).toEqual([]);

    const id = ok([
      'sweep-job',
      'add',
      '--site',
      'paris',
      '127.88.73.0/29',
      '--snmp-port',
      String(port),
      '--credentials',
      'branch',
    ]).trim();
    expect(id).toMatch(/^\d+$/);
    // A profile or site in use cannot go from under its job.
    expect(cs(['credentials', 'remove', 'branch']).code).toBe(2);
    expect(cs(['site', 'remove', 'paris']).stderr).toMatch(new RegExp(`sweep job\\(s\\) #${id}`));

    const r = cs(['sweep-job', 'run', id]);
    expect(r.code, r.stderr).toBe(0);
    const [run] = runs();
    expect(run).toMatchObject({ jobId: Number(id), site: 'paris', sweeper: 'collector', status: 'done' });
    // Both devices answer only the profile's community: finding them proves it was used.
    expect(run.counters?.responders).toBe(2);
    const swept = report().filter((a) => a.ip?.startsWith('127.88.73.'));
    expect(swept.map((a) => [a.ip, a.site]).sort()).toEqual([
      ['127.88.73.1', 'paris'],
      ['127.88.73.2', 'paris'],
    ]);
  });

  it('fires on its schedule inside serve', async () => {
    // Every second (croner takes a seconds field): the first run comes within a second or two.
    const id = Number(
      ok([
        'sweep-job',
        'add',
        '--site',
        'lyon',
        '127.88.74.1',
        '--snmp-port',
        String(port),
        '--credentials',
        'branch',
        '--schedule',
        '* * * * * *',
      ]),
    );
    const c = await serve(db);
    try {
      await until('the scheduled run', () => runs().find((x) => x.jobId === id && x.status === 'done'));
    } finally {
      await stop(c);
      outputs.push(c.stdout(), c.stderr());
    }
    expect(report().find((a) => a.ip === '127.88.74.1')?.site).toBe('lyon');
    ok(['sweep-job', 'remove', String(id)]);
  });

  it('a collector killed mid-sweep leaves the run interrupted; the next serve runs the job again', async () => {
    // 1,024 silent addresses at 100 packets/s: a sweep that takes long enough to be killed in.
    ok(['site', 'add', 'slow', '127.88.80.0/22']);
    const id = Number(
      ok([
        'sweep-job',
        'add',
        '--site',
        'slow',
        '127.88.80.0/22',
        '--snmp-port',
        String(port),
        '--rate',
        '100',
      ]),
    );
    const p: ChildProcess = spawn(process.execPath, [cli, 'sweep-job', 'run', String(id), '--db', db], {
      stdio: 'ignore',
    });
    await until('the run to start', () => runs().find((x) => x.jobId === id && x.status === 'running'));
    p.kill('SIGKILL');
    await new Promise((r) => p.once('exit', r));

    const c = await serve(db);
    try {
      // The dead run is marked interrupted, which makes the job due again at once.
      await until('a second run', () =>
        runs().filter((x) => x.jobId === id).length >= 2 ? true : undefined,
      );
    } finally {
      // Stopping serve stops that second run early too; it stores what it found and says so.
      await stop(c);
      outputs.push(c.stdout(), c.stderr());
    }
    expect(
      runs()
        .filter((x) => x.jobId === id)
        .map((x) => x.status),
    ).toEqual(['interrupted', 'interrupted']);
  });

  it('never shows a secret: database file, logs, command output, reports', () => {
    outputs.push(
      ok(['report', '--format', 'csv']),
      ok(['report']),
      ok(['sweep-job', 'list', '--runs', '--format', 'json']),
    );
    const files = [db, `${db}-wal`, `${db}-shm`].filter(existsSync).map((f) => readFileSync(f));
    for (const s of SECRETS) {
      for (const f of files) expect(f.includes(Buffer.from(s)), s).toBe(false);
      for (const o of outputs) expect(o.includes(s), s).toBe(false);
    }
    // The sweep really ran: the check above searched a database that holds its results.
    expect(outputs.join('').length).toBeGreaterThan(1000);
  });

  it('a database copied without its key opens no profile', () => {
    const r = cs(['sweep-job', 'run', '1'], { COVERSCAN_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/does not open with this key/);
  });
});
