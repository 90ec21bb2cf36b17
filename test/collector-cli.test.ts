// The `coverscan` command line as users and scripts drive it: serve, enroll, agents, report, findings.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../packages/collector/src/store/store';
import { generateInventory } from '../packages/collector/test/inventory-generator';
import { connect, hello } from '../packages/collector/test/ws-client';
import { type Collector, coverscan, serve, stop } from './collector-process';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-cli-'));
const db = join(dir, 'cli.db');
let collector: Collector;
let agentId: string;

interface Row {
  id: number;
  kind: string;
  vendor: string | null;
  verdict: string;
  entity: string | null;
  findingId: number | null;
  findingStatus: string | null;
  findingWhy: string | null;
  [k: string]: unknown;
}
const report = (...args: string[]) => coverscan(['report', '--db', db, ...args]);
const json = (...args: string[]) => JSON.parse(report('--format', 'json', ...args).stdout) as Row[];

beforeAll(async () => {
  const secret = coverscan(['enroll', 'create', '--db', db, '--label', 'cli test']).stdout.trim();
  collector = await serve(db);
  const c = await connect(collector.url);
  c.send(hello({ enrollSecret: secret, hostname: 'ws-cli' }));
  const w = await c.next();
  if (w.type !== 'welcome') throw new Error(JSON.stringify(w));
  agentId = w.agentId;
  c.send({
    type: 'report',
    reportId: 'cli-report-1',
    inventory: generateInventory(77, { huaweiPhone: true }),
  });
  expect(await c.next()).toEqual({ type: 'ack', reportId: 'cli-report-1' });
  c.close();
  // And a sweep result through the same ingest path: a ZTE router and a Hikvision MAC behind it.
  const s = Store.open(db);
  s.ingestAssets(
    [
      {
        kind: 'network-device',
        ip: '127.0.0.81',
        mac: null,
        hostname: 'edge-1',
        vendor: null,
        model: 'ZXR10 2928E',
        serial: null,
        identities: [],
        observations: [
          { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.3902.3.100.11' },
        ],
      },
      {
        kind: 'neighbor',
        ip: null,
        mac: 'c0:56:e3:00:00:01',
        hostname: null,
        vendor: null,
        model: null,
        serial: null,
        identities: [],
        observations: [
          { kind: 'mac', source: 'fdb', field: 'dot1dTpFdbAddress', value: 'c0:56:e3:00:00:01' },
        ],
        attachedTo: { type: 'ip', value: '127.0.0.81' },
        location: 'edge-1, port 7, VLAN 10',
      },
    ],
    { source: 'sweep', sweepId: s.startSweep(['127.0.0.81'], {}) },
  );
  s.close();
});
afterAll(async () => {
  if (collector) await stop(collector);
});

describe('coverscan serve', () => {
  it('prints where it listens and how an agent enrolls', () => {
    const out = collector.stdout();
    expect(out).toMatch(/listening on ws:\/\/127\.0\.0\.1:\d+/);
    // Written the way this process was started (cli-hints.test.ts runs them).
    expect(out).toContain(`coverscan.js enroll create --db ${db}`);
    expect(out).toMatch(/coverscan-agent\.js once --collector ws:\/\/127\.0\.0\.1:\d+ --enroll-secret/);
  });

  it('refuses a bad --listen clearly', () => {
    const r = coverscan(['serve', '--db', db, '--listen', 'localhost:notaport']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--listen expects HOST:PORT/);
  });
});

describe('coverscan report', () => {
  it('--format json: one array; every element has the DESIGN.md keys, absent values null', () => {
    const rows = json();
    const keys = [
      'ip',
      'mac',
      'hostname',
      'kind',
      'vendor',
      'model',
      'serial',
      'verdict',
      'entity',
      'lists',
      'evidence',
      'firstSeen',
      'lastSeen',
    ];
    for (const r of rows) {
      for (const k of keys) expect(r, `row ${r.id} has ${k}`).toHaveProperty(k);
      for (const k of keys) expect(r[k]).not.toBeUndefined();
    }
    const byKind = (k: string) => rows.filter((r) => r.kind === k);
    expect(byKind('endpoint')).toHaveLength(1);
    expect(byKind('endpoint')[0]).toMatchObject({
      hostname: 'ws-77',
      verdict: 'clear',
      ip: expect.any(String),
    });
    expect(byKind('network-device')[0]).toMatchObject({ verdict: 'covered', entity: 'zte', mac: null });
    // No vendor given by the sweep: named from the evidence's entity.
    expect(byKind('network-device')[0].vendor).toMatch(/ZTE/i);
    expect(byKind('neighbor')[0]).toMatchObject({ verdict: 'review', entity: 'hikvision' });
  });

  it('--only covered|review|flagged filter by verdict', () => {
    const all = json();
    const covered = json('--only', 'covered');
    const review = json('--only', 'review');
    const flagged = json('--only', 'flagged');
    expect(covered.map((r) => r.kind).sort()).toEqual(['network-device', 'peripheral']);
    expect(review.map((r) => r.entity)).toEqual(['hikvision']);
    expect(flagged).toHaveLength(covered.length + review.length);
    expect(all.length).toBeGreaterThan(flagged.length);
    const bad = report('--only', 'bogus');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/bogus.*(invalid|Allowed choices)|Allowed choices/i);
  });

  it('--format csv: a header row and one quoted record per asset', () => {
    const csv = report('--format', 'csv').stdout;
    const lines = csv.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'id,ip,mac,hostname,kind,vendor,model,serial,verdict,entity,lists,evidence,location,findingStatus,findingWhy,firstSeen,lastSeen,incomplete,stale,why,site',
    );
    expect(lines).toHaveLength(json().length + 1);
    // Commas inside a field are quoted, not new columns.
    expect(csv).toContain('"edge-1, port 7, VLAN 10"');
  });

  it('the table leads with what is covered', () => {
    // The rows, then a blank line and what is there now, by verdict.
    const [rows, summary] = report().stdout.trimEnd().split('\n\n');
    const out = rows.split('\n');
    expect(out[0]).toMatch(/^id\s+verdict\s+kind/);
    expect(out[1]).toMatch(/covered/);
    expect(out.at(-1)).toMatch(/clear/);
    // Each flagged row says why: the strongest evidence (field, value, strength) and its lists.
    const whyAt = out[0].indexOf('why');
    expect(whyAt).toBeGreaterThan(0);
    for (const row of out.slice(1).filter((l) => /^\S+\s+(covered|review)\b/.test(l)))
      expect(row.slice(whyAt)).toMatch(/^\S+ "[^"]+" \[(strong|medium|weak)\]/);
    const coveredRow = out.find((l) => /^\S+\s+covered\b/.test(l))!;
    expect(coveredRow.slice(whyAt)).toMatch(/\[strong\]; .*(889|Covered List)/);
    expect(summary).toMatch(/^\d+ asset\(s\) now: \d+ covered, \d+ review, \d+ clear$/);
  });

  it('COVERSCAN_DB names the database when --db is absent', () => {
    const r = coverscan(['report', '--format', 'json'], { COVERSCAN_DB: db });
    expect((JSON.parse(r.stdout) as Row[]).length).toBe(json().length);
  });
});

