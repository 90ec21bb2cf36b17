// How many sweep results one collector stores, and what they cost on disk: SWEEP_ASSETS swept assets
// (default 100,000: network devices of five makers, each with 4 neighbor MACs from its forwarding table)
// delivered as sweepers deliver them, one sweep_report part per sweep of PART_DEVICES devices (default
// 50: a dense /24), each prepared (prepareDraft, as prepareFrame does) and stored by
// Store.ingestSweepPart in one transaction with synchronous=FULL, as one acked frame would be. Printed:
// parts (sweeps) per second, assets per second, and the SQLite file per 100,000 assets.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { prepareDraft } from '../packages/collector/src/store/prepared-draft';
import { Store } from '../packages/collector/src/store/store';
import { sweepDrafts } from './seed-store';

const ASSETS = Number(process.env.SWEEP_ASSETS ?? 100_000);
const PART_DEVICES = Number(process.env.PART_DEVICES ?? 50);
const dir = mkdtempSync(join(tmpdir(), 'coverscan-sweep-results-'));
const db = join(dir, 'bench.db');

const s = Store.open(db);
s.useJudging();
const devices = Math.round(ASSETS / 5);
let parts = 0;
let stored = 0;
let slowest = 0;
const t0 = performance.now();
for (let b = 0; b < devices; b += PART_DEVICES) {
  const drafts = Array.from({ length: Math.min(PART_DEVICES, devices - b) }, (_, k) =>
    sweepDrafts(b + k),
  ).flat();
  const t = performance.now();
  const sweepId = s.startSweep([`part-${parts}`], { bench: true });
  s.ingestSweepPart(
    'ag_bench',
    `bench-part-${String(parts).padStart(8, '0')}`,
    sweepId,
    drafts.map((d) => prepareDraft(d, s.identifyCache)),
    (r) => {
      stored += r.assets;
    },
  );
  s.finishSweep(sweepId, { assets: drafts.length });
  slowest = Math.max(slowest, performance.now() - t);
  parts++;
}
const secs = (performance.now() - t0) / 1000;
s.db.pragma('wal_checkpoint(TRUNCATE)');
const count = (s.db.prepare('SELECT count(*) n FROM assets').get() as { n: number }).n;
s.close();
const bytes = statSync(db).size;
console.log(
  `sweep results: ${parts} parts (${PART_DEVICES} devices + ${PART_DEVICES * 4} neighbors each), ${count} assets stored (${stored} writes) in ${secs.toFixed(1)} s`,
);
console.log(
  `  ${(parts / secs).toFixed(1)} parts/s, ${Math.round(count / secs)} assets/s, slowest part ${slowest.toFixed(0)} ms`,
);
console.log(
  `  SQLite file: ${(bytes / 1e6).toFixed(1)} MB, ${(((bytes / count) * 100_000) / 1e6).toFixed(1)} MB per 100,000 assets`,
);
rmSync(dir, { recursive: true, force: true });
