// Re-judging benchmark: a database of REJUDGE_ASSETS assets (default 100,000: agents' workstations with
// their USB peripherals, reported through the server's own prepare path, and swept network devices and
// neighbor MACs), then a newer catalog installed with the built `coverscan catalog update` while a real
// `coverscan serve` on the same file acks reports from REJUDGE_CLIENTS clients over WebSocket. Measured:
// how long re-judging every asset takes, its longest transaction, and the ack latency of the reports
// sent meanwhile next to the same stream before the update.
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../packages/collector/src/store/store';
import { raisedCatalog, withoutEntries, writeBundle } from '../packages/collector/test/catalog-versions';
import { generateInventory } from '../packages/collector/test/inventory-generator';
import { connect, hello } from '../packages/collector/test/ws-client';
import { serve, stop } from '../test/collector-process';
import { seedStore } from './seed-store';

const ASSETS = Number(process.env.REJUDGE_ASSETS ?? 100_000);
const CLIENTS = Number(process.env.REJUDGE_CLIENTS ?? 4);
/** Reports per second from all clients together: 100,000 agents reporting hourly send ~28/s. */
const RATE = Number(process.env.REJUDGE_RATE ?? 30);
const root = join(import.meta.dirname, '..');
const cli = join(root, 'packages/collector/dist/coverscan.js');
const dir = mkdtempSync(join(tmpdir(), 'coverscan-rejudge-bench-'));
const db = join(dir, 'bench.db');

function build(): void {
  const t0 = performance.now();
  const { agents, devices, counts: n } = seedStore(db, ASSETS);
  console.log(
    `built ${n.assets} assets (${agents} agent reports, ${devices} swept devices with 4 neighbors each), ` +
      `${n.observations} observations, ${(statSync(db).size / 1e6).toFixed(0)} MB, in ${((performance.now() - t0) / 1000).toFixed(0)} s (not timed)`,
  );
}

function run(args: string[]): Promise<{ code: number | null; stderr: string; ms: number }> {
  const t0 = performance.now();
  const p = spawn(process.execPath, [process.env.REJUDGE_CLI ?? cli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  p.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve) =>
    p.on('exit', (code) => resolve({ code, stderr, ms: performance.now() - t0 })),
  );
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : Number.NaN;
};
const lat = (xs: number[]) =>
  `${xs.length} reports acked, latency p50 ${pct(xs, 50).toFixed(0)} ms, p99 ${pct(xs, 99).toFixed(0)} ms, max ${Math.max(...xs).toFixed(0)} ms`;

/** CLIENTS agents re-reporting (changed inventories, in full) at RATE in all until `until` resolves. */
async function stream(url: string, secret: string, until: Promise<unknown>): Promise<number[]> {
  let done = false;
  void until.then(() => {
    done = true;
  });
  const times: number[] = [];
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, k) => {
      const c = await connect(url);
      c.send(hello({ enrollSecret: secret, hostname: `live-${k}` }));
      await c.next(60_000);
      const every = (1000 * CLIENTS) / RATE;
      for (let n = 0; !done; n++) {
        const inv = generateInventory(1_000_000 + k, { changed: n % 50 });
        const t0 = performance.now();
        const next = t0 + every;
        c.send({ type: 'report', reportId: `live-${k}-${n}-${Date.now()}`, inventory: inv });
        const m = await c.next(60_000);
        if (m.type !== 'ack') throw new Error(JSON.stringify(m));
        times.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, Math.max(0, next - performance.now())));
      }
      c.close();
    }),
  );
  return times;
}

async function main() {
  console.log(
    `rejudge: ${ASSETS} assets, ${CLIENTS} agents reporting meanwhile, ${RATE} full reports/s in all`,
  );
  build();
  const secret = await new Promise<string>((resolve) => {
    const p = spawn(process.execPath, [cli, 'enroll', 'create', '--db', db]);
    let out = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.on('exit', () => resolve(out.trim()));
  });
  // The verdicts above were judged with the shipped catalog: a newer one (DJI's entry on the FCC list
  // removed, to make a change) is installed while the collector serves.
  const bundle = writeBundle(
    join(dir, 'newer.json'),
    raisedCatalog(1, withoutEntries('fcc-covered', ['dji'])),
  );
  const col = await serve(db);
  // Not measured: the collector's first seconds (worker start, cold caches).
  await stream(col.url, secret, new Promise((r) => setTimeout(r, 5_000)));
  const baseline = await stream(col.url, secret, new Promise((r) => setTimeout(r, 15_000)));
  console.log(`before the update: ${lat(baseline)}`);
  const update = run(['catalog', 'update', bundle, '--db', db]);
  const during = await stream(col.url, secret, update);
  const u = await update;
  if (u.code !== 0) throw new Error(`catalog update failed: ${u.stderr}`);
  console.log(`catalog update (validate, install, re-judge every asset) took ${(u.ms / 1000).toFixed(1)} s`);
  console.log(u.stderr.trim().split('\n').at(-1));
  console.log(`during the update: ${lat(during)}`);
  // The collector's own re-judging (as after an upgrade): every asset due again, timed from its log.
  await stop(col);
  const rs = Store.open(db);
  rs.db.exec('UPDATE assets SET judged_catalog = NULL');
  rs.close();
  const t0 = performance.now();
  const again = spawn(process.execPath, [cli, 'catalog', 'rejudge', '--db', db], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let err = '';
  again.stderr.on('data', (d) => {
    err += d;
  });
  await new Promise((r) => again.once('exit', r));
  console.log(
    `catalog rejudge of every asset, nothing else running: ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  console.log(err.trim().split('\n').at(-1));
}

await main();
