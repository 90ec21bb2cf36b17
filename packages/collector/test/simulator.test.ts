// The built-in simulator behind `coverscan demo` must speak SNMP that a third-party client accepts:
// checked with net-snmp's own client session (GET, GETNEXT, GETBULK, v1 errors, wrong community).
import { readFileSync } from 'node:fs';
import { SimulatedNetwork } from '@coverscan/sweep/simulator/agent';
import { parseSnmprec } from '@coverscan/sweep/simulator/snmprec';
import snmp from 'net-snmp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const port = 17990;
const rec = (f: string) =>
  parseSnmprec(readFileSync(new URL(`../demo/network/${f}`, import.meta.url), 'latin1'));
let net: SimulatedNetwork;

beforeAll(async () => {
  net = await SimulatedNetwork.start(
    [
      { address: '127.88.250.1', records: rec('access-switch.snmprec') },
      { address: '127.88.250.2', records: rec('parking-camera.snmprec') },
    ],
    port,
  );
});
afterAll(() => net.close());

type Vb = snmp.Varbind;
function call<T>(
  version: 0 | 1,
  community: string,
  fn: (s: snmp.Session, cb: (e: Error | null, r?: T) => void) => void,
): Promise<T> {
  const session = snmp.createSession('127.88.250.1', community, { port, version, timeout: 400, retries: 0 });
  return new Promise<T>((resolve, reject) =>
    fn(session, (e, r) => {
      session.close();
      if (e) reject(e);
      else resolve(r as T);
    }),
  );
}

describe('simulated SNMP agent', () => {
  it('answers GET with the recorded values', async () => {
    const vbs = await call<Vb[]>(snmp.Version2c, 'public', (s, cb) =>
      s.get(['1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.2.0'], cb),
    );
    expect(String(vbs[0].value)).toBe('access-sw-02');
    expect(vbs[1].value).toBe('1.3.6.1.4.1.9.1.1208');
  });

  it('walks a table in OID order with GETBULK, arcs compared as numbers', async () => {
    const vbs = await call<(Vb | Vb[])[]>(snmp.Version2c, 'public', (s, cb) =>
      s.getBulk(['1.3.6.1.2.1.17.1.4.1.2'], 0, 10, cb),
    );
    // Port 16 (the Huawei IP phone) is recorded last in the file: the walk must still return it in OID order.
    const oids = (vbs[0] as Vb[]).map((v) => v.oid).filter((o) => o.startsWith('1.3.6.1.2.1.17.1.4.1.2.'));
    expect(oids).toEqual([2, 12, 14, 16, 20, 21].map((p) => `1.3.6.1.2.1.17.1.4.1.2.${p}`));
  });

  it('reports a missing object as noSuchObject in v2c and noSuchName in v1', async () => {
    const vbs = await call<Vb[]>(snmp.Version2c, 'public', (s, cb) => s.get(['1.3.6.1.4.1.39165.1.1.0'], cb));
    expect(vbs[0].type).toBe(snmp.ObjectType.NoSuchObject);
    await expect(
      call<Vb[]>(snmp.Version1, 'public', (s, cb) => s.get(['1.3.6.1.4.1.39165.1.1.0'], cb)),
    ).rejects.toThrow(/NoSuchName/i);
  });

  it('ignores a wrong community, like a real agent', async () => {
    await expect(
      call<Vb[]>(snmp.Version2c, 'private', (s, cb) => s.get(['1.3.6.1.2.1.1.5.0'], cb)),
    ).rejects.toThrow(/timed out/i);
  });

  it('serves only loopback addresses', async () => {
    await expect(SimulatedNetwork.start([{ address: '192.0.2.1', records: [] }], port)).rejects.toThrow(
      /loopback/,
    );
  });
});
