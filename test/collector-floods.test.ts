// The floor of issue 11: with 8 unauthenticated connections flooding a real `coverscan serve` (deeply
// nested 2 MB frames, 16 KB frames, guessed enrollment secrets, from their own process), a legitimate
// agent's report is acknowledged within 2 s, and `coverscan-agent once` delivers.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { generateInventory } from '../packages/collector/test/inventory-generator';
import { connect, hello } from '../packages/collector/test/ws-client';
import { agentOnce, ingest, procs, reportIds, root, serve, setup } from './agent-harness';

function startFlood(url: string, kind: string, connections: number, seconds: number): ChildProcess {
  const p = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'packages/collector/test/flood.ts'),
      url,
      kind,
      String(connections),
      String(seconds),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], cwd: root },
  );
  procs.push(p);
  return p;
}

it('8 strangers flooding: an agent enrolls and each of its reports is acked within 2 s; coverscan-agent once delivers', async () => {
  const env = setup();
  const { url } = await serve(env.db);
  // A collector's first report warms its report worker (catalog, identification memo): not the subject.
  const agent = await connect(url);
  agent.send(hello({ enrollSecret: env.secret }));
  expect((await agent.next()).type).toBe('welcome');
  agent.send({ type: 'report', reportId: 'floods-warm-0001', inventory: generateInventory(7000) });
  expect(await agent.next(30_000)).toEqual({ type: 'ack', reportId: 'floods-warm-0001' });

  const flood = startFlood(url, 'mixed', 8, 15);
  let floodOut = '';
  flood.stdout!.on('data', (d) => {
    floodOut += d;
  });
  const floodDone = new Promise((r) => flood.on('exit', r));
  await new Promise((r) => setTimeout(r, 1500));

  // A new agent enrolls under the flood, then reports (distinct inventories: full writes).
  const t0 = performance.now();
  const fresh = await connect(url);
  fresh.send(hello({ enrollSecret: env.secret }));
  expect((await fresh.next(5000)).type).toBe('welcome');
  const enrollMs = performance.now() - t0;
  const latencies: number[] = [];
  for (let i = 0; i < 8; i++) {
    const reportId = `floods-report-${i}-${Date.now()}`;
    const t = performance.now();
    fresh.send({ type: 'report', reportId, inventory: generateInventory(7001 + i) });
    expect(await fresh.next(10_000)).toEqual({ type: 'ack', reportId });
    latencies.push(performance.now() - t);
    await new Promise((r) => setTimeout(r, 300));
  }
  // The real agent: collects this machine's inventory, enrolls, delivers, exits 0.
  const once = agentOnce(url, env.state, env.secret);
  const health = await ingest(url);
  await floodDone;
  fresh.close();
  agent.close();

  const sent = JSON.parse(floodOut) as { opened: number };
  console.log(
    `under 8 flooding strangers (${sent.opened} connections opened): enroll ${enrollMs.toFixed(0)} ms, acks ${latencies.map((l) => l.toFixed(0)).join(' ')} ms`,
  );
  expect(once.code, once.stderr).toBe(0);
  expect(reportIds(env.db).length).toBeGreaterThanOrEqual(10);
  // The flood was real: it kept opening connections the collector refused.
  expect(sent.opened).toBeGreaterThan(8);
  expect(health).toBeTruthy();
  expect(enrollMs).toBeLessThan(2000);
  expect(Math.max(...latencies)).toBeLessThan(2000);
}, 120_000);
