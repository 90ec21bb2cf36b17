// `pnpm eval:lab`: sweep the shared SNMP lab (../shared/lab: real device recordings served by
// snmpsim) and score the report against its labels.
//   1. snmplab start ../shared/lab/snmprec --port 16100  (872 devices on 127.77.0.1 onward)
//   2. coverscan sweep 127.77.0.0/16 --snmp-port 16100 --db <temp>
//   3. coverscan report --format json
//   4. ../shared/lab/score LABELS MAP REPORT --neighbors ../shared/lab/neighbors-truth.tsv
//   5. the invariants of bench/lab-invariants.mjs on every asset (a violation fails the run)
//   6. snmplab stop (always)
// Env: COVERSCAN_LAB (lab folder), EVAL_PORT (default 16100), EVAL_KEEP=1 keeps the temp folder.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { invariantViolations } from './lab-invariants.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lab = process.env.COVERSCAN_LAB ?? resolve(root, '..', 'shared', 'lab');
const port = process.env.EVAL_PORT ?? '16100';
const cli = join(root, 'packages/collector/dist/coverscan.js');
const work = mkdtempSync(join(tmpdir(), 'coverscan-eval-'));
chmodSync(work, 0o755); // snmpsimd drops root for nobody, who must read the lab state below
const state = join(work, 'lab');

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  if (r.error) throw r.error;
  return r;
}

let code = 1;
try {
  const start = run(join(lab, 'snmplab'), ['start', join(lab, 'snmprec'), '--port', port, '--state', state], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (start.status !== 0) throw new Error(`snmplab start failed (${start.status})`);
  const map = start.stdout.trim().split('\n').pop();
  const db = join(work, 'eval.db');
  const t0 = performance.now();
  const sweep = run(process.execPath, [cli, 'sweep', '127.77.0.0/16', '--snmp-port', port, '--db', db], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  if (sweep.status !== 0) throw new Error(`coverscan sweep failed (${sweep.status})`);
  const report = run(process.execPath, [cli, 'report', '--db', db, '--format', 'json'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (report.status !== 0) throw new Error(`coverscan report failed (${report.status})`);
  const reportFile = join(work, 'report.json');
  writeFileSync(reportFile, report.stdout);
  console.log(`sweep + store took ${secs} s; report: ${reportFile}`);
  const score = run(
    join(lab, 'score'),
    [
      join(lab, 'snmprec-labels.tsv'),
      map,
      reportFile,
      '--neighbors',
      join(lab, 'neighbors-truth.tsv'),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit' },
  );
  code = score.status ?? 1;
  // Every asset, not only the labelled devices: names from `coverscan check`, the same catalog.
  const classify = (names) => {
    const r = run(process.execPath, [cli, 'check', '--json', '--', ...names], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    return new Map(JSON.parse(r.stdout).map((c) => [c.input, c.verdict]));
  };
  const assets = JSON.parse(report.stdout);
  const bad = invariantViolations(assets, classify);
  for (const line of bad.slice(0, 20)) console.log(`INVARIANT ${line}`);
  console.log(`invariants: ${assets.length} assets, ${bad.length} violations`);
  if (bad.length) code = 1;
} catch (e) {
  console.error(`eval:lab: ${e.message}`);
} finally {
  run(join(lab, 'snmplab'), ['stop', '--port', port, '--state', state], { stdio: 'ignore' });
  if (!process.env.EVAL_KEEP) rmSync(work, { recursive: true, force: true });
}
process.exit(code);
