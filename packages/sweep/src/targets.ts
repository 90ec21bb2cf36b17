// Sweep targets: addresses, CIDRs, ranges `a.b.c.d-e.f.g.h` and `@file` lists, minus exclusions.
// Everything is parsed and checked before a packet is sent; IPv4 ranges stay as numeric intervals
// so a /8 costs no memory until it is walked.
import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';

export class TargetError extends Error {}

interface Interval {
  lo: number;
  hi: number;
}

export interface TargetSet {
  /** IPv4 intervals, sorted and merged, exclusions removed. */
  v4: Interval[];
  /** IPv6 addresses (single addresses only). */
  v6: string[];
  count: number;
}

/** Largest sweep we accept in one run; a typo like /8 for /18 should not start 16M probes silently. */
export const MAX_TARGETS = 1 << 24;
/** Larger sweeps than a /16 run only when confirmed (`--yes`): a /8 typed for a /18 is 16M probes. */
export const CONFIRM_ABOVE = 1 << 16;

/** Refuses a sweep larger than a /16 unless confirmed, saying how many addresses it would probe. */
export function confirmSize(t: TargetSet, yes: boolean): void {
  if (t.count <= CONFIRM_ABOVE || yes) return;
  const n = (x: number) => x.toLocaleString('en-US');
  throw new TargetError(
    `the targets hold ${n(t.count)} addresses, more than a /16 (${n(CONFIRM_ABOVE)}): check them, or pass --yes to sweep them all`,
  );
}

function v4ToNum(s: string): number {
  const a = ipaddr.IPv4.parse(s).octets;
  return ((a[0] << 24) >>> 0) + (a[1] << 16) + (a[2] << 8) + a[3];
}

export function numToV4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function parseOne(spec: string, origin: string): { v4?: Interval; v6?: string } {
  const s = spec.trim();
  const where = origin ? ` (${origin})` : '';
  try {
    if (s.includes('/')) {
      const [addr, bits] = ipaddr.parseCIDR(s);
      if (addr.kind() === 'ipv6') {
        if (bits < 120)
          throw new TargetError(`IPv6 prefix ${s}${where} is too large to sweep; list addresses`);
        const base = ipaddr.IPv6.networkAddressFromCIDR(s).toByteArray();
        const out: string[] = [];
        for (let i = 0; i < 2 ** (128 - bits); i++) {
          const b = [...base];
          b[15] += i;
          out.push(ipaddr.fromByteArray(b).toString());
        }
        return { v6: out.join(' ') };
      }
      const net = v4ToNum(ipaddr.IPv4.networkAddressFromCIDR(s).toString());
      const size = 2 ** (32 - bits);
      // A CIDR names a network: skip network and broadcast addresses when it has more than two.
      if (size > 2) return { v4: { lo: net + 1, hi: net + size - 2 } };
      return { v4: { lo: net, hi: net + size - 1 } };
    }
    const dash = s.indexOf('-');
    if (dash > 0) {
      const a = s.slice(0, dash).trim();
      const b = s.slice(dash + 1).trim();
      if (!ipaddr.IPv4.isValidFourPartDecimal(a) || !ipaddr.IPv4.isValidFourPartDecimal(b))
        throw new TargetError(`range ${s}${where} must be two IPv4 addresses a.b.c.d-e.f.g.h`);
      const lo = v4ToNum(a);
      const hi = v4ToNum(b);
      if (hi < lo) throw new TargetError(`range ${s}${where} ends before it starts`);
      return { v4: { lo, hi } };
    }
    if (ipaddr.IPv4.isValidFourPartDecimal(s)) {
      const n = v4ToNum(s);
      return { v4: { lo: n, hi: n } };
    }
    if (ipaddr.IPv6.isValid(s)) {
      const a = ipaddr.IPv6.parse(s);
      return a.isIPv4MappedAddress() ? parseOne(a.toIPv4Address().toString(), origin) : { v6: a.toString() };
    }
  } catch (e) {
    if (e instanceof TargetError) throw e;
  }
  throw new TargetError(`not an address, CIDR, range or @file: "${s}"${where}`);
}

/** Lines of a target file: one spec per line, `#` starts a comment. */
function readSpecFile(path: string): { spec: string; origin: string }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new TargetError(`cannot read target file ${path}: ${(e as Error).message}`);
  }
  const out: { spec: string; origin: string }[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.replace(/#.*/, '').trim();
    if (t) for (const w of t.split(/[\s,]+/)) out.push({ spec: w, origin: `${path}:${i + 1}` });
  });
  return out;
}

