// Discovery paces itself to what discovery probes bring back; identification traffic does not
// count. A busy device that takes its time over GETBULK (its CPU, not the network) must not shrink
// the window that admits new addresses.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCommunityMessage, PDU } from '../src/ber';
import { CommunityClient } from '../src/client';
import { discover, type Responder } from '../src/discover';
import { RateController } from '../src/rate';
import { Transport } from '../src/transport';
import { scripted, serveMib, str } from './scripted-agent';
import { rawAgent } from './sweep-sim';

const port = 17522;
const busy = '127.88.21.5';
const IF_PHYS = '1.3.6.1.2.1.2.2.1.6';
let close: () => void;

beforeAll(async () => {
  const mib = serveMib([str(`${IF_PHYS}.1`, Buffer.from('001b67000005', 'hex'))]);
  // The system group at once (discovery), every GETBULK 250 ms later.
  const agent = scripted({ descr: 'Cisco IOS Software', oid: '1.3.6.1.4.1.9.1.516', name: 'busy' }, mib);
  close = (
    await rawAgent(busy, port, (msg, reply) =>
      agent(msg, (b) =>
        decodeCommunityMessage(msg).pdu.type === PDU.getBulk ? setTimeout(() => reply(b), 250) : reply(b),
      ),
    )
  ).close;
});
afterAll(() => close?.());

describe('pacing', () => {
  it("does not shrink discovery's window for a busy device's slow GETBULK replies", async () => {
    const rate = new RateController({ max: 10_000 });
    const t = await Transport.open(rate);
    try {
      const found: Responder[] = [];
      await discover(t, [busy], {
        port,
        communities: [Buffer.from('public')],
        v3: false,
        timeoutMs: 500,
        retries: 1,
        onResponder: (r) => found.push(r),
      });
      expect(found.map((r) => r.address)).toEqual([busy]);
      const before = { window: rate.window, samples: rate.samples };
      const c = new CommunityClient(t, { address: busy, port }, Buffer.from('public'), 'v2c', {
        timeoutMs: 1000,
        retries: 0,
      });
      for (let i = 0; i < 4; i++) {
        const t0 = performance.now();
        expect(await c.getBulk([IF_PHYS], 8)).not.toBeNull();
        expect(performance.now() - t0).toBeGreaterThan(200); // the replies really were slow
      }
      expect(rate.samples).toBe(before.samples);
      expect(rate.window).toBeGreaterThanOrEqual(before.window);
    } finally {
      t.close();
    }
  });
});
