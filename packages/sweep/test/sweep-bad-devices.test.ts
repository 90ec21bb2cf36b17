// Bad devices never stall or crash a sweep: hand-written agents on loopback that speak only v1,
// answer garbage, answer from the wrong address, walk in circles, answer tooBig, or go silent
// after discovery.
import { identify, judge } from '@coverscan/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCommunityMessage, PDU } from '../src/ber';
import { runSweep, type SweepResult } from '../src/run';
import { parseTargets } from '../src/targets';
import {
  noSuchName,
  oidv,
  respond,
  SYS_DESCR,
  SYS_NAME,
  SYS_OID,
  scripted,
  serveMib,
  str,
} from './scripted-agent';
import { rawAgent } from './sweep-sim';

const port = 17501;
const ARP = '1.3.6.1.2.1.4.22.1.2';
const IF_PHYS = '1.3.6.1.2.1.2.2.1.6';

let res: SweepResult;
const closers: (() => void)[] = [];

beforeAll(async () => {
  const add = async (addr: string, h: Parameters<typeof rawAgent>[2]) =>
    closers.push((await rawAgent(addr, port, h)).close);
  // .1 speaks only SNMPv1 (ignores v2c), with a Huawei sysObjectID.
  await add(
    '127.88.5.1',
    scripted({ descr: 'old agent', oid: '1.3.6.1.4.1.2011.2.1', name: 'v1-box' }, noSuchName, true),
  );
  // .2 answers every request with garbage or truncated BER.
  let k = 0;
  await add('127.88.5.2', (_msg, reply) => {
    const junk = [
      Buffer.from('not snmp at all'),
      Buffer.from([0x30, 0x82, 0xff, 0xff, 0x02]),
      Buffer.from([0x30, 0x03, 0x02, 0x01]),
    ];
    reply(junk[k++ % junk.length]);
  });
  // .3 answers from another address (.4), like a spoofed or NATed reply: must not be accepted.
  const other = await rawAgent('127.88.5.4', port, () => {});
  closers.push(other.close);
  await add('127.88.5.3', (msg, reply) => {
    try {
      const m = decodeCommunityMessage(msg);
      reply(
        respond(m, {
          varbinds: [str(SYS_DESCR, 'spoof'), oidv(SYS_OID, '1.3.6.1.4.1.2011.1'), str(SYS_NAME, 'x')],
        }),
        other.socket,
      );
    } catch {}
  });
  // .5 walks in circles: every GETNEXT/GETBULK under ifPhysAddress answers the same row again.
  await add(
    '127.88.5.5',
    scripted({ descr: 'Cisco IOS Software', oid: '1.3.6.1.4.1.9.1.1208', name: 'loop' }, (m) => {
      if (m.pdu.type === PDU.get)
        return { varbinds: m.pdu.varbinds.map((vb) => ({ oid: vb.oid, value: { type: 'noSuchObject' } })) };
      return {
        varbinds: m.pdu.varbinds.map((vb) =>
          vb.oid.startsWith(IF_PHYS)
            ? { oid: `${IF_PHYS}.1`, value: { type: 'string', value: Buffer.from('001e10000001', 'hex') } }
            : { oid: vb.oid, value: { type: 'endOfMibView' } },
        ),
      };
    }),
  );
  // .6 has a 3-row ARP table but answers tooBig to any GETBULK of more than 2 repetitions.
  const arp = serveMib(
    ['10.9.9.1', '10.9.9.2', '10.9.9.3'].map((ip, i) =>
      str(`${ARP}.1.${ip}`, Buffer.from(`0015eb00000${i + 1}`, 'hex')),
    ),
  );
  await add(
    '127.88.5.6',
    scripted({ descr: 'router', oid: '1.3.6.1.4.1.9.1.516', name: 'tiny' }, (m) =>
      m.pdu.type === PDU.getBulk && m.pdu.errorIndex > 2 ? { errorStatus: 1, varbinds: [] } : arp(m),
    ),
  );
  // .7 answers discovery, then never again.
  await add(
    '127.88.5.7',
    scripted({ descr: 'flaky', oid: '1.3.6.1.4.1.2011.2.2', name: 'gone' }, () => null),
  );

  res = await runSweep({
    targets: parseTargets(['127.88.5.1-127.88.5.8']),
    port,
    communities: ['public'],
    rate: 5000,
    timeoutMs: 300,
    retries: 1,
    concurrency: 8,
    discoverOnly: false,
    deviceBudgetMs: 5000,
  });
}, 60_000);
afterAll(() => {
  for (const c of closers) c();
});

describe('bad devices', () => {
  it('finds a v1-only agent and identifies it over v1', () => {
    const r = res.responders.find((x) => x.address === '127.88.5.1');
    expect(r?.version).toBe('v1');
    const d = res.devices.find((x) => x.ip === '127.88.5.1')!;
    expect(d.hostname).toBe('v1-box');
    expect(judge(identify(d.observations))).toMatchObject({ verdict: 'covered', entity: 'huawei' });
  });

  it('ignores garbage replies and counts them', () => {
    expect(res.responders.some((x) => x.address === '127.88.5.2')).toBe(false);
    expect(res.counters.malformedReplies).toBeGreaterThan(0);
  });

  it('accepts no reply from an address the request did not go to', () => {
    expect(res.responders.some((x) => x.address === '127.88.5.3' || x.address === '127.88.5.4')).toBe(false);
    expect(res.counters.unmatchedReplies).toBeGreaterThan(0);
  });

  it('stops a walk whose OIDs do not increase and still identifies the device', () => {
    const d = res.devices.find((x) => x.ip === '127.88.5.5')!;
    expect(d.vendor).toBe('Cisco');
    expect(d.identities).toContainEqual({ type: 'mac', value: '00:1e:10:00:00:01' });
  });

  it('falls back to smaller GETBULKs on tooBig and reads the whole table', () => {
    const macs = res.neighbors.filter((n) => n.attachedTo?.value === '127.88.5.6').map((n) => n.ip);
    expect(macs.sort()).toEqual(['10.9.9.1', '10.9.9.2', '10.9.9.3']);
  });

  it('keeps a device that went silent after discovery, marked incomplete', () => {
    const d = res.devices.find((x) => x.ip === '127.88.5.7');
    expect(d?.hostname).toBe('gone');
    expect(d?.incomplete).toContain('system');
    expect(res.counters.incomplete).toBeGreaterThanOrEqual(1);
    expect(res.errors).toEqual([]);
    expect(res.counters.totalMs).toBeLessThan(20_000);
  });
});
