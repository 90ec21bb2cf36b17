// A responder is never lost and never stalls the sweep: hand-written agents on loopback that answer
// discovery and then go silent, that never answer one table, or that send an index no request can
// carry. Every request is bounded by --device-time, a silent device costs one request's timeout,
// what was not read is stored as `incomplete`, and the agent's errors are logged with its address.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { loadCatalog } from '@coverscan/shared';
import { encOid, encSeq, encValue, PDU } from '@coverscan/sweep/ber';
import { CommunityClient } from '@coverscan/sweep/client';
import { DeviceClient } from '@coverscan/sweep/device-client';
import { ENT } from '@coverscan/sweep/mib';
import { RateController } from '@coverscan/sweep/rate';
import { runSweep, type SweepOptions } from '@coverscan/sweep/run';
import { parseTargets } from '@coverscan/sweep/targets';
import { Transport } from '@coverscan/sweep/transport';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { int, SYS_UPTIME, scripted, serveMib, str } from '../../sweep/test/scripted-agent';
import { rawAgent } from '../../sweep/test/sweep-sim';
import { Store } from '../src/store/store';

const port = 17521;
const ARP = '1.3.6.1.2.1.4.22.1.2';
const IF_PHYS = '1.3.6.1.2.1.2.2.1.6';
const CISCO = '1.3.6.1.4.1.9.1.516';
const closers: (() => void)[] = [];
const dir = mkdtempSync(join(tmpdir(), 'coverscan-deadline-'));

const sweep = (targets: string[], o: Partial<SweepOptions>) =>
  runSweep({
    targets: parseTargets(targets),
    port,
    communities: ['public'],
    rate: 5000,
    timeoutMs: 500,
    retries: 1,
    concurrency: 4,
    discoverOnly: false,
    ...o,
  });

