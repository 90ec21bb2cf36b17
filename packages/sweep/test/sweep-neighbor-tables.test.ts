// Neighbor tables as switches and routers really serve them, one dialect per recording (written
// from the MIBs and the makers' documentation), served by snmpsimd: BRIDGE-MIB per VLAN context
// (Cisco community@vlan), Q-BRIDGE with FDB ids that are not VLAN ids and every entry status, a
// length-prefixed Q-BRIDGE index, forwarding rows numbered instead of indexed by MAC, both ARP
// tables with their type columns, LLDP with every chassis-id subtype and management addresses,
// and LLDP-V2-MIB. Each device is identified directly (its sightings) and swept (its assets).
import { identify, judge } from '@coverscan/shared';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AgentClient, CommunityClient } from '../src/client';
import { DeviceClient } from '../src/device-client';
import { identifyDevice } from '../src/identify-device';
import type { Sighting } from '../src/neighbors';
import { RateController } from '../src/rate';
import { runSweep, type SweepResult } from '../src/run';
import { parseTargets } from '../src/targets';
import { Transport } from '../src/transport';
import { type Sim, startSnmpsim } from './sweep-sim';

const port = 17701;
const timeoutMs = 800;
const catalystContexts = {
  'public@1': 'cisco-catalyst-vlans@1.snmprec',
  'public@10': 'cisco-catalyst-vlans@10.snmprec',
  'public@20': 'cisco-catalyst-vlans@20.snmprec',
};
const devices = [
  { address: '127.88.7.1', file: 'cisco-catalyst-vlans.snmprec', contexts: catalystContexts },
  // The same switch where community@vlan gets no answer (contexts disabled, or a v1/v2c view without them).
  { address: '127.88.7.2', file: 'cisco-catalyst-vlans.snmprec' },
  { address: '127.88.7.3', file: 'procurve-qbridge.snmprec' },
  { address: '127.88.7.4', file: 'zyxel-gs1900.snmprec' },
  { address: '127.88.7.5', file: 'radio-numbered-fdb.snmprec' },
  { address: '127.88.7.6', file: 'linux-router-arp.snmprec' },
  { address: '127.88.7.7', file: 'lldp-access-switch.snmprec' },
  { address: '127.88.7.8', file: 'panos-lldp-v2.snmprec' },
];

let sim: Sim;
let transport: Transport;
let swept: SweepResult;
const read = new Map<string, { sightings: Sighting[]; complete: boolean; ms: number; contexts: string[] }>();

/** Identifies one device directly, recording which VLAN contexts it was asked in. */
async function identifyOne(address: string) {
  const c = new CommunityClient(transport, { address, port }, Buffer.from('public'), 'v2c', {
    timeoutMs,
    retries: 1,
  });
  const contexts: string[] = [];
  const spy: AgentClient = Object.assign(Object.create(c), {
    inContext: (ctx: string) => {
      contexts.push(ctx);
      return c.inContext(ctx);
    },
  });
  const started = performance.now();
  const dc = new DeviceClient(
    spy,
    address,
    started + 20_000,
    { timeoutMs, retries: 1 },
    pino({ level: 'silent' }),
  );
  const r = await identifyDevice(
    dc,
    {
      address,
      port,
      version: 'v2c',
      communityIndex: 0,
      sysDescr: null,
      sysObjectID: null,
      sysName: null,
      engineId: null,
      rttMs: 1,
    },
    { maxRows: 10_000, neighbors: true },
  );
  return {
    sightings: r.sightings,
    complete: !r.incomplete.length,
    ms: performance.now() - started,
    contexts,
  };
}

beforeAll(async () => {
  sim = await startSnmpsim(devices, port);
  transport = await Transport.open(new RateController({ max: 5000 }));
  for (const d of devices) read.set(d.address, await identifyOne(d.address));
  swept = await runSweep({
    targets: parseTargets(['127.88.7.1-127.88.7.9']),
    port,
    communities: ['public'],
    rate: 5000,
    timeoutMs,
    retries: 1,
    concurrency: 8,
    discoverOnly: false,
  });
}, 120_000);
afterAll(async () => {
  transport?.close();
  await sim?.stop();
});

const of = (address: string) => read.get(address)!;
const seen = (address: string, mac: string) => of(address).sightings.filter((s) => s.mac === mac);
const one = (address: string, mac: string) => {
  const s = seen(address, mac);
  expect(s, `${mac} at ${address}`).toHaveLength(1);
  return s[0];
};
const asset = (mac: string) => swept.neighbors.find((n) => n.mac === mac);

