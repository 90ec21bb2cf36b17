// `coverscan check` as scripts and CI use it (the built CLI): its exit code says whether anything is
// covered (1), nothing is (0), or the input was bad and nothing was judged (2); a program is worded
// as software; no evidence line is printed twice.
import { describe, expect, it } from 'vitest';
import { coverscan } from './collector-process';

interface Checked {
  input: string;
  verdict: string;
  reason: string;
  evidence: { ruleId: string; value: string; rule: string }[];
}
const checkJson = (...args: string[]) =>
  JSON.parse(coverscan(['check', '--json', ...args]).stdout) as Checked[];

describe('coverscan check: exit codes', () => {
  it('exits 1 when anything is covered, 0 when nothing is (review included)', () => {
    expect(coverscan(['check', 'HUAWEI']).code).toBe(1);
    expect(coverscan(['check', 'Mozilla Firefox', '1.3.6.1.4.1.2011.2.23.96']).code).toBe(1);
    const clear = coverscan(['check', 'Mozilla Firefox']);
    expect(clear.stdout).toMatch(/CLEAR/);
    expect(clear.code).toBe(0);
    const review = coverscan(['check', 'CapCut', '00:e0:fc:12:34:56']);
    expect(review.stdout).toMatch(/REVIEW/);
    expect(review.stdout).not.toMatch(/COVERED/);
    expect(review.code).toBe(0);
    // The same in every format: the code is about the verdicts, not the output.
    expect(coverscan(['check', '--format', 'csv', 'HUAWEI']).code).toBe(1);
    expect(coverscan(['check', '--json', 'HUAWEI']).code).toBe(1);
  }, 60_000);

  it('exits 2 on bad input and judges nothing, even beside a covered identifier', () => {
    for (const args of [
      ['HUAWEI', '00:e0:fc'], // a MAC prefix, not a MAC: as text it would read clear
      ['127.0.0.1'], // an address, not an identifier
      ['1.3.6'], // too short to be a sysObjectID
      ['  '],
      [],
      ['--policy', 'bogus', 'HUAWEI'],
      ['--no-such-option', 'HUAWEI'],
      ['--json', '--format', 'csv', 'HUAWEI'],
    ]) {
      const r = coverscan(['check', ...args]);
      expect(r.code, `check ${args.join(' ')}`).toBe(2);
      expect(r.stdout, `check ${args.join(' ')}`).toBe('');
      expect(r.stderr.trim().length).toBeGreaterThan(0);
    }
    expect(coverscan(['check', '00:e0:fc']).stderr).toMatch(/not a whole MAC address/);
    expect(coverscan(['check', '127.0.0.1']).stderr).toMatch(/IP address/);
    expect(coverscan(['check', '--help']).code).toBe(0);
  }, 60_000);
});

describe('coverscan check: wording and evidence', () => {
  it('a program that no enabled list covers is said to be software, not hardware', () => {
    for (const r of checkJson('--policy', 'in-force', 'WeChat', 'Tencent QQ')) {
      expect(r.verdict).toBe('review');
      expect(r.reason).toMatch(/covers its software/);
      expect(r.reason).not.toMatch(/hardware/);
    }
    const text = coverscan(['check', '--policy', 'in-force', 'WeChat']).stdout;
    expect(text).not.toMatch(/hardware/);
  });

  it('a device string is still judged as hardware', () => {
    const [r] = checkJson('--policy', 'in-force', 'HUAWEI');
    expect(r.verdict).toBe('covered');
    expect(r.reason).toMatch(/FCC Covered List/);
  });

  it('prints each evidence line once (a bare string is read as text and as a program)', () => {
    const inputs = ['TP-Link Archer AX21', 'HUAWEI', 'WeChat', 'Kaspersky'];
    const blocks = coverscan(['check', ...inputs])
      .stdout.trimEnd()
      .split('\n\n');
    expect(blocks).toHaveLength(inputs.length);
    for (const block of blocks) {
      const lines = block.split('\n').filter((l) => l.includes('evidence ['));
      expect(lines.length, block).toBeGreaterThan(0);
      expect(new Set(lines).size, block).toBe(lines.length);
    }
    for (const r of checkJson(...inputs)) {
      const keys = r.evidence.map((e) => `${e.ruleId}|${e.value}`);
      expect(new Set(keys).size, r.input).toBe(keys.length);
    }
    // Both rules that name TP-Link's router stay: the maker's name and the product line.
    expect(checkJson('TP-Link Archer AX21')[0].evidence.map((e) => e.rule)).toEqual([
      expect.stringMatching(/tp-link/),
      expect.stringMatching(/archer ax21/),
    ]);
  });

  it('--format csv: a header row and one record per identifier', () => {
    const r = coverscan(['check', '--format', 'csv', 'HUAWEI', 'Aztech Systems Ltd']);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('input,kind,verdict,entity,entityName,reason,lists,evidence');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^HUAWEI,text,covered,huawei,/);
    expect(lines[2]).toMatch(/^Aztech Systems Ltd,text,clear,/);
  });
});
