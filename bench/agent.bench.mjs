// `pnpm bench` (agent): `coverscan-agent inventory --json` against `fusioninventory-agent --local DIR`
// on this machine, in the same run, alternating, several repetitions. Wall time, CPU (user+sys) and
// peak RSS come from GNU time (/usr/bin/time -v's figures via -f), report bytes from the output.
// Floors (issue 5): no slower, no more memory, software included, smaller report. Exit 1 on a miss.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const agent = join(root, 'packages/agent/dist/coverscan-agent.js');
const reps = Number(process.env.BENCH_REPS ?? 7);
const TIME = '/usr/bin/time';

for (const [what, path] of [
  ['GNU time (Debian package "time")', TIME],
  ['fusioninventory-agent (Debian package "fusioninventory-agent")', '/usr/bin/fusioninventory-agent'],
  ['the built agent (node scripts/build.mjs)', agent],
])
  if (!existsSync(path)) {
    console.error(`agent bench: ${what} is missing at ${path}`);
    process.exit(1);
  }

/** One timed run: wall s, cpu s, peak RSS KB, plus the command's stdout. */
function timed(cmd, args) {
  const dir = mkdtempSync(join(tmpdir(), 'agent-bench-'));
  const out = join(dir, 'time.txt');
  const r = spawnSync(TIME, ['-o', out, '-f', '%e %U %S %M', cmd, ...args], {
    encoding: 'buffer',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const [wall, user, sys, rss] = readFileSync(out, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  rmSync(dir, { recursive: true, force: true });
  return { wall, cpu: user + sys, rssKB: rss, stdout: r.stdout };
}

// The single file `pnpm package` builds, when it is there: its start-up (a 100 MB binary) counts.
// It runs as a machine has it once installed: a copy, as dpkg or rpm writes one. The file postject
// itself wrote maps far more of its pages per fault (here 70 MB peak RSS for `inventory --json`
// against 55-56 MB for a `cp` or `cat` copy of the same bytes, or for the same file once its cached
// pages were dropped), a state of this build machine's page cache that no installed copy is in.
const built = join(root, 'dist/packages/coverscan-agent-linux-x64');
const installed = mkdtempSync(join(tmpdir(), 'agent-bench-installed-'));
const single = join(installed, 'coverscan-agent');
if (existsSync(built)) {
  copyFileSync(built, single);
  chmodSync(single, 0o755);
}
process.on('exit', () => rmSync(installed, { recursive: true, force: true }));

function judged(t) {
  const doc = JSON.parse(t.stdout.toString('utf8'));
  const sw = doc.inventory.software;
  // Running programs come and go between runs; the installed ones must not.
  return { ...t, bytes: t.stdout.length, software: sw.filter((x) => x.source !== 'process').length };
}
const ours = () => judged(timed(process.execPath, [agent, 'inventory', '--json']));
const ourSingle = () => judged(timed(single, ['inventory', '--json']));

function fusion() {
  const dir = mkdtempSync(join(tmpdir(), 'fusion-'));
  try {
    const t = timed('/usr/bin/fusioninventory-agent', ['--local', dir]);
    const files = readdirSync(dir);
    if (files.length !== 1) throw new Error(`fusioninventory-agent wrote ${files.length} files`);
    const xml = readFileSync(join(dir, files[0]), 'utf8');
    return { ...t, bytes: Buffer.byteLength(xml), software: (xml.match(/<SOFTWARES>/g) ?? []).length };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const contenders = [
  ['node + bundle', ours],
  ...(existsSync(single) ? [['single file', ourSingle]] : []),
  ['fusion', fusion],
];
// One discarded run each warms the page cache; then rounds in rotating order.
for (const [, f] of contenders) f();
const runs = contenders.map(() => []);
for (let i = 0; i < reps; i++)
  for (let j = 0; j < contenders.length; j++) {
    const k = (i + j) % contenders.length;
    runs[k].push(contenders[k][1]());
  }

const measures = [
  ['wall (s)', (x) => x.wall, 3],
  ['CPU user+sys (s)', (x) => x.cpu, 3],
  ['peak RSS (MB)', (x) => x.rssKB / 1024, 1],
  ['report (KB)', (x) => x.bytes / 1024, 1],
  ['software entries', (x) => x.software, 0],
];
console.log(
  `agent inventory: coverscan-agent inventory --json vs fusioninventory-agent --local DIR (median of ${reps})`,
);
const fz = runs.length - 1;
console.log(
  `${'measure'.padEnd(18)}${contenders.map(([n]) => n.padStart(15)).join('')}${'ratio'.padStart(9)}`,
);
const med = (k, f) => median(runs[k].map(f));
for (const [name, f, d] of measures)
  console.log(
    `${name.padEnd(18)}${runs.map((_, k) => med(k, f).toFixed(d).padStart(15)).join('')}${(med(0, f) / med(fz, f)).toFixed(2).padStart(9)}`,
  );
for (const [k, [n]] of contenders.entries())
  console.log(`walls (s) ${n}: ${runs[k].map((x) => x.wall.toFixed(2)).join(' ')}`);

// Floors (issue 14), for each of ours against fusion: half its time, no more memory, every installed
// package in every run, a smaller report.
const floors = [];
for (let k = 0; k < fz; k++) {
  const n = contenders[k][0];
  floors.push(
    [`${n}: at most half the time`, med(k, (x) => x.wall) <= 0.5 * med(fz, (x) => x.wall)],
    [`${n}: no more memory`, med(k, (x) => x.rssKB) <= med(fz, (x) => x.rssKB)],
    [
      `${n}: software included`,
      runs[k][0].software > 0 && runs[k].every((x) => x.software === runs[k][0].software),
    ],
    [`${n}: smaller report`, med(k, (x) => x.bytes) < med(fz, (x) => x.bytes)],
  );
}
for (const [name, ok] of floors) console.log(`floor ${name}: ${ok ? 'met' : 'MISSED'}`);
process.exit(floors.every(([, ok]) => ok) ? 0 : 1);