function merge(list: Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.lo - b.lo);
  const out: Interval[] = [];
  for (const iv of sorted) {
    const last = out[out.length - 1];
    if (last && iv.lo <= last.hi + 1) last.hi = Math.max(last.hi, iv.hi);
    else out.push({ ...iv });
  }
  return out;
}

function subtract(list: Interval[], ex: Interval[]): Interval[] {
  let cur = list;
  for (const e of ex) {
    const next: Interval[] = [];
    for (const iv of cur) {
      if (e.hi < iv.lo || e.lo > iv.hi) next.push(iv);
      else {
        if (iv.lo < e.lo) next.push({ lo: iv.lo, hi: e.lo - 1 });
        if (iv.hi > e.hi) next.push({ lo: e.hi + 1, hi: iv.hi });
      }
    }
    cur = next;
  }
  return cur;
}

export function parseTargets(specs: string[], excludes: string[] = []): TargetSet {
  if (!specs.length) throw new TargetError('no target given');
  const expand = (list: string[]) =>
    list.flatMap((s) => (s.startsWith('@') ? readSpecFile(s.slice(1)) : [{ spec: s, origin: '' }]));
  const given = expand(specs);
  if (!given.length)
    throw new TargetError(
      `no target to sweep: ${specs.join(' ')} ${specs.length > 1 ? 'list' : 'lists'} no address (only blank lines and # comments)`,
    );
  const v4: Interval[] = [];
  const v6 = new Set<string>();
  for (const { spec, origin } of given) {
    const r = parseOne(spec, origin);
    if (r.v4) v4.push(r.v4);
    if (r.v6) for (const a of r.v6.split(' ')) v6.add(a);
  }
  const ex4: Interval[] = [];
  const ex6 = new Set<string>();
  for (const { spec, origin } of expand(excludes)) {
    // An excluded CIDR covers its network and broadcast addresses too.
    if (
      spec.includes('/') &&
      ipaddr.isValid(spec.split('/')[0]) &&
      ipaddr.parse(spec.split('/')[0]).kind() === 'ipv4'
    ) {
      const [, bits] = ipaddr.parseCIDR(spec);
      const net = v4ToNum(ipaddr.IPv4.networkAddressFromCIDR(spec).toString());
      ex4.push({ lo: net, hi: net + 2 ** (32 - bits) - 1 });
      continue;
    }
    const r = parseOne(spec, origin);
    if (r.v4) ex4.push(r.v4);
    if (r.v6) for (const a of r.v6.split(' ')) ex6.add(a);
  }
  const merged = subtract(merge(v4), merge(ex4));
  const six = [...v6].filter((a) => !ex6.has(a));
  const count = merged.reduce((n, iv) => n + iv.hi - iv.lo + 1, 0) + six.length;
  if (count === 0)
    throw new TargetError(
      `nothing to sweep: every address of ${specs.join(' ')} is excluded by --exclude ${excludes.join(' ')}`,
    );
  if (count > MAX_TARGETS)
    throw new TargetError(`${count} addresses is more than one sweep takes (${MAX_TARGETS})`);
  return { v4: merged, v6: six, count };
}

/** Every address of the set, IPv4 in order, then IPv6. */
export function* addresses(t: TargetSet): Generator<string> {
  for (const iv of t.v4) for (let n = iv.lo; n <= iv.hi; n++) yield numToV4(n);
  yield* t.v6;
}

/**
 * Every address once, in a scattered order (index i → i·stride mod n, stride coprime to n), as
 * masscan does: consecutive probes land far apart, so a dense subnet's agents share the load with
 * the empty space around them instead of all being asked in the same few milliseconds.
 */
export function* scattered(t: TargetSet): Generator<string> {
  const n4 = t.count - t.v6.length;
  if (n4 > 0) {
    const starts: number[] = [];
    let acc = 0;
    for (const iv of t.v4) {
      starts.push(acc);
      acc += iv.hi - iv.lo + 1;
    }
    const at = (i: number): string => {
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= i) lo = mid;
        else hi = mid - 1;
      }
      return numToV4(t.v4[lo].lo + (i - starts[lo]));
    };
    let stride = Math.max(1, Math.floor(n4 * 0.6180339887));
    while (gcd(stride, n4) !== 1) stride++;
    for (let i = 0, x = 0; i < n4; i++, x = (x + stride) % n4) yield at(x);
  }
  yield* t.v6;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** Whether an address is one of the targets (a multicast reply from elsewhere is not ours to record). */
export function contains(t: TargetSet, address: string): boolean {
  if (!ipaddr.IPv4.isValidFourPartDecimal(address)) return t.v6.includes(address);
  const n = v4ToNum(address);
  return t.v4.some((iv) => iv.lo <= n && n <= iv.hi);
}
