// Every command that prints data takes the same switch: --format table|json|csv, and --json for
// --format json. JSON is one array of rows; CSV has a header row of the same keys, one record a row.
// Both command lines say their version.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../packages/collector/src/store/store';
import { coverscan, root } from './collector-process';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-formats-'));
const db = join(dir, 'formats.db');
const agentCli = join(root, 'packages/agent/dist/coverscan-agent.js');
const agent = (...args: string[]) =>
  spawnSync(process.execPath, [agentCli, ...args], { encoding: 'utf8', timeout: 60_000 });

beforeAll(() => {
  expect(coverscan(['enroll', 'create', '--db', db, '--label', 'lab, second floor']).code).toBe(0);
  const s = Store.open(db);
  s.ingestAssets(
    [
      {
        kind: 'network-device',
        ip: '127.0.0.91',
        mac: null,
        hostname: 'core-1',
        vendor: null,
        model: null,
        serial: null,
        identities: [],
        observations: [
          { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.2011.2.23.96' },
        ],
      },
    ],
    { source: 'sweep', sweepId: s.startSweep(['127.0.0.91'], {}) },
  );
  s.close();
});

/** `--format json` and `--json` print the same array; `--format csv` prints its keys, then its rows. */
function sameDataInEveryFormat(args: string[]): Record<string, unknown>[] {
  const json = coverscan([...args, '--format', 'json']);
  expect(json.code, `${args.join(' ')} --format json: ${json.stderr}`).toBe(0);
  const rows = JSON.parse(json.stdout) as Record<string, unknown>[];
  expect(Array.isArray(rows)).toBe(true);
  expect(rows.length, args.join(' ')).toBeGreaterThan(0);
  expect(JSON.parse(coverscan([...args, '--json']).stdout)).toEqual(rows);
  const csv = coverscan([...args, '--format', 'csv']);
  expect(csv.code).toBe(0);
  const lines = csv.stdout.trimEnd().split('\n');
  for (const key of lines[0].split(','))
    expect(rows[0], `${args.join(' ')}: csv column ${key}`).toHaveProperty(key);
  expect(lines).toHaveLength(rows.length + 1);
  const both = coverscan([...args, '--json', '--format', 'csv']);
  expect(both.code).not.toBe(0);
  expect(both.stderr).toMatch(/--json.*--format|--format.*--json/);
  return rows;
}

describe('--format table|json|csv and --json', () => {
  it('report', () => {
    const rows = sameDataInEveryFormat(['report', '--db', db]);
    expect(rows[0]).toMatchObject({ verdict: 'covered', entity: 'huawei' });
  }, 60_000);

  it('agents', () => {
    // An agent enrolls through the store's own path (no server needed to list it).
    const s = Store.open(db);
    const secret = s.createEnrollSecret('agents test').secret;
    const r = s.enroll(secret, 'ws-formats', '0.1.0');
    s.close();
    expect(r.ok).toBe(true);
    const rows = sameDataInEveryFormat(['agents', '--db', db]);
    expect(rows[0]).toMatchObject({ hostname: 'ws-formats' });
  }, 60_000);

  it('enroll list (a label with a comma stays one CSV field)', () => {
    const rows = sameDataInEveryFormat(['enroll', 'list', '--db', db]);
    expect(rows[0]).toMatchObject({ label: 'lab, second floor' });
    expect(coverscan(['enroll', 'list', '--db', db, '--format', 'csv']).stdout).toContain(
      '"lab, second floor"',
    );
  }, 60_000);

  it('findings list', () => {
    const rows = sameDataInEveryFormat(['findings', 'list', '--db', db]);
    expect(rows[0]).toMatchObject({ status: 'open', verdict: 'covered', entity: 'huawei', asset: 'core-1' });
    expect(coverscan(['findings', 'list', '--db', db]).stdout).toMatch(/^finding\s+status\s+verdict/);
  }, 60_000);

  it('catalog show (the catalog in use first)', () => {
    const rows = sameDataInEveryFormat(['catalog', 'show', '--db', db]);
    expect(rows[0]).toMatchObject({ inUse: true, policy: 'default', verdictsDue: 0, origin: 'shipped' });
    expect(coverscan(['catalog', 'show', '--db', db]).stdout).toMatch(/^catalog in use: \S+ \(shipped/);
  }, 60_000);

  it('coverscan-agent inventory', () => {
    const csv = agent('inventory', '--format', 'csv');
    expect(csv.status, csv.stderr).toBe(0);
    const lines = csv.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'kind,hostname,vendor,model,serial,mac,ip,attachedTo,verdict,entity,reason,lists,evidence',
    );
    expect(lines[1]).toMatch(/^endpoint,/);
    const json = JSON.parse(agent('inventory', '--format', 'json').stdout);
    expect(json.assets[0]).toMatchObject({ kind: 'endpoint' });
    expect(json.assets.length).toBeGreaterThanOrEqual(lines.length - 1);
  }, 60_000);
});

describe('--version', () => {
  it('coverscan and coverscan-agent print their package versions', () => {
    const version = (pkg: string) =>
      (JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as { version: string })
        .version;
    const c = coverscan(['--version']);
    expect(c.code).toBe(0);
    expect(c.stdout.trim()).toBe(version('collector'));
    const a = agent('--version');
    expect(a.status).toBe(0);
    expect(a.stdout.trim()).toBe(version('agent'));
  });
});
