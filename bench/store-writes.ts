// Store writes benchmark: what storing a first-contact report costs in SQL on the collector's main thread,
// with the time of each kept statement, against the same store without the dashboard's indexes and
// overview triggers (issue 13) in the same run — what those cost at ingest. No server, no worker: reports
// are prepared (parsed, identified) before the clock starts, then stored 8 to a transaction, each in its
// savepoint, with synchronous=NORMAL: as the serving collector's group commit does.
//   STORE_REPORTS (default 3000), STORE_ROUNDS (3: the stores alternate, STORE_REPORTS/ROUNDS at a time),
//   STORE_BATCH (8 reports a transaction)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Statement } from 'better-sqlite3';
import { type Prepared, prepareFrame } from '../packages/collector/src/server/prepare-frame';
import { Store } from '../packages/collector/src/store/store';
import { reportFrame } from '../packages/collector/test/inventory-generator';

const N = Number(process.env.STORE_REPORTS ?? 3000);
const ROUNDS = Number(process.env.STORE_ROUNDS ?? 3);
const BATCH = Number(process.env.STORE_BATCH ?? 8);
const dir = mkdtempSync(join(tmpdir(), 'coverscan-bench-writes-'));

/** The dashboard's indexes on assets and observations, and the overview's triggers (migrations 10–13). */
function dropDashboard(store: Store): void {
  const objects = store.db
    .prepare(
      `SELECT type, name FROM sqlite_master WHERE (type = 'trigger' AND name LIKE 'overview_%')
         OR (type = 'index' AND name IN ('assets_entity', 'assets_first_seen', 'assets_hostname', 'assets_ip',
           'assets_last_seen', 'assets_mac', 'assets_search', 'assets_vendor', 'assets_verdict_rank',
           'observations_sweep'))`,
    )
    .all() as { type: string; name: string }[];
  for (const o of objects) store.db.exec(`DROP ${o.type.toUpperCase()} ${o.name}`);
}

interface Run {
  name: string;
  store: Store;
  agents: string[];
  ms: number;
  /** Per kept statement: total ms and calls (only for the store measured statement by statement). */
  statements: Map<string, [number, number]> | null;
}

function open(name: string, timed: boolean, strip: boolean): Run {
  const store = Store.open(join(dir, `${name}.db`));
  store.db.pragma('synchronous = NORMAL');
  if (strip) dropDashboard(store);
  const secret = store.createEnrollSecret('bench').secret;
  const agents = Array.from({ length: N }, (_, i) => {
    const e = store.enroll(secret, `ws-${i}`, '0.1.0');
    if (!e.ok) throw new Error(`enrollment refused: ${e.code}`);
    return e.agentId;
  });
  const run: Run = { name, store, agents, ms: 0, statements: timed ? new Map() : null };
  if (run.statements) {
    const stats = run.statements;
    // The store's kept statements are private; a benchmark times them from outside.
    const kept = (store as unknown as { s: Record<string, unknown> }).s;
    for (const [key, st] of Object.entries(kept)) {
      if (!st || typeof (st as Statement).run !== 'function') continue;
      for (const m of ['run', 'get', 'all'] as const) {
        const f = (st as Statement)[m].bind(st) as (...a: unknown[]) => unknown;
        (st as Record<string, unknown>)[m] = (...a: unknown[]) => {
          const t0 = performance.now();
          try {
            return f(...a);
          } finally {
            const t = stats.get(key) ?? [0, 0];
            t[0] += performance.now() - t0;
            t[1]++;
            stats.set(key, t);
          }
        };
      }
    }
  }
  return run;
}

function store(run: Run, from: number, to: number): void {
  const prepared: [number, Extract<Prepared, { kind: 'report' }>][] = [];
  for (let i = from; i < to; i++) {
    const frame = reportFrame(i, { huaweiPhone: i % 50 === 0 }, `report-bench-${i}`);
    const p = prepareFrame(frame, run.agents[i], run.store.identifyCache);
    if (p.kind !== 'report') throw new Error(`report ${i} not prepared: ${JSON.stringify(p)}`);
    prepared.push([i, p]);
  }
  const t0 = performance.now();
  for (let k = 0; k < prepared.length; k += BATCH)
    run.store.transaction(() => {
      for (const [i, p] of prepared.slice(k, k + BATCH))
        run.store.transaction(() =>
          run.store.ingestReport(run.agents[i], p.reportId, null, p.drafts, p.version),
        );
    });
  run.ms += performance.now() - t0;
}

const ours = open('ours', false, false);
const bare = open('without-dashboard', false, true);
const timed = open('ours-timed', true, false);
const step = Math.ceil(N / ROUNDS);
for (let from = 0; from < N; from += step)
  for (const r of [ours, bare, timed]) store(r, from, Math.min(N, from + step));

const per = (ms: number) => `${((ms / N) * 1000).toFixed(0)} µs`;
const assets = ours.store.db.prepare('SELECT count(*) FROM assets').pluck().get() as number;
console.log(
  `store writes: ${N} first-contact reports (${(assets / N).toFixed(1)} assets each), ${BATCH} a transaction`,
);
console.log(`ours (every index and trigger):            ${per(ours.ms)} a report`);
console.log(`without the dashboard's indexes, triggers: ${per(bare.ms)} a report (ceiling: what they cost)`);
console.log(`statements (timed separately, ${per(timed.ms)} a report with the timing):`);
for (const [key, [ms, calls]] of [...(timed.statements ?? [])].sort((a, b) => b[1][0] - a[1][0]).slice(0, 10))
  console.log(
    `  ${key.padEnd(22)} ${per(ms).padStart(7)} a report, ${((ms / calls) * 1000).toFixed(1)} µs × ${calls}`,
  );
for (const r of [ours, bare, timed]) r.store.close();
rmSync(dir, { recursive: true, force: true });
