// SNMPv3 authPriv against snmpsimd in v3-only mode: engine discovery without credentials finds
// the agents; identification and neighbor walks (GETBULK) run over USM sessions from net-snmp.
import { assetVendor, identify, judge } from '@coverscan/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../src/run';
import { parseTargets } from '../src/targets';
import { type Sim, startSnmpsim } from './sweep-sim';

const port = 17301;
const user = {
  user: 'coverscan',
  authProto: 'SHA',
  authKey: 'auth-key-2026',
  privProto: 'AES',
  privKey: 'priv-key-2026',
} as const;
let sim: Sim;

beforeAll(async () => {
  sim = await startSnmpsim(
    [
      { address: '127.88.3.1', file: 'huawei-switch.snmprec' },
      { address: '127.88.3.2', file: 'cisco-switch.snmprec' },
    ],
    port,
    user,
  );
});
afterAll(() => sim?.stop());

const sweep = (privKey: string) =>
  runSweep({
    targets: parseTargets(['127.88.3.1-127.88.3.4']),
    port,
    communities: [],
    v3: { user: user.user, authProto: 'sha', authKey: user.authKey, privProto: 'aes', privKey },
    rate: 5000,
    // snmpsimd does USM crypto in Python: give it time on a busy machine.
    timeoutMs: 2000,
    retries: 1,
    concurrency: 4,
    discoverOnly: false,
  });

describe('SNMPv3 authPriv', () => {
  it('discovers v3-only agents and identifies them over authPriv sessions', async () => {
    const res = await sweep(user.privKey);
    expect(res.responders.map((r) => [r.address, r.version])).toEqual([
      ['127.88.3.1', 'v3'],
      ['127.88.3.2', 'v3'],
    ]);
    expect(res.responders.every((r) => r.engineId && r.engineId.length >= 10)).toBe(true);
    const sw = res.devices.find((d) => d.ip === '127.88.3.1')!;
    expect(sw).toMatchObject({ hostname: 'core-sw1', model: 'S5720-28X-SI-AC' });
    const v = judge(identify(sw.observations));
    expect(v).toMatchObject({ verdict: 'covered', entity: 'huawei' });
    expect(assetVendor(v, sw.observations, sw.vendor)).toBe('Huawei');
    // GETBULK walks over v3 reach the forwarding table too.
    expect(res.neighbors.some((n) => n.mac === '14:a7:8b:44:55:66')).toBe(true);
    const cisco = res.devices.find((d) => d.ip === '127.88.3.2')!;
    expect(assetVendor(judge(identify(cisco.observations)), cisco.observations, cisco.vendor)).toBe('Cisco');
  });

  it('finds but cannot read an agent with the wrong privacy key', async () => {
    const res = await sweep('wrong-priv-key');
    expect(res.responders).toHaveLength(2);
    const sw = res.devices.find((d) => d.ip === '127.88.3.1')!;
    expect(sw.hostname).toBeNull();
    expect(sw.observations.some((o) => o.field === 'sysDescr')).toBe(false);
    // Only the engine id from discovery is known (snmpsim's own enterprise, not Huawei's).
    expect(sw.observations.map((o) => o.field)).toEqual(['snmpEngineID']);
    expect(res.counters.incomplete).toBe(2);
  });
});
