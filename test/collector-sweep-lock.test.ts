// A `coverscan sweep --db X` process storing thousands of assets into the database a running
// `coverscan serve --db X` commits agent reports to (issue 11): the collector's event loop never waits
// on the sweep's write lock and no report fails with "database is locked". Real processes: snmpsim
// serving four routers with 2,000-entry ARP tables, the built CLI's serve and sweep, WebSocket agents.
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenFor } from '../packages/collector/test/api-auth';
import { generateInventory } from '../packages/collector/test/inventory-generator';
import { connect, hello } from '../packages/collector/test/ws-client';
import { fixtures, type Sim, startSnmpsim } from '../packages/sweep/test/sweep-sim';
import { collectorCli, query, serve, setup } from './agent-harness';

const PORT = 17851;
const ROUTERS = 4;
const ARP = 2000;
const address = (i: number) => `127.88.85.${i + 1}`;

/**
 * A Linux router as net-snmp answers (sysObjectID 8072.3.2.10) with an ARP table of `ARP` stations:
 * RFC 1213 ipNetToMediaTable (ifIndex.ip → PhysAddress, NetAddress, Type dynamic(3)).
 */
function routerRecording(i: number): string {
  const lines = [
    `1.3.6.1.2.1.1.1.0|4|Linux rt${i} 5.15.0-91-generic #101-Ubuntu SMP x86_64`,
    '1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.8072.3.2.10',
    `1.3.6.1.2.1.1.5.0|4|rt${i}`,
    '1.3.6.1.2.1.2.2.1.2.2|4|eth1',
  ];
  const rows = Array.from({ length: ARP }, (_, k) => {
    const ip = `10.${i}.${k >> 8}.${k & 0xff}`;
    // Dell's OUI (b0:7b:25), the host part numbering router and station.
    const mac = `b07b25${i.toString(16).padStart(2, '0')}${k.toString(16).padStart(4, '0')}`;
    return { idx: `2.${ip}`, ip, mac };
  });
  for (const col of [1, 2, 3, 4])
    for (const r of rows) {
      const value = col === 1 ? '2|2' : col === 2 ? `4x|${r.mac}` : col === 3 ? `64|${r.ip}` : '2|3';
      lines.push(`1.3.6.1.2.1.4.22.1.${col}.${r.idx}|${value}`);
    }
  // snmprec lines are served in OID order: sort by numeric arcs.
  const arcs = (l: string) => l.split('|')[0].split('.').map(Number);
  lines.sort((a, b) => {
    const x = arcs(a);
    const y = arcs(b);
    for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return x[k] - y[k];
    return x.length - y.length;
  });
  return `${lines.join('\n')}\n`;
}

let sim: Sim;
const env = setup();
beforeAll(async () => {
  const dir = join(env.dir, 'recordings');
  mkdirSync(dir);
  const devices = Array.from({ length: ROUTERS }, (_, i) => {
    const file = join(dir, `router-${i}.snmprec`);
    writeFileSync(file, routerRecording(i));
    return { address: address(i), file: relative(fixtures, file) };
  });
  sim = await startSnmpsim(devices, PORT);
}, 60_000);
afterAll(async () => {
  await sim?.stop();
});

it('a sweep storing 8,000 neighbors beside a serving collector: every report acked, the event loop never waits', async () => {
  const { proc, url } = await serve(env.db);
  const httpUrl = url.replace(/^ws/, 'http');
  const agents = await Promise.all(
    Array.from({ length: 4 }, async () => {
      const c = await connect(url);
      c.send(hello({ enrollSecret: env.secret }));
      const w = await c.next();
      expect(w.type).toBe('welcome');
      // A first report warms the collector up (its report worker loads the catalog): not measured.
      c.send({
        type: 'report',
        reportId: `warm-${w.type === 'welcome' && w.agentId}`,
        inventory: generateInventory(8999),
      });
      expect((await c.next(30_000)).type).toBe('ack');
      return c;
    }),
  );
  const stats = { acked: 0, failed: [] as string[], maxAckMs: 0, maxHealthMs: 0, healthChecks: 0 };
  let sweeping = true;
  // Agents report over and over (each a changed inventory: a full write) while the sweep runs.
  const reporting = agents.map(async (c, a) => {
    for (let n = 0; sweeping; n++) {
      const reportId = `lock-${a}-${n}-${Date.now()}`;
      const t0 = performance.now();
      c.send({ type: 'report', reportId, inventory: generateInventory(9000 + a, { changed: n % 50 }) });
      const m = await c.next(30_000);
      stats.maxAckMs = Math.max(stats.maxAckMs, performance.now() - t0);

      if (m.type === 'ack') stats.acked++;
      else stats.failed.push(JSON.stringify(m));
    }
  });
  // The HTTP API answers throughout: a stalled event loop shows here first.
  const polling = (async () => {
    while (sweeping) {
      const t0 = performance.now();
      const r = await fetch(`${httpUrl}/api/health`, { headers: tokenFor(env.db) });
      expect(r.status).toBe(200);
      await r.arrayBuffer();
      stats.maxHealthMs = Math.max(stats.maxHealthMs, performance.now() - t0);
      stats.healthChecks++;
      await new Promise((r) => setTimeout(r, 25));
    }
  })();

  const sweep = spawn(
    process.execPath,
    [
      collectorCli,
      'sweep',
      `${address(0)}-${address(ROUTERS - 1)}`,
      '--snmp-port',
      String(PORT),
      '--db',
      env.db,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let sweepErr = '';
  sweep.stderr.on('data', (d) => {
    sweepErr += d;
  });
  const code = await new Promise<number | null>((r) => sweep.on('exit', r));
  sweeping = false;
  await Promise.all([...reporting, polling]);
  for (const c of agents) c.close();
  proc.kill('SIGTERM');

  console.log(`sweep beside serve: ${JSON.stringify(stats)}`);
  expect(code, sweepErr).toBe(0);
  const [{ n }] = query<{ n: number }>(env.db, "SELECT count(*) n FROM assets WHERE kind = 'neighbor'");
  expect(n).toBe(ROUTERS * ARP);
  expect(stats.failed).toEqual([]);
  expect(stats.acked).toBeGreaterThan(20);
  // Storing took seconds; nothing on the collector waited for it.
  expect(stats.maxAckMs).toBeLessThan(3000);
  expect(stats.maxHealthMs).toBeLessThan(2500);
}, 180_000);