describe('coverscan findings, enroll, agents', () => {
  it('accept ID --why and remediate ID show in reports', () => {
    const zte = json('--only', 'covered').find((r) => r.entity === 'zte')!;
    expect(zte.findingStatus).toBe('open');
    const noWhy = coverscan(['findings', 'accept', String(zte.findingId), '--db', db]);
    expect(noWhy.code).not.toBe(0);
    expect(noWhy.stderr).toMatch(/--why/);
    const ok = coverscan([
      'findings',
      'accept',
      String(zte.findingId),
      '--why',
      'lab only, waiver W-7',
      '--db',
      db,
    ]);
    expect(ok.code).toBe(0);
    expect(json().find((r) => r.id === zte.id)).toMatchObject({
      findingStatus: 'accepted',
      findingWhy: 'lab only, waiver W-7',
    });
    const hik = json('--only', 'review')[0];
    expect(coverscan(['findings', 'remediate', String(hik.findingId), '--db', db]).code).toBe(0);
    expect(json().find((r) => r.id === hik.id)!.findingStatus).toBe('remediated');
    const missing = coverscan(['findings', 'remediate', '424242', '--db', db]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toMatch(/no finding with id 424242/);
  });

  it('accept says which decision it replaced; help shows --why as required', () => {
    const hik = json('--only', 'review')[0];
    const accept = (why: string, by: string) =>
      coverscan(['findings', 'accept', String(hik.findingId), '--why', why, '--by', by, '--db', db]);
    const first = accept('camera in the lobby, waiver W-9', 'alice');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(new RegExp(`finding #${hik.findingId} accepted \\(was: (open|remediated)`));
    const second = accept('replaced by an Axis camera next week', 'bob');
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(
      /was: accepted by alice at \d{4}-\d\d-\d\dT[^,]+, why "camera in the lobby, waiver W-9"/,
    );
    expect(json().find((r) => r.id === hik.id)!.findingWhy).toBe('replaced by an Axis camera next week');
    const help = coverscan(['findings', 'accept', '--help']).stdout;
    expect(help).toMatch(/Usage: coverscan findings accept <id> --why <text>/);
    expect(help).toMatch(/--why <text>\s+\(required\)/);
  }, 60_000);

  it('enroll list shows the secret by id and label, never its value; revoke stops it', async () => {
    const created = coverscan(['enroll', 'create', '--db', db, '--label', 'second']).stdout.trim();
    const list = coverscan(['enroll', 'list', '--db', db, '--json']);
    const secrets = JSON.parse(list.stdout) as {
      id: number;
      label: string;
      uses: number;
      revokedAt: string | null;
    }[];
    expect(secrets.map((s) => [s.label, s.uses])).toEqual([
      ['cli test', 1],
      ['second', 0],
    ]);
    expect(list.stdout).not.toContain(created);
    expect(coverscan(['enroll', 'revoke', '2', '--db', db]).code).toBe(0);
    const c = await connect(collector.url);
    c.send(hello({ enrollSecret: created }));
    expect(await c.next()).toMatchObject({ type: 'error', code: 'revoked' });
    expect(coverscan(['enroll', 'revoke', '99', '--db', db]).stderr).toMatch(
      /no active enrollment secret with id 99/,
    );
  });

  it('agents lists the enrolled agent with its hostname and assets', () => {
    const agents = JSON.parse(coverscan(['agents', '--db', db, '--json']).stdout) as {
      id: string;
      hostname: string;
      assets: number;
    }[];
    expect(agents).toEqual([expect.objectContaining({ id: agentId, hostname: 'ws-cli', version: '0.1.0' })]);
    expect(agents[0].assets).toBe(json().filter((r) => r.agentId === agentId).length);
  });

  it('a database from a newer coverscan is refused with a clear message', () => {
    const newer = join(dir, 'newer.db');
    const s = Store.open(newer);
    s.db.pragma('user_version = 99');
    s.close();
    const r = coverscan(['report', '--db', newer]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/schema version 99, written by a newer coverscan/);
  });
});
