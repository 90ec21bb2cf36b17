// Identification paths and neighbor tables against a real snmpsimd serving the project's own
// recordings: sysObjectID, ENTITY-MIB, vendor-private probe behind a generic sysObjectID,
// UPS-MIB identity object, snmpEngineID alone, CDP, LLDP(+MED), Q-BRIDGE FDB with port names and
// VLANs, ARP, and randomized MACs that are counted but never attributed.
import { type AssetDraft, assetVendor, identify, judge } from '@coverscan/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep, type SweepResult } from '../src/run';
import { parseTargets } from '../src/targets';
import { type Sim, startSnmpsim } from './sweep-sim';

const port = 17101;
const devices = [
  { address: '127.88.1.1', file: 'huawei-switch.snmprec' },
  { address: '127.88.1.2', file: 'hikvision-camera.snmprec' },
  { address: '127.88.1.3', file: 'ups-card.snmprec' },
  { address: '127.88.1.4', file: 'cisco-switch.snmprec' },
  { address: '127.88.1.5', file: 'engineid-only.snmprec' },
  { address: '127.88.1.6', file: 'linux-server.snmprec' },
];
let sim: Sim;
let res: SweepResult;

const device = (ip: string) => res.devices.find((d) => d.ip === ip)!;
const neighbor = (mac: string) => res.neighbors.find((d) => d.mac === mac);
const verdict = (d: AssetDraft) => judge(identify(d.observations));
/** The vendor the report shows: named from the same evidence as the verdict (the draft's is only a fallback). */
const named = (d: AssetDraft) => assetVendor(verdict(d), d.observations, d.vendor);

beforeAll(async () => {
  sim = await startSnmpsim(devices, port);
  res = await runSweep({
    targets: parseTargets(['127.88.1.1-127.88.1.8']),
    port,
    communities: ['public'],
    rate: 5000,
    timeoutMs: 500,
    retries: 1,
    concurrency: 4,
    discoverOnly: false,
  });
});
afterAll(() => sim?.stop());

describe('sweep identification against snmpsimd', () => {
  it('finds exactly the six agents and identifies each', () => {
    expect(res.responders.map((r) => r.address).sort()).toEqual(devices.map((d) => d.address));
    expect(res.devices).toHaveLength(6);
    expect(res.counters.identified).toBe(6);
  });

  it('names a Huawei switch from sysObjectID and reads ENTITY-MIB model and serial', () => {
    const d = device('127.88.1.1');
    expect(named(d)).toBe('Huawei');
    expect(d).toMatchObject({
      kind: 'network-device',
      model: 'S5720-28X-SI-AC',
      hostname: 'core-sw1',
    });
    expect(d.serial).toBe('2102359587DMJ1000123');
    expect(d.identities).toContainEqual({ type: 'serial', value: '2102359587DMJ1000123' });
    const v = verdict(d);
    expect(v.verdict).toBe('covered');
    expect(v.entity).toBe('huawei');
  });

  it('flags a Hikvision camera hiding behind the net-snmp sysObjectID through its private MIB', () => {
    const d = device('127.88.1.2');
    const v = verdict(d);
    expect(v.verdict).toBe('covered');
    expect(v.entity).toBe('hikvision');
    expect(v.evidence.map((e) => e.field)).toContain('probe:1.3.6.1.4.1.39165.1.1.0');
    expect(named(d)).toBe('Hikvision');
  });

  it('flags a UPS card with no sysObjectID from UPS-MIB upsIdentManufacturer', () => {
    const v = verdict(device('127.88.1.3'));
    expect(v.verdict).toBe('covered');
    expect(v.entity).toBe('huawei');
    expect(v.evidence.some((e) => e.field === 'upsIdentManufacturer')).toBe(true);
  });

  it('leaves a Cisco switch clear and names it', () => {
    const d = device('127.88.1.4');
    expect(verdict(d).verdict).toBe('clear');
    expect(named(d)).toBe('Cisco');
  });

  it('flags an agent that only reveals its snmpEngineID', () => {
    const d = device('127.88.1.5');
    const v = verdict(d);
    expect(v.verdict).toBe('covered');
    expect(v.evidence[0].field).toBe('snmpEngineID');
  });

  it('does not let a covered NIC vendor make a Linux server covered', () => {
    expect(verdict(device('127.88.1.6')).verdict).not.toBe('covered');
  });

  it('turns an LLDP neighbor with LLDP-MED inventory into a Hikvision asset on the right port', () => {
    const n = neighbor('00:bc:99:11:22:33');
    expect(n).toBeDefined();
    expect(n).toMatchObject({ kind: 'neighbor', hostname: 'cam-lobby', model: 'DS-2CD2143G0-I' });
    expect(n!.attachedTo).toEqual({ type: 'ip', value: '127.88.1.1' });
    expect(n!.location).toContain('core-sw1');
    expect(n!.location).toContain('GigabitEthernet0/0/1');
    const v = verdict(n!);
    expect(['covered', 'review']).toContain(v.verdict);
    expect(v.entity).toBe('hikvision');
  });

  it('turns a Dahua MAC seen only in the Q-BRIDGE forwarding table into a review with port and VLAN', () => {
    const n = neighbor('14:a7:8b:44:55:66');
    expect(n).toBeDefined();
    expect(n!.location).toMatch(/port GE0\/0\/2, VLAN 10/);
    const v = verdict(n!);
    expect(v.verdict).toBe('review');
    expect(v.entity).toBe('dahua');
    expect(v.evidence[0].source).toBe('fdb');
  });

  it('gives an ARP neighbor its IP address', () => {
    const n = neighbor('00:15:eb:99:88:77');
    expect(n?.ip).toBe('10.0.0.50');
    expect(verdict(n!)).toMatchObject({ verdict: 'review', entity: 'zte' });
  });

  it('counts a randomized MAC without making it an asset', () => {
    expect(neighbor('02:11:22:33:44:55')).toBeUndefined();
    expect(res.counters.randomizedMacs).toBe(1);
  });

  it('reads the CDP cache: a phone named by its device id, with its address, platform and port', () => {
    const n = res.neighbors.find((x) => x.hostname === 'SEP001B67ABCDEF');
    expect(n).toMatchObject({ ip: '10.0.0.99', mac: '00:1b:67:ab:cd:ef', model: 'Cisco IP Phone 8841' });
    expect(n!.location).toContain('port Gi1/0/1');
    // cdpCacheDevicePort: the phone's own port.
    expect(n!.location).toContain('its port Port 1');
    expect(verdict(n!).verdict).toBe('clear');
  });
});
