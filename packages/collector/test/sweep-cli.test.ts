// `coverscan sweep` as a user runs it (the built CLI): bad input fails before anything is sent,
// --discover-only lists responders address first, a full sweep lands in the store through the
// ingest path with a sweep record, and the community (given by environment) is stored nowhere.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sim, startSnmpsim } from './sweep-sim';

const cli = new URL('../dist/coverscan.js', import.meta.url).pathname;
const port = 17601;
const secret = 's3cret-comm-17601';
let sim: Sim;
let dir: string;

const run = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, COVERSCAN_DB: '', ...env },
    timeout: 60_000,
  });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coverscan-sweep-cli-'));
  sim = await startSnmpsim(
    [
      { address: '127.88.6.1', file: 'huawei-switch.snmprec', communities: [secret] },
      { address: '127.88.6.2', file: 'cisco-switch.snmprec', communities: [secret] },
    ],
    port,
  );
});
afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('coverscan sweep', () => {
  it('rejects a bad target before sending anything', () => {
    const r = run(['sweep', '127.88.6.1', '127.88.6.300', '--db', join(dir, 'bad.db')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/127\.88\.6\.300/);
    expect(r.stdout).toBe('');
  });

  it('rejects incomplete v3 credentials and bad numbers', () => {
    const a = run([
      'sweep',
      '127.88.6.1',
      '--v3-user',
      'u',
      '--v3-priv-proto',
      'aes',
      '--v3-priv-key',
      'xxxxxxxx',
    ]);
    expect(a.status).not.toBe(0);
    expect(a.stderr).toMatch(/auth/);
    const b = run(['sweep', '127.88.6.1', '--snmp-port', '70000']);
    expect(b.status).not.toBe(0);
    expect(b.stderr).toMatch(/--snmp-port/);
  });

  it('reads targets from @file and lists responders address first with --discover-only', () => {
    const list = join(dir, 'targets.txt');
    writeFileSync(list, '# branch office\n127.88.6.1-127.88.6.3\n127.88.6.9 # spare\n');
    const r = run(['sweep', `@${list}`, '--discover-only', '--snmp-port', String(port), '--timeout', '500'], {
      COVERSCAN_SNMP_COMMUNITIES: `wrong,${secret}`,
    });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines.map((l) => l.split('\t')[0]).sort()).toEqual(['127.88.6.1', '127.88.6.2']);
    expect(lines.find((l) => l.startsWith('127.88.6.1\t'))).toContain('core-sw1');
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('--discover-only --format json|csv lists the responders at the end; a full sweep refuses --format', () => {
    const args = [
      'sweep',
      '127.88.6.1-127.88.6.3',
      '--discover-only',
      '--snmp-port',
      String(port),
      '--timeout',
      '500',
    ];
    const env = { COVERSCAN_SNMP_COMMUNITIES: secret };
    const json = run([...args, '--json'], env);
    expect(json.status).toBe(0);
    const rows = JSON.parse(json.stdout) as { address: string; sysName: string | null }[];
    expect(rows.map((r) => r.address).sort()).toEqual(['127.88.6.1', '127.88.6.2']);
    expect(rows.find((r) => r.address === '127.88.6.1')?.sysName).toBe('core-sw1');
    const csv = run([...args, '--format', 'csv'], env);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('address,version,sysName,sysObjectID,engineId,sysDescr');
    expect(
      lines
        .slice(1)
        .map((l) => l.split(',')[0])
        .sort(),
    ).toEqual(['127.88.6.1', '127.88.6.2']);
    const full = run(['sweep', '127.88.6.1', '--json', '--db', join(dir, 'never.db')]);
    expect(full.status).not.toBe(0);
    expect(full.stderr).toMatch(/--discover-only/);
  });

  it('stores a full sweep through ingest, with a sweep record and no secret in the database', () => {
    const db = join(dir, 'sweep.db');
    const credFile = join(dir, 'snmp.cred');
    writeFileSync(credFile, `# SNMP credentials\ncommunity = ${secret}\n`);
    const r = run([
      'sweep',
      '127.88.6.0/29',
      '--credentials',
      credFile,
      '--snmp-port',
      String(port),
      '--timeout',
      '500',
      '--db',
      db,
    ]);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/2 responders/);
    expect(r.stdout + r.stderr).not.toContain(secret);

    const rep = run(['report', '--db', db, '--format', 'json']);
    const rows = JSON.parse(rep.stdout) as {
      ip: string | null;
      mac: string | null;
      kind: string;
      verdict: string;
      entity: string | null;
      vendor: string | null;
      location: string | null;
    }[];
    const sw = rows.find((x) => x.ip === '127.88.6.1');
    expect(sw).toMatchObject({
      kind: 'network-device',
      verdict: 'covered',
      entity: 'huawei',
      vendor: 'Huawei',
    });
    expect(rows.find((x) => x.ip === '127.88.6.2')).toMatchObject({ verdict: 'clear', vendor: 'Cisco' });
    const dahua = rows.find((x) => x.mac === '14:a7:8b:44:55:66');
    expect(dahua).toMatchObject({ kind: 'neighbor', verdict: 'review', entity: 'dahua' });
    expect(dahua?.location).toContain('VLAN 10');

    const sqlite = new Database(db, { readonly: true });
    const sweeps = sqlite.prepare('SELECT counters, settings, finished_at FROM sweeps').all() as {
      counters: string;
      settings: string;
      finished_at: string | null;
    }[];
    sqlite.close();
    expect(sweeps).toHaveLength(1);
    expect(JSON.parse(sweeps[0].counters)).toMatchObject({ responders: 2, identified: 2, probed: 6 });
    expect(sweeps[0].finished_at).not.toBeNull();
    expect(readFileSync(db).includes(secret)).toBe(false);
    expect(sweeps[0].settings).not.toContain(secret);
  });
});
