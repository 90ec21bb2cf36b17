// Discovery over real UDP against snmpsimd: every responder of a range behind a lossy, slow
// network; the community list tried in order; credentials kept out of results.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSweep } from '../src/run';
import { parseTargets } from '../src/targets';
import { type LossyProxy, lossyProxy, type Sim, startSnmpsim } from './sweep-sim';

describe('discovery behind a lossy, slow network', () => {
  const port = 17401;
  const backend = { address: '127.88.4.250', port: 17402 };
  const fronts = Array.from({ length: 40 }, (_, i) => `127.88.4.${i + 1}`);
  let sim: Sim;
  let proxy: LossyProxy;

  beforeAll(async () => {
    sim = await startSnmpsim([{ address: backend.address, file: 'linux-server.snmprec' }], backend.port);
    // Addresses lose their first 0, 1 or 2 requests; some of those that lose none answer only
    // after 350 ms, long after their retries went out (one measured round trip apart), so only
    // a late answer to the first try, accepted within the 400 ms timeout, can find them.
    proxy = await lossyProxy(fronts, port, backend, {
      dropFirst: (i) => i % 3,
      delayMs: (i) => (i % 6 === 0 ? 350 : 20),
    });
  });
  afterAll(async () => {
    proxy?.close();
    await sim?.stop();
  });

  it('finds every responder and no one else', async () => {
    const res = await runSweep({
      targets: parseTargets(['127.88.4.0/24']),
      port,
      communities: ['public'],
      rate: 20000,
      timeoutMs: 400,
      retries: 3,
      concurrency: 8,
      discoverOnly: true,
    });
    expect(res.responders.map((r) => r.address).sort()).toEqual([...fronts].sort());
    expect(res.counters.silent).toBe(254 - 40);
    expect(res.responders.every((r) => r.sysName === 'web01')).toBe(true);
  });

  it('misses the lossy ones without retries (so the retries above are what found them)', async () => {
    const res = await runSweep({
      targets: parseTargets(['127.88.4.1-127.88.4.40']),
      port,
      communities: ['public'],
      rate: 20000,
      timeoutMs: 300,
      retries: 0,
      concurrency: 8,
      discoverOnly: true,
    });
    expect(res.responders.length).toBeLessThan(40);
  });
});

describe('community list', () => {
  const port = 17201;
  let sim: Sim;

  beforeAll(async () => {
    sim = await startSnmpsim(
      [
        { address: '127.88.2.1', file: 'cisco-switch.snmprec', communities: ['c0mm-beta'] },
        { address: '127.88.2.2', file: 'linux-server.snmprec', communities: ['c0mm-alpha', 'c0mm-beta'] },
        { address: '127.88.2.3', file: 'ups-card.snmprec', communities: ['c0mm-gamma'] },
      ],
      port,
    );
  });
  afterAll(() => sim?.stop());

  const sweep = (communities: string[]) =>
    runSweep({
      targets: parseTargets(['127.88.2.1-127.88.2.3']),
      port,
      communities,
      rate: 5000,
      timeoutMs: 300,
      retries: 1,
      concurrency: 4,
      discoverOnly: false,
    });

  it('tries every community per address, in order, and keeps the first that answers', async () => {
    const res = await sweep(['c0mm-nope', 'c0mm-beta', 'c0mm-alpha']);
    const idx = Object.fromEntries(res.responders.map((r) => [r.address, r.communityIndex]));
    expect(idx).toEqual({ '127.88.2.1': 1, '127.88.2.2': 1 });
    expect(res.devices.map((d) => d.hostname).sort()).toEqual(['access-sw2', 'web01']);
    // Credentials are secrets: nothing the sweep hands on carries them.
    expect(JSON.stringify(res)).not.toMatch(/c0mm-/);
  });

  it('prefers the earlier community when several work', async () => {
    const res = await sweep(['c0mm-alpha', 'c0mm-beta', 'c0mm-gamma']);
    const idx = Object.fromEntries(res.responders.map((r) => [r.address, r.communityIndex]));
    expect(idx).toEqual({ '127.88.2.1': 1, '127.88.2.2': 0, '127.88.2.3': 2 });
  });
});
