// The database file as the command line treats it (the built CLI): a command that only reads never
// creates one (a typo is an error, not an empty inventory), never chmods or writes it, and works on a
// read-only archive or medium; only serve, sweep and enroll create start one, and say so; `coverscan
// backup` makes a consistent copy while `serve` writes, and the restore its help describes works.
import { execFile, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../packages/collector/src/store/store';
import { coveredInventory, dirMaker, snapshot } from '../packages/collector/test/db-file-fixtures';
import { generateInventory } from '../packages/collector/test/inventory-generator';
import { connect, hello } from '../packages/collector/test/ws-client';
import { type Collector, cli, coverscan, serve, stop } from './collector-process';

const freshDir = dirMaker('coverscan-dbsafe-');
const running: Collector[] = [];
afterAll(async () => {
  for (const c of running) await stop(c);
});

const reportJson = (db: string) => coverscan(['report', '--db', db, '--format', 'json']);

describe('a missing database', () => {
  const readers: [string, string[]][] = [
    ['report', ['report']],
    ['report --format json', ['report', '--format', 'json']],
    ['findings list', ['findings', 'list']],
    ['findings accept', ['findings', 'accept', '1', '--why', 'waiver W-1']],
    ['findings remediate', ['findings', 'remediate', '1']],
    ['agents', ['agents']],
    ['agents --revoke', ['agents', '--revoke', 'ag_1']],
    ['enroll list', ['enroll', 'list']],
    ['enroll revoke', ['enroll', 'revoke', '1']],
  ];
  it.each(readers)('%s refuses it with a clear error and a non-zero exit, and creates nothing', (_, args) => {
    const dir = freshDir();
    const r = coverscan([...args, '--db', join(dir, 'typo.db')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no database at .*typo\.db/);
    expect(r.stdout).toBe('');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('named by COVERSCAN_DB, too', () => {
    const dir = freshDir();
    const r = coverscan(['report'], { COVERSCAN_DB: join(dir, 'typo.db') });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no database at .*typo\.db/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('backup refuses it and writes no copy', () => {
    const dir = freshDir();
    const r = coverscan(['backup', join(dir, 'copy.db'), '--db', join(dir, 'typo.db')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no database at .*typo\.db/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('starting a database', () => {
  it('enroll create starts one 0600 and says so on stderr (stdout keeps only the secret); the next run does not', () => {
    const file = join(freshDir(), 'new.db');
    const first = coverscan(['enroll', 'create', '--db', file]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^cse_\S+\n$/);
    expect(first.stderr).toMatch(/started a new database .*new\.db/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const second = coverscan(['enroll', 'create', '--db', file]);
    expect(second.stderr).not.toMatch(/started a new database/);
  });

  it('sweep starts one and says so', () => {
    const file = join(freshDir(), 'sweep.db');
    // Nothing answers on this loopback port: the sweep finds nothing, but it records that it ran.
    const r = coverscan([
      'sweep',
      '127.88.9.1',
      '--snmp-port',
      '17798',
      '--timeout',
      '200',
      '--retries',
      '0',
      '--db',
      file,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/started a new database .*sweep\.db/);
    expect(existsSync(file)).toBe(true);
  });

  it('serve starts one and says so', async () => {
    const file = join(freshDir(), 'serve.db');
    const c = await serve(file);
    running.push(c);
    expect(c.stderr()).toMatch(/started a new database .*serve\.db/);
    await stop(c);
  });

  it('an existing file keeps its mode when a command writes to it', () => {
    const { file, findingId } = coveredInventory(freshDir());
    chmodSync(file, 0o640);
    const r = coverscan(['findings', 'accept', String(findingId), '--why', 'waiver W-2', '--db', file]);
    expect(r.code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });
});

describe('a read-only archive', () => {
  it('(mode 0444) is read and left exactly as it was; a write is refused', () => {
    const { file, findingId } = coveredInventory(freshDir());
    const rows = JSON.parse(reportJson(file).stdout);
    chmodSync(file, 0o444);
    const before = snapshot(file);
    // Also as root, whom the mode does not stop: readers open read-only regardless.
    for (const args of [['report'], ['findings', 'list'], ['agents'], ['enroll', 'list']]) {
      const r = coverscan([...args, '--db', file]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    expect(JSON.parse(reportJson(file).stdout)).toEqual(rows);
    const accept = coverscan(['findings', 'accept', String(findingId), '--why', 'waiver W-3', '--db', file]);
    expect(accept.code).not.toBe(0);
    expect(accept.stderr).toMatch(/read-only/);
    expect(snapshot(file)).toEqual(before);
  });

  it('on a read-only medium is read, backed up elsewhere, and never written', () => {
    const dir = freshDir();
    const { file, findingId } = coveredInventory(dir);
    const rows = JSON.parse(reportJson(file).stdout);
    const before = snapshot(file);
    const out = join(freshDir(), 'from-ro.db');
    const script = [
      `node ${cli} report --db ${file} --format json > ${dir}.report.json`,
      `node ${cli} backup ${out} --db ${file}`,
      `if node ${cli} findings accept ${findingId} --why x --db ${file} 2> ${dir}.accept.err; then echo 0; else echo $?; fi > ${dir}.accept.code`,
    ].join('\n');
    // A read-only bind mount (root, in a private mount namespace); elsewhere a read-only directory.
    const asRoot = process.getuid?.() === 0 && spawnSync('unshare', ['-m', 'true']).status === 0;
    if (!asRoot) chmodSync(dir, 0o555);
    const r = asRoot
      ? spawnSync('unshare', ['-m', 'sh', '-ec', `mount --bind -o ro ${dir} ${dir}\n${script}`], {
          encoding: 'utf8',
        })
      : spawnSync('sh', ['-ec', script], { encoding: 'utf8' });
    if (!asRoot) chmodSync(dir, 0o755);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(`${dir}.report.json`, 'utf8'))).toEqual(rows);
    expect(JSON.parse(reportJson(out).stdout)).toEqual(rows);
    expect(readFileSync(`${dir}.accept.code`, 'utf8').trim()).not.toBe('0');
    expect(readFileSync(`${dir}.accept.err`, 'utf8')).toMatch(/read-only/);
    expect(snapshot(file)).toEqual(before);
  });
});

const execCli = (args: string[]) =>
  new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, [cli, ...args], { encoding: 'utf8' }, (e, stdout, stderr) =>
      resolve({ code: e ? ((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    ),
  );

/** Enrolls an agent and sends its inventory; resolves once acked. */
async function report(url: string, secret: string, seed: number, reportId: string): Promise<void> {
  const c = await connect(url);
  c.send(hello({ enrollSecret: secret, hostname: `host-${seed}` }));
  const w = await c.next();
  if (w.type !== 'welcome') throw new Error(JSON.stringify(w));
  c.send({ type: 'report', reportId, inventory: generateInventory(seed) });
  expect(await c.next()).toEqual({ type: 'ack', reportId });
  c.close();
}

describe('coverscan backup', () => {
  it('copies consistently while serve writes; the documented restore brings it back', async () => {
    const dir = freshDir();
    const db = join(dir, 'live.db');
    const secret = coverscan(['enroll', 'create', '--db', db]).stdout.trim();
    let c = await serve(db);
    running.push(c);
    for (const seed of [11, 12, 13]) await report(c.url, secret, seed, `report-${seed}`);

    // What `cp` takes while the collector runs: the reports sit in the WAL, not in the file.
    copyFileSync(db, join(dir, 'cp.db'));
    const copied = JSON.parse(reportJson(join(dir, 'cp.db')).stdout) as { hostname: string }[];
    expect(copied.map((r) => r.hostname)).not.toContain('ws-11');

    // Reports keep arriving during the backup.
    let acked = 0;
    let writing = true;
    const writer = (async () => {
      for (let seed = 100; writing; seed++) {
        await report(c.url, secret, seed, `during-backup-${seed}`);
        acked++;
      }
    })();
    while (acked < 2) await new Promise((r) => setTimeout(r, 20));
    const atStart = acked;
    const out = join(dir, 'backup.db');
    const b = await execCli(['backup', out, '--db', db]);
    const atEnd = acked;
    writing = false;
    await writer;
    expect(b.code, b.stderr).toBe(0);
    expect(b.stderr).toMatch(/backed up .*live\.db to .*backup\.db/);
    expect(atEnd).toBeGreaterThan(atStart);

    // One self-contained, consistent, private file holding everything acked before it started.
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).filter((f) => f.startsWith('backup.db'))).toEqual(['backup.db']);
    const copy = Store.open(out, 'read');
    expect(copy.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.db.pragma('journal_mode', { simple: true })).toBe('delete');
    copy.close();
    const backedUp = JSON.parse(reportJson(out).stdout) as { hostname: string }[];
    const hosts = backedUp.map((r) => r.hostname);
    for (const h of ['ws-11', 'ws-12', 'ws-13', 'ws-100']) expect(hosts).toContain(h);

    const again = coverscan(['backup', out, '--db', db]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/exists/);

    // Restore, as `backup --help` says: stop serve, move the file and its -wal/-shm aside, copy back.
    await stop(c);
    mkdirSync(join(dir, 'old'));
    for (const f of readdirSync(dir).filter((x) => x.startsWith('live.db')))
      renameSync(join(dir, f), join(dir, 'old', f));
    copyFileSync(out, db);
    c = await serve(db);
    running.push(c);
    expect(JSON.parse(reportJson(db).stdout)).toEqual(backedUp);
    await stop(c);
  }, 60_000);

  it('--help says why cp is not a backup and how to restore', () => {
    const help = coverscan(['backup', '--help']).stdout;
    expect(help).toMatch(/-wal/);
    expect(help).toMatch(/4 KB/);
    expect(help).toMatch(/Restore/);
  });
});
