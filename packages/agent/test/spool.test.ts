// The spool: atomic files, oldest first, bounded with a warning, and it survives a restart.
import { existsSync, mkdtempSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backoffDelay, jittered } from '../src/backoff';
import { Spool } from '../src/spool';
import { loadState, saveState } from '../src/state';

const dir = () => mkdtempSync(join(tmpdir(), 'spool-'));
const msg = (id: string, pad = 0) => JSON.stringify({ type: 'report', reportId: id, pad: 'x'.repeat(pad) });

describe('Spool', () => {
  it('keeps reports oldest first across a restart (a new Spool on the same directory)', () => {
    const d = dir();
    const a = new Spool(d);
    a.add('report-aaaa', msg('report-aaaa'), 1000);
    a.add('report-bbbb', msg('report-bbbb'), 2000);
    a.add('report-cccc', msg('report-cccc'), 1500);
    const b = new Spool(d);
    expect(b.list().map((r) => r.reportId)).toEqual(['report-aaaa', 'report-cccc', 'report-bbbb']);
    expect(JSON.parse(b.read(b.list()[0])).reportId).toBe('report-aaaa');
  });
  it('deletes a report only when it is acked; files are private and no temporary files remain', () => {
    const d = dir();
    const s = new Spool(d);
    const r = s.add('report-0001', msg('report-0001'));
    expect(statSync(r.file).mode & 0o777).toBe(0o600);
    expect(readdirSync(d).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    s.acked(r);
    expect(s.list()).toEqual([]);
  });
  it('ignores stray files (a half-written temporary from a crash is not a report)', () => {
    const d = dir();
    const s = new Spool(d);
    const tmp = join(d, '0000000001000-report-xxxx.json.123.456.tmp');
    writeFileSync(tmp, '{"half');
    s.add('report-0002', msg('report-0002'));
    expect(s.list().map((r) => r.reportId)).toEqual(['report-0002']);
    new Spool(d); // a fresh temporary may belong to a live writer: kept
    expect(existsSync(tmp)).toBe(true);
    utimesSync(tmp, new Date(Date.now() - 3600_000), new Date(Date.now() - 3600_000));
    new Spool(d); // an hour old: left by a crash, removed
    expect(existsSync(tmp)).toBe(false);
  });
  it('drops the oldest with a warning when over the count bound, never the new one', () => {
    const warnings: string[] = [];
    const s = new Spool(dir(), { maxReports: 2, maxBytes: 1e9 }, (m) => warnings.push(m));
    s.add('report-0001', msg('report-0001'), 1000);
    s.add('report-0002', msg('report-0002'), 2000);
    s.add('report-0003', msg('report-0003'), 3000);
    expect(s.list().map((r) => r.reportId)).toEqual(['report-0002', 'report-0003']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /spool full.*dropped the oldest unsent report report-0001 from 1970-01-01T00:00:01\.000Z/,
    );
  });
  it('drops the oldest when over the byte bound', () => {
    const warnings: string[] = [];
    const s = new Spool(dir(), { maxReports: 100, maxBytes: 2500 }, (m) => warnings.push(m));
    for (let i = 1; i <= 4; i++) s.add(`report-000${i}`, msg(`report-000${i}`, 1000), i * 1000);
    expect(s.list().map((r) => r.reportId)).toEqual(['report-0003', 'report-0004']);
    expect(warnings).toHaveLength(2);
  });
  it('never drops a sweep part: the bounds fall on inventories; sweep parts have their own, which only says full', () => {
    const warnings: string[] = [];
    const s = new Spool(dir(), { maxReports: 2, maxBytes: 1e9, maxSweepBytes: 2500 }, (m) =>
      warnings.push(m),
    );
    for (let i = 1; i <= 4; i++) s.add(`sweep-r7-p0000${i}`, msg(`sweep-r7-p0000${i}`, 1000), i * 1000);
    for (let i = 1; i <= 3; i++) s.add(`report-000${i}`, msg(`report-000${i}`), 10_000 + i);
    expect(s.list().map((r) => r.reportId)).toEqual([
      'sweep-r7-p00001',
      'sweep-r7-p00002',
      'sweep-r7-p00003',
      'sweep-r7-p00004',
      'report-0002',
      'report-0003',
    ]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/report-0001/);
    expect(s.sweepPartsFull()).toBe(true);
    for (const r of s.list().slice(0, 2)) s.acked(r);
    expect(s.sweepPartsFull()).toBe(false);
  });
  it('sets a refused report aside instead of deleting it', () => {
    const warnings: string[] = [];
    const d = dir();
    const s = new Spool(d, undefined, (m) => warnings.push(m));
    const r = s.add('report-0009', msg('report-0009'));
    s.reject(r, 'invalid report');
    expect(s.list()).toEqual([]);
    expect(readdirSync(join(d, 'rejected'))).toHaveLength(1);
    expect(warnings[0]).toMatch(/refused report report-0009/);
  });
  it('refuses ids that could escape the directory', () => {
    expect(() => new Spool(dir()).add('../../etc/x', '{}')).toThrow(/bad report id/);
  });
});

describe('state', () => {
  it('stores the node key readable by the owner only', () => {
    const d = dir();
    saveState(d, { agentId: 'ag_1', nodeKey: 'nk_secret', collector: 'ws://127.0.0.1:1' });
    expect(statSync(join(d, 'agent.json')).mode & 0o777).toBe(0o600);
    expect(loadState(d)).toEqual({ agentId: 'ag_1', nodeKey: 'nk_secret', collector: 'ws://127.0.0.1:1' });
    expect(loadState(join(d, 'none'))).toBeNull();
  });
  it('a damaged state file is a clear error, not a silent re-enrollment', () => {
    const d = dir();
    writeFileSync(join(d, 'agent.json'), '{"agentId": 5}');
    expect(() => loadState(d)).toThrow(/damaged/);
  });
});

describe('backoff', () => {
  it('grows exponentially from min, capped at max', () => {
    const hi = () => 1; // the top of each jitter range
    expect([0, 1, 2, 3, 10, 50].map((a) => backoffDelay(a, 1000, 30_000, hi))).toEqual([
      1000, 2000, 4000, 8000, 30_000, 30_000,
    ]);
    expect(backoffDelay(5, 1000, 30_000, () => 0)).toBe(1000);
  });
  it('jitters the interval by at most 10 %', () => {
    expect(jittered(3600_000, () => 0)).toBe(3240_000);
    expect(jittered(3600_000, () => 1)).toBe(3960_000);
  });
});
