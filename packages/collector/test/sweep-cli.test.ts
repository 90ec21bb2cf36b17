// `coverscan sweep` as a user runs it (the built CLI): bad input fails before anything is sent,
// --discover-only lists responders address first, a full sweep lands in the store through the
// ingest path with a sweep record, and the community (given by environment) is stored nowhere.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scripted } from '../../sweep/test/scripted-agent';
import { fixtures, rawAgent, type Sim, startSnmpsim } from '../../sweep/test/sweep-sim';

const cli = new URL('../dist/coverscan.js', import.meta.url).pathname;
const port = 17601;
const secret = 's3cret-comm-17601';
let sim: Sim;
let dir: string;

const runAsync = (args: string[]) =>
  new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [cli, ...args], { env: { ...process.env, COVERSCAN_DB: '' } });
    let stderr = '';
    p.stderr.on('data', (b) => {
      stderr += b;
    });
    p.on('close', (status) => resolve({ status, stderr }));
  });

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
      { address: '127.88.6.12', file: 'latin1-camera.snmprec', communities: [secret] },
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

  it('identifies on Latin-1 text: a covered maker named with a "©" in 8-bit bytes is covered', () => {
    const db = join(dir, 'latin1.db');
    const r = run(['sweep', '127.88.6.12', '--snmp-port', String(port), '--timeout', '500', '--db', db], {
      COVERSCAN_SNMP_COMMUNITIES: secret,
    });
    expect(r.status).toBe(0);
    const rows = JSON.parse(run(['report', '--db', db, '--format', 'json']).stdout) as {
      ip: string | null;
      verdict: string;
      entity: string | null;
      incomplete: string[];
      evidence: { field: string; value: string; raw?: string }[];
    }[];
    const cam = rows.find((x) => x.ip === '127.88.6.12');
    expect(cam).toMatchObject({ verdict: 'covered', entity: 'hikvision', incomplete: [] });
    // The evidence reads as text and keeps the bytes the camera sent.
    const sent = readFileSync(join(fixtures, 'latin1-camera.snmprec'), 'utf8').match(
      /^1\.3\.6\.1\.2\.1\.1\.1\.0\|4x\|(\w+)$/m,
    )![1];
    const ev = cam!.evidence.find((e) => e.field === 'sysDescr');
    expect(ev?.value).toContain('©');
    expect(ev?.raw).toBe(sent);
  });

  it('stores a device that went silent after discovery and shows what was not read', async () => {
    const db = join(dir, 'silent.db');
    const agent = await rawAgent(
      '127.88.6.13',
      port,
      scripted({ descr: 'Linux', oid: '1.3.6.1.4.1.8072.3.2.10', name: 'mute-cam' }, () => null),
    );
    try {
      // spawnSync would block the event loop that runs the agent: run the CLI asynchronously.
      const r = await runAsync([
        'sweep',
        '127.88.6.13',
        '--snmp-port',
        String(port),
        '--timeout',
        '300',
        '--device-time',
        '2000',
        '--db',
        db,
      ]);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/1 responders, 1 identified \(1 incomplete\)/);
    } finally {
      agent.close();
    }
    const rows = JSON.parse(run(['report', '--db', db, '--format', 'json']).stdout) as {
      hostname: string | null;
      incomplete: string[];
    }[];
    expect(rows.find((x) => x.hostname === 'mute-cam')?.incomplete).toEqual(
      expect.arrayContaining(['system', 'entity', 'neighbors:fdb']),
    );
    const table = run(['report', '--db', db]).stdout;
    expect(table.split('\n')[0]).toMatch(/not read/);
    expect(table).toMatch(/mute-cam.*system,entity/);
    const csv = run(['report', '--db', db, '--format', 'csv']).stdout.trimEnd().split('\n');
    expect(csv[0].split(',')).toContain('incomplete');
    expect(csv[1]).toMatch(/system; entity/);
  });
});
