// Which of a sweep's target ranges answered: each target as given, how many addresses it holds (less the
// exclusions), and how many devices in it answered that sweep or a later one. A range where nobody
// answered is what an inquiry could not look at (the network was unreachable, or SNMP was off or
// refused the credentials): the pack lists it under "not looked at".

import { contains, parseTargets, type TargetSet } from '@coverscan/sweep/targets';
import ipaddr from 'ipaddr.js';
import type { SweepRecord } from '../store/sweep-history';

export interface TargetReach {
  target: string;
  /** Addresses in the target, exclusions removed; null when the target can no longer be read (@file gone). */
  addresses: number | null;
  /** Devices in the target that answered this sweep (or a later one). */
  answered: number;
}

function targetSet(spec: string, excludes: string[]): TargetSet | null {
  try {
    return parseTargets([spec], excludes);
  } catch {
    // An @file that moved, or an exclusion file: the sweep's counters still say what it probed.
    return null;
  }
}

export function sweepReach(sweep: SweepRecord, swept: { ip: string; lastSeen: string }[]): TargetReach[] {
  return sweep.targets.map((target) => {
    const t = targetSet(target, sweep.excludes);
    if (!t) return { target, addresses: null, answered: 0 };
    const answered = swept.filter((a) => a.lastSeen >= sweep.startedAt && contains(t, a.ip)).length;
    return { target, addresses: t.count, answered };
  });
}

/** Whether a target holds any address of these CIDR ranges (a site's). */
export function targetInRanges(target: string, excludes: string[], cidrs: string[]): boolean {
  const t = targetSet(target, excludes);
  if (!t) return false;
  for (const cidr of cidrs) {
    const [net, bits] = ipaddr.parseCIDR(cidr);
    if (net.kind() === 'ipv6') {
      if (t.v6.some((a) => ipaddr.parse(a).kind() === 'ipv6' && ipaddr.parse(a).match(net, bits)))
        return true;
      continue;
    }
    const lo = toNum(net.toByteArray());
    const hi = lo + 2 ** (32 - bits) - 1;
    if (t.v4.some((iv) => iv.lo <= hi && lo <= iv.hi)) return true;
  }
  return false;
}

const toNum = (b: number[]) => ((b[0] << 24) >>> 0) + (b[1] << 16) + (b[2] << 8) + b[3];