describe('BRIDGE-MIB per VLAN context (Cisco community@vlan)', () => {
  it('reads each operational Ethernet VLAN the switch announces over VTP, and not the FDDI/Token Ring ones', () => {
    expect(of('127.88.7.1').contexts).toEqual(['1', '10', '20']);
    expect(of('127.88.7.1').complete).toBe(true);
  });

  it('finds the camera in VLAN 10 on the port its VLAN context maps the bridge port to', () => {
    expect(one('127.88.7.1', 'BCAD28112233')).toMatchObject({ via: 'fdb', port: 'Gi1/0/3', vlan: '10' });
    expect(one('127.88.7.1', 'E0508B445566')).toMatchObject({ port: 'Gi1/0/5', vlan: '20' });
  });

  it('keeps a station whose bridge port has no ifIndex, with the raw bridge port', () => {
    expect(one('127.88.7.1', 'C056E3778899')).toMatchObject({ port: 'bridge port 7', vlan: '20' });
  });

  it("skips the switch's own address (status self)", () => {
    expect(seen('127.88.7.1', '001B67300040')).toEqual([]);
  });

  it('makes assets that say where: switch, port and VLAN', () => {
    const n = asset('bc:ad:28:11:22:33');
    expect(n?.location).toMatch(/access-sw3 \(127\.88\.7\.1\), port Gi1\/0\/3, VLAN 10 \[fdb\]/);
    expect(judge(identify(n!.observations))).toMatchObject({ verdict: 'review', entity: 'hikvision' });
  });

  it('costs one timeout, not one per VLAN, when the switch does not answer community@vlan', () => {
    const r = of('127.88.7.2');
    expect(r.contexts).toEqual(['1']);
    expect(r.complete).toBe(true);
    expect(r.ms).toBeLessThan(2 * 2 * timeoutMs);
    // What the default context shows (VLAN 1) is still read.
    expect(seen('127.88.7.2', '001B67FF00FE')).toHaveLength(1);
    expect(seen('127.88.7.2', 'BCAD28112233')).toEqual([]);
  });
});

describe('Q-BRIDGE-MIB forwarding table', () => {
  it('maps FDB ids to VLANs through dot1qVlanFdbId', () => {
    expect(one('127.88.7.3', 'BCAD28001001')).toMatchObject({ port: '5', vlan: '10' });
    expect(one('127.88.7.3', 'E0508B002001')).toMatchObject({ port: '7', vlan: '20' });
  });

  it('leaves the VLAN unknown when several VLANs share one FDB', () => {
    expect(one('127.88.7.3', '001E10004001')).toMatchObject({ port: '5', vlan: null });
  });

  it('keeps learned and other entries, skips invalid, self and management ones', () => {
    expect(one('127.88.7.3', '4CBD8F001002')).toMatchObject({ port: '6', vlan: '10' });
    for (const mac of ['3CEF8C002002', '941882000001', '488EEF000102'])
      expect(seen('127.88.7.3', mac)).toEqual([]);
  });

  it('keeps a station on a bridge port without ifIndex', () => {
    expect(one('127.88.7.3', '0015EB000101')).toMatchObject({ port: 'bridge port 9', vlan: '1' });
  });

  it('reads no VLAN context: Q-BRIDGE already lists every VLAN', () => {
    expect(of('127.88.7.3').contexts).toEqual([]);
  });

  it('reads a MAC that the agent length-prefixes in the index', () => {
    expect(one('127.88.7.4', 'C056E3000001')).toMatchObject({ port: 'GigabitEthernet3', vlan: '1' });
    expect(one('127.88.7.4', '14A78B000002')).toMatchObject({ port: 'GigabitEthernet4' });
  });
});

describe('BRIDGE-MIB rows numbered instead of indexed by MAC', () => {
  it('takes the MAC from dot1dTpFdbAddress', () => {
    expect(one('127.88.7.5', '00BC99000021')).toMatchObject({ via: 'fdb', port: 'MAIN' });
    expect(one('127.88.7.5', '0015EB000022')).toMatchObject({ port: null });
  });
});