/** A pino logger whose lines land in `lines`. */
function capture() {
  const lines: { level: number; address?: string; msg: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { log: pino({ level: 'debug' }, stream), lines };
}

/** A router's MIB: chassis in ENTITY-MIB, its own MAC, two ARP rows (ZTE MACs). */
const routerMib = [
  int(SYS_UPTIME, 123456),
  int(`${ENT.class}.1`, 3),
  str(`${ENT.mfgName}.1`, 'Cisco Systems, Inc.'),
  str(`${IF_PHYS}.1`, Buffer.from('001b67000001', 'hex')),
  str(`${ARP}.1.10.7.7.1`, Buffer.from('0015eb000001', 'hex')),
  str(`${ARP}.1.10.7.7.2`, Buffer.from('0015eb000002', 'hex')),
];

beforeAll(async () => {
  // The catalog loads once per process (~0.3 s here), in the first device's identification; the
  // bounds below are the device's, not the process's warm-up.
  loadCatalog();
  const add = async (addr: string, h: Parameters<typeof rawAgent>[2]) =>
    closers.push((await rawAgent(addr, port, h)).close);
  // .1 answers discovery (the GET of the system group), then nothing.
  await add(
    '127.88.21.1',
    scripted({ descr: 'Linux cam', oid: '1.3.6.1.4.1.8072.3.2.10', name: 'mute' }, () => null),
  );
  // .2 serves its MIB but never answers a walk of ENTITY-MIB (a hung sub-agent): alive all along.
  const mib2 = serveMib(routerMib);
  await add(
    '127.88.21.2',
    scripted({ descr: 'Cisco IOS Software', oid: CISCO, name: 'hung-entity' }, (m) => {
      const walk = m.pdu.type === PDU.getNext || (m.pdu.type === PDU.getBulk && m.pdu.errorStatus === 0);
      if (walk && m.pdu.varbinds.some((vb) => vb.oid.startsWith(ENT.entry))) return null;
      return mib2(m);
    }),
  );
  // .5 answers discovery and the first look (which lists ENTITY-MIB, interfaces and ARP), then
  // nothing: it goes silent in the middle of identification.
  const mib5 = serveMib(routerMib);
  await add(
    '127.88.21.5',
    scripted({ descr: 'Linux', oid: '1.3.6.1.4.1.8072.3.2.10', name: 'mid-mute' }, (m) =>
      m.pdu.type === PDU.getBulk && m.pdu.errorStatus > 0 ? mib5(m) : null,
    ),
  );
  // .4 never answers a GETBULK with non-repeaters (the one-request first look), all else it serves.
  await add(
    '127.88.21.4',
    scripted({ descr: 'Cisco IOS Software', oid: CISCO, name: 'no-wide-bulk' }, (m) =>
      m.pdu.type === PDU.getBulk && m.pdu.errorStatus > 0 ? null : mib2(m),
    ),
  );
  // .3's ARP table has a row whose index has a 33-bit sub-identifier: BER carries it, SNMP does not
  // allow it (RFC 2578: at most 2^32-1), so no request can continue the walk from it.
  const mib3 = serveMib(routerMib.filter((vb) => !vb.oid.startsWith(ENT.entry)));
  await add(
    '127.88.21.3',
    scripted({ descr: 'Cisco IOS Software', oid: CISCO, name: 'bad-index' }, (m) => {
      const walk = m.pdu.type === PDU.getBulk && m.pdu.errorStatus === 0;
      if (!walk || m.pdu.varbinds[0]?.oid !== ARP) return mib3(m);
      const rows = routerMib.filter((vb) => vb.oid.startsWith(ARP));
      return {
        varbinds: rows,
        raw: [badVarbind(`${ARP}.1.10.7.7`, 2n ** 33n, Buffer.from('0015eb000003', 'hex'))],
      };
    }),
  );
});
afterAll(() => {
  for (const c of closers) c();
  rmSync(dir, { recursive: true, force: true });
});

/** A varbind whose OID ends in a sub-identifier too large for encOid (BER: base 128, high bit = more). */
function badVarbind(prefix: string, last: bigint, mac: Buffer): Buffer {
  const head = encOid(prefix).subarray(2); // the prefix's arcs without their tag and length
  const digits: number[] = [Number(last & 0x7fn)];
  for (let x = last >> 7n; x > 0n; x >>= 7n) digits.unshift(0x80 | Number(x & 0x7fn));
  const body = Buffer.concat([head, Buffer.from(digits)]);
  return encSeq([
    Buffer.concat([Buffer.from([0x06, body.length]), body]),
    encValue({ type: 'string', value: mac }),
  ]);
}

describe('a device that answers discovery and then goes silent', () => {
  it('costs no more than --device-time plus one timeout, and is stored with what was not read', async () => {
    const res = await sweep(['127.88.21.1'], { timeoutMs: 1000, retries: 2, deviceBudgetMs: 2000 });
    // One request alone (three tries of 1000 ms) would outlast the device's 2000 ms.
    expect(res.counters.totalMs).toBeLessThan(2000 + 1000);
    expect(res.errors).toEqual([]);
    expect(res.counters.incomplete).toBe(1);

    const store = Store.open(join(dir, 'silent.db'));
    store.ingestAssets([...res.devices, ...res.neighbors], { source: 'sweep' });
    const row = store.reportRows().find((r) => r.ip === '127.88.21.1');
    store.close();
    expect(row?.hostname).toBe('mute');
    expect(row?.incomplete).toEqual(expect.arrayContaining(['system', 'entity', 'interfaces']));
  });

  it('costs one request, not one per table, when it goes silent mid-identification', async () => {
    const res = await sweep(['127.88.21.5'], { timeoutMs: 1000, retries: 1, deviceBudgetMs: 60_000 });
    // One request: two tries of 1000 ms (plus one timeout to spare); one per table would be 10 s or more.
    expect(res.counters.totalMs).toBeLessThan(2 * 1000 + 1000);
    const d = res.devices.find((x) => x.ip === '127.88.21.5')!;
    expect(d.incomplete).toEqual(['entity', 'probes', 'interfaces', 'neighbors:arp']);
    expect(d.hostname).toBe('mid-mute');
  });
});

describe('a device that does not answer one table', () => {
  it('is read past it: only that part is incomplete', async () => {
    const res = await sweep(['127.88.21.2'], { timeoutMs: 300, retries: 1, deviceBudgetMs: 10_000 });
    const d = res.devices.find((x) => x.ip === '127.88.21.2')!;
    expect(d.incomplete).toEqual(['entity']);
    expect(d.identities).toContainEqual({ type: 'mac', value: '00:1b:67:00:00:01' });
    const behind = res.neighbors.filter((n) => n.attachedTo?.value === '127.88.21.2').map((n) => n.ip);
    expect(behind.sort()).toEqual(['10.7.7.1', '10.7.7.2']);
    expect(res.errors).toEqual([]);
  });
});

describe('a device that leaves the first look unanswered but is alive', () => {
  it('is read the v1 way instead, and nothing is missing', async () => {
    const res = await sweep(['127.88.21.4'], { timeoutMs: 300, retries: 1, deviceBudgetMs: 10_000 });
    const d = res.devices.find((x) => x.ip === '127.88.21.4')!;
    expect(d.incomplete).toEqual([]);
    expect(d.observations).toContainEqual(expect.objectContaining({ field: 'entPhysicalMfgName' }));
    expect(res.neighbors.filter((n) => n.attachedTo?.value === '127.88.21.4')).toHaveLength(2);
  });
});

describe("an agent's errors", () => {
  it('are logged with the device address and cost the part they were in', async () => {
    const { log, lines } = capture();
    const res = await sweep(['127.88.21.3'], { timeoutMs: 300, retries: 1, log });
    const d = res.devices.find((x) => x.ip === '127.88.21.3')!;
    expect(d.incomplete).toEqual(['neighbors:arp']);
    const warned = lines.filter((l) => l.level === 40 && l.address === '127.88.21.3');
    expect(warned.length).toBeGreaterThan(0);
    expect(res.errors).toEqual([]);
  });

  it('are told apart from our own: a TypeError is thrown, not turned into an unread part', async () => {
    const t = await Transport.open(new RateController({ max: 1000 }));
    try {
      const real = new CommunityClient(t, { address: '127.88.21.2', port }, Buffer.from('public'), 'v2c', {
        timeoutMs: 300,
        retries: 0,
      });
      // A bug in our handling of the reply, simulated after a real request went out and came back.
      const buggy = new Proxy(real, {
        get: (target, key) =>
          key === 'getBulk'
            ? async (...args: Parameters<CommunityClient['getBulk']>) => {
                const r = await target.getBulk(...args);
                return (r as unknown as { nope: { x: number } }).nope.x;
              }
            : Reflect.get(target, key),
      });
      const c = new DeviceClient(
        buggy,
        '127.88.21.2',
        performance.now() + 5000,
        { timeoutMs: 300, retries: 0 },
        pino({ level: 'silent' }),
      );
      await expect(c.getBulk([ENT.class], 4)).rejects.toBeInstanceOf(TypeError);
      expect(c.notRead.size).toBe(0);
      expect(await c.get([SYS_UPTIME])).not.toBeNull();
    } finally {
      t.close();
    }
  });
});
