// Target parsing: everything a user can type is checked before a packet is sent.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addresses, confirmSize, parseTargets, scattered, TargetError } from '../src/targets';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-targets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sweep targets', () => {
  it('takes addresses, CIDRs (without network and broadcast) and ranges, merged and ordered', () => {
    const t = parseTargets(['127.88.9.10', '127.88.9.0/30', '127.88.9.9-127.88.9.11']);
    expect([...addresses(t)]).toEqual([
      '127.88.9.1',
      '127.88.9.2',
      '127.88.9.9',
      '127.88.9.10',
      '127.88.9.11',
    ]);
    expect(t.count).toBe(5);
  });

  it('reads @files with comments and removes exclusions (a CIDR exclusion covers its whole block)', () => {
    const f = join(dir, 'list.txt');
    writeFileSync(f, '# lab\n127.88.9.0/29   # eight\n\n127.88.9.20\n');
    const t = parseTargets([`@${f}`], ['127.88.9.4/30', '127.88.9.20']);
    expect([...addresses(t)]).toEqual(['127.88.9.1', '127.88.9.2', '127.88.9.3']);
  });

  it('accepts IPv6 addresses and small IPv6 prefixes', () => {
    const t = parseTargets(['::1', '127.88.9.1', 'fd00::/127']);
    expect([...addresses(t)]).toEqual(['127.88.9.1', '::1', 'fd00::', 'fd00::1']);
  });

  it('names the bad target, and the file line it came from', () => {
    expect(() => parseTargets(['127.88.9.1', '127.88.9.256'])).toThrow(/127\.88\.9\.256/);
    expect(() => parseTargets(['127.88.9.9-127.88.9.1'])).toThrow(/ends before it starts/);
    expect(() => parseTargets(['switch1.example'])).toThrow(TargetError);
    const f = join(dir, 'bad.txt');
    writeFileSync(f, '127.88.9.1\n127.88.9.x\n');
    expect(() => parseTargets([`@${f}`])).toThrow(`${f}:2`);
    expect(() => parseTargets([`@${join(dir, 'missing.txt')}`])).toThrow(/cannot read/);
    expect(() => parseTargets(['127.88.9.1'], ['127.88.9.0/24'])).toThrow(/excluded/);
    // Every address of 127.0.0.0/8 is the most one sweep takes; one address more is refused.
    expect(() => parseTargets(['127.0.0.0-127.255.255.255', '::1'])).toThrow(/more than one sweep takes/);
  });

  it('an empty target file and a list that exclusions empty are told apart', () => {
    const f = join(dir, 'empty.txt');
    writeFileSync(f, '# to fill in\n\n');
    expect(() => parseTargets([`@${f}`])).toThrow(`@${f} lists no address`);
    expect(() => parseTargets(['127.88.9.1'], ['127.88.9.0/24'])).toThrow(
      'every address of 127.88.9.1 is excluded by --exclude 127.88.9.0/24',
    );
  });

  it('a sweep larger than a /16 needs confirming; a /16 does not', () => {
    const slash16 = parseTargets(['127.88.0.0-127.88.255.255']);
    expect(slash16.count).toBe(65_536);
    expect(() => confirmSize(slash16, false)).not.toThrow();
    const more = parseTargets(['127.88.0.0-127.89.0.0']);
    expect(() => confirmSize(more, false)).toThrow('65,537 addresses, more than a /16');
    expect(() => confirmSize(more, true)).not.toThrow();
  });

  it('scatters the probe order but probes every address exactly once', () => {
    const t = parseTargets(['127.88.0.0/22', '127.88.8.1-127.88.8.50']);
    const order = [...scattered(t)];
    expect(order).toHaveLength(t.count);
    expect(new Set(order).size).toBe(t.count);
    expect(new Set(order)).toEqual(new Set(addresses(t)));
    // Neighbours in the list are not neighbours on the wire.
    expect(order.slice(0, 3)).not.toEqual([...addresses(t)].slice(0, 3));
  });
});
