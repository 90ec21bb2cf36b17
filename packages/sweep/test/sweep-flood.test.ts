// One device cannot blind a sweep (issue 11): a responder that floods the sweep's socket with
// unsolicited ~60 KB datagrams (a Counter64 tens of kilobytes long, random request ids) adds at most
// its own timeout to a sweep of 30 snmpsim devices, and every other device is read as completely as
// without it. Real UDP on loopback; the flooder runs in a worker thread.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCommunityMessage, encInt, encOctets, encOid, encSeq, PDU } from '../src/ber';
import { CommunityClient } from '../src/client';
import { RateController } from '../src/rate';
import { Transport } from '../src/transport';
import { type Flooder, startFlooder } from './snmp-flooder';
import { FLEET_RETRIES, FLEET_TIMEOUT_MS, type Fleet, startFleet } from './sweep-fleet';
import { rawAgent } from './sweep-sim';

const port = 17541;
let fleet: Fleet;
let flooder: Flooder | null = null;

beforeAll(async () => {
  fleet = await startFleet('127.88.41', port);
});

afterAll(async () => {
  await flooder?.close();
  await fleet?.stop();
});

describe('a device flooding the sweep with unsolicited 60 KB datagrams', () => {
  it('adds at most its own timeout to a sweep of 30 others, which are read in full', async () => {
    const others = fleet.addresses;
    const FLOODER = fleet.odd;
    // Warm snmpsimd (it loads each recording on first use), then the sweep without the flooder.
    await fleet.sweep(others);
    const { ms: calmMs, r: calm } = await fleet.sweep(others);

    flooder = await startFlooder(FLOODER, port);
    const { ms: floodMs, r: flooded } = await fleet.sweep([...others, FLOODER]);
    const sent = await flooder.sent();

    // The flood really happened: hundreds of 60 KB datagrams reached the sweep while it ran.
    expect(sent).toBeGreaterThan(500);
    expect(flooded.counters.packetsReceived - calm.counters.packetsReceived).toBeGreaterThan(100);

    // Every other device was found and read exactly as without the flood.
    const incomplete = (r: typeof calm) =>
      Object.fromEntries(r.devices.filter((d) => d.ip !== FLOODER).map((d) => [d.ip, d.incomplete ?? []]));
    expect(incomplete(flooded)).toEqual(incomplete(calm));
    expect(flooded.responders.map((r) => r.address).sort()).toEqual([...others, FLOODER].sort());
    expect(flooded.neighbors.length).toBe(calm.neighbors.length);

    // The flooder's own timeout: one request's tries (see device-client.ts), generous margin for a
    // loaded machine.
    const ownTimeout = FLEET_TIMEOUT_MS * (FLEET_RETRIES + 1);
    expect(floodMs).toBeLessThan(calmMs + ownTimeout + 2000);
  }, 180_000);
});

describe('values longer than their type allows', () => {
  // One agent answers every GET of ifHCInOctets.1 (a Counter64, IF-MIB) with the value the test
  // scripts, raw BER; the reply is accepted only when the value fits its type.
  const ADDR = '127.88.41.40';
  const OID = '1.3.6.1.2.1.31.1.1.1.6.1';
  const answer = (value: Buffer) => async (ask: (c: CommunityClient) => Promise<unknown>) => {
    const agent = await rawAgent(ADDR, port, (msg, reply) => {
      const m = decodeCommunityMessage(msg);
      const vb = encSeq([encOid(OID), value]);
      const pdu = encSeq([encInt(m.pdu.requestId), encInt(0), encInt(0), encSeq([vb])], PDU.response);
      reply(encSeq([encInt(m.version), encOctets(m.community), pdu]));
    });
    const t = await Transport.open(new RateController({ max: 1000 }));
    try {
      const c = new CommunityClient(t, { address: ADDR, port }, Buffer.from('public'), 'v2c', {
        timeoutMs: 300,
        retries: 0,
      });
      return { got: await ask(c), malformed: t.stats.malformed };
    } finally {
      t.close();
      agent.close();
    }
  };
  const get = (c: CommunityClient) => c.get([OID]);

  it('accepts a Counter64 of 8 octets, and of 9 with the leading zero', async () => {
    const eight = await answer(Buffer.from('4608ffffffffffffffff', 'hex'))(get);
    expect(eight.got).toMatchObject({ varbinds: [{ value: { type: 'counter64', value: 2n ** 64n - 1n } }] });
    const nine = await answer(Buffer.from('460900ffffffffffffffff', 'hex'))(get);
    expect(nine.got).toMatchObject({ varbinds: [{ value: { type: 'counter64', value: 2n ** 64n - 1n } }] });
  });

  it.each([
    ['a Counter64 of 10 octets', '460a01000000000000000000'],
    ['an Integer32 of 6 octets', '0206010000000000'],
    ['a Counter32 of 6 octets', '4106010000000000'],
    ['a TimeTicks of 6 octets', '4306010000000000'],
    ['an IpAddress of 5 octets', '40050a00000001'],
    ['a NULL with content', '050100'],
  ])('drops a reply carrying %s: the request goes unanswered', async (_what, hex) => {
    const r = await answer(Buffer.from(hex, 'hex'))(get);
    expect(r.got).toBeNull();
    expect(r.malformed).toBeGreaterThan(0);
  });
});