describe('ARP: ipNetToMediaTable and ipNetToPhysicalTable', () => {
  it('reads IPv4 and IPv6 neighbors with their interface', () => {
    const ips = seen('127.88.7.6', '0015EB210001').map((s) => [s.ip, s.port]);
    expect(ips).toContainEqual(['10.1.0.21', 'eth1']);
    expect(ips).toContainEqual(['fe80::215:ebff:fe21:1', 'eth1']);
    expect(seen('127.88.7.6', 'E0508B250005')).toEqual([
      expect.objectContaining({ ip: '2001:db8::25', port: 'eth2' }),
    ]);
    expect(seen('127.88.7.6', 'BCAD28230003')).toEqual([expect.objectContaining({ ip: '10.1.0.23' })]);
  });

  it('skips entries of type invalid in either table', () => {
    expect(seen('127.88.7.6', '14A78B220002')).toEqual([]);
    expect(seen('127.88.7.6', 'C056E3240004')).toEqual([]);
  });

  it('gives the asset its IPv4 address', () => {
    expect(asset('00:15:eb:21:00:01')?.ip).toBe('10.1.0.21');
  });
});

describe('LLDP: every chassis-id subtype, management addresses, LLDP-MED', () => {
  const at = (localPort: string) => {
    const s = of('127.88.7.7').sightings.filter((x) => x.port === localPort);
    expect(s, localPort).toHaveLength(1);
    return s[0];
  };

  it('macAddress chassis, with the IP from the management-address table and LLDP-MED inventory', () => {
    expect(at('GigabitEthernet1/0/1')).toMatchObject({
      via: 'lldp',
      mac: 'BCAD28010001',
      ip: '10.2.0.11',
      hostname: 'cam-door',
      remotePort: 'eth0',
    });
    expect(asset('bc:ad:28:01:00:01')).toMatchObject({ ip: '10.2.0.11', model: 'DS-2CD2143G2-I' });
  });

  it('networkAddress chassis (a Cisco IP phone): the IP from the chassis id, the MAC from the port id', () => {
    expect(at('GigabitEthernet1/0/2')).toMatchObject({
      mac: '001B67020002',
      ip: '10.2.0.12',
      hostname: 'SEP001B67020002',
      remotePort: 'SW PORT',
    });
  });

  it('local chassis id: MAC and IP from the management-address table', () => {
    expect(at('GigabitEthernet1/0/3')).toMatchObject({
      mac: 'E0508B030003',
      ip: '10.2.0.13',
      hostname: 'nvr-0001',
    });
  });

  it('chassisComponent chassis: no MAC, the IPv6 management address and the remote interface name', () => {
    expect(at('GigabitEthernet1/0/4')).toMatchObject({
      mac: null,
      ip: '2001:db8:0:2::14',
      hostname: 'dist-sw1',
      remotePort: 'Gi1/0/48',
    });
    expect(swept.neighbors.find((n) => n.hostname === 'dist-sw1')?.ip).toBe('2001:db8:0:2::14');
  });

  it('interfaceAlias chassis without a system name: the alias names it', () => {
    expect(at('GigabitEthernet1/0/5')).toMatchObject({
      mac: null,
      hostname: 'uplink-to-core',
      remotePort: 'uplink',
    });
  });

  it('portComponent chassis, with a management address the agent did not length-prefix', () => {
    expect(at('GigabitEthernet1/0/6')).toMatchObject({
      ip: '10.2.0.16',
      hostname: 'chassis-b',
      remotePort: 'slot 2',
    });
  });

  it('interfaceName chassis: the MAC from a macAddress port id', () => {
    expect(at('GigabitEthernet1/0/7')).toMatchObject({ mac: '0015EB070007', hostname: 'ont-7' });
  });

  it('local chassis id that is a MAC written out', () => {
    expect(at('GigabitEthernet1/0/8')).toMatchObject({ mac: '488EEF080008', remotePort: 'GE0/0/1' });
  });
});

describe('LLDP-V2-MIB', () => {
  it('reads the remote table and its management address, the local port an ifIndex', () => {
    expect(one('127.88.7.8', '001E10AA0001')).toMatchObject({
      via: 'lldp',
      ip: '10.3.0.1',
      port: 'ethernet1/7',
      remotePort: '10GE1/0/7',
      hostname: 'core-ce1',
    });
    const n = asset('00:1e:10:aa:00:01');
    expect(n?.location).toContain('its port 10GE1/0/7');
    expect(judge(identify(n!.observations)).entity).toBe('huawei');
  });
});
