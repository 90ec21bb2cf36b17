// Memory per device is bounded by bytes, not only rows (issue 11): hand-written agents on loopback
// whose ARP table (IP-MIB ipNetToMediaTable) never ends and carries 7 KB in every
// ipNetToMediaPhysAddress. Each device's walks keep at most its byte budget; the device is stored
// incomplete with the reason. What the sweep holds is measured on the live heap (after a full GC)
// while the walks run, not counted in rows.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VarBind } from '../src/ber';
import { compareOid, under } from '../src/mib';
import { runSweep } from '../src/run';
import { parseTargets } from '../src/targets';
import { int, oidv, SYS_UPTIME, scripted, str } from './scripted-agent';
import { rawAgent } from './sweep-sim';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const port = 17542;
const ENTRY = '1.3.6.1.2.1.4.22.1';
const PHYS = `${ENTRY}.2`;
const TYPE = `${ENTRY}.4`;
const devices = ['127.88.42.1', '127.88.42.2', '127.88.42.3', '127.88.42.4'];
const VALUE = Buffer.alloc(7 * 1024, 0x41);
const BUDGET = 1024 * 1024;
const closers: (() => void)[] = [];

/** Live bytes (JS heap + Buffers) after a full collection. */
function live(): number {
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
let peak = 0;
let requests = 0;
let sampled = 0;

/** Row n of a column: ifIndex 1, IPv4 10.x.y.z from n. */
const rowOid = (col: string, n: number) => `${col}.1.10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
const rowOf = (oid: string) => {
  const a = oid.split('.').slice(-3).map(Number);
  return (a[0] << 16) | (a[1] << 8) | a[2];
};

/** The system group (SNMPv2-MIB), then an ARP table that never ends. */
const SYSTEM: VarBind[] = [
  str('1.3.6.1.2.1.1.1.0', 'Linux router 5.10'),
  oidv('1.3.6.1.2.1.1.2.0', '1.3.6.1.4.1.8072.3.2.10'),
  int(SYS_UPTIME, 4200),
  str('1.3.6.1.2.1.1.4.0', 'noc'),
  str('1.3.6.1.2.1.1.5.0', 'router'),
  str('1.3.6.1.2.1.1.6.0', 'rack 3'),
];

/** The object after `oid`. */
function next(oid: string): VarBind {
  const scalar = SYSTEM.find((vb) => compareOid(vb.oid, oid) > 0);
  if (scalar) return scalar;
  if (compareOid(oid, PHYS) <= 0) return { oid: rowOid(PHYS, 1), value: { type: 'string', value: VALUE } };
  if (under(oid, PHYS)) return { oid: rowOid(PHYS, rowOf(oid) + 1), value: { type: 'string', value: VALUE } };
  if (compareOid(oid, TYPE) <= 0) return { oid: rowOid(TYPE, 1), value: { type: 'int', value: 3 } };
  if (under(oid, TYPE)) return { oid: rowOid(TYPE, rowOf(oid) + 1), value: { type: 'int', value: 3 } };
  return { oid, value: { type: 'endOfMibView' } };
}

beforeAll(async () => {
  for (const address of devices) {
    const agent = await rawAgent(
      address,
      port,
      scripted({ descr: 'Linux router 5.10', oid: '1.3.6.1.4.1.8072.3.2.10', name: address }, (m) => {
        requests++;
        // Sampled while the walks run (the agents share the sweep's thread), every few milliseconds.
        if (performance.now() - sampled > 5) {
          peak = Math.max(peak, live());
          sampled = performance.now();
        }
        const asked = m.pdu.varbinds.map((vb) => vb.oid);
        if (m.pdu.type === 0xa0)
          return {
            varbinds: asked.map(
              (oid) => SYSTEM.find((vb) => vb.oid === oid) ?? { oid, value: { type: 'noSuchObject' } },
            ),
          };
        if (m.pdu.type === 0xa1) return { varbinds: asked.map(next) };
        // GETBULK: non-repeaters, then rows while the reply stays under ~60 KB (RFC 3416 §4.2.3: an
        // agent sends fewer repetitions rather than a reply too big to carry).
        const nonRep = Math.min(m.pdu.errorStatus, asked.length);
        const out = asked.slice(0, nonRep).map(next);
        let cursors = asked.slice(nonRep);
        let bytes = 0;
        for (let i = 0; i < m.pdu.errorIndex && cursors.length; i++) {
          const row = cursors.map(next);
          bytes += row.reduce(
            (n, vb) => n + (vb.value.type === 'string' ? vb.value.value.length : 8) + 24,
            0,
          );
          if (bytes > 60_000 && i > 0) break;
          out.push(...row);
          cursors = row.map((vb) => vb.oid);
        }
        return { varbinds: out };
      }),
    );
    closers.push(agent.close);
  }
});

afterAll(() => {
  for (const c of closers) c();
});

describe('devices whose table never ends with 7 KB values', () => {
  it('keep at most their byte budget each, and are stored incomplete with the reason', async () => {
    const sweep = () =>
      runSweep({
        targets: parseTargets(devices),
        port,
        communities: ['public'],
        rate: 5000,
        timeoutMs: 500,
        retries: 1,
        concurrency: devices.length,
        discoverOnly: false,
        maxDeviceBytes: BUDGET,
      });
    // A first sweep loads what any sweep loads once (catalog, OUI registry): not the devices' memory.
    await sweep();
    const before = live();
    peak = before;
    requests = 0;
    const res = await sweep();
    const held = peak - before;
    console.log(
      'DBG',
      JSON.stringify(res.counters),
      requests,
      held,
      JSON.stringify(res.devices.map((d) => d.incomplete)),
    );

    for (const address of devices) {
      const d = res.devices.find((x) => x.ip === address)!;
      expect(d.incomplete).toEqual(['neighbors:arp (over the 1 MiB budget)']);
    }
    expect(res.counters.overBudget).toBe(devices.length);
    // The walks ran into the budget, not the row limit: far fewer than 10,000 rows were asked for.
    expect(requests).toBeGreaterThan(20);
    expect(res.counters.packetsReceived).toBeLessThan(devices.length * 200);
    // What the sweep held while the walks ran: the budgets, plus the sweep's own few megabytes.
    expect(held).toBeLessThan(devices.length * BUDGET * 2 + 8 * 1024 * 1024);
  }, 120_000);
});
