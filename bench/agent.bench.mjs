// `pnpm bench` (agent): `coverscan-agent inventory --json` against `fusioninventory-agent --local DIR`
// on this machine, in the same run, alternating, several repetitions. Wall time, CPU (user+sys) and
// peak RSS come from GNU time (/usr/bin/time -v's figures via -f), report bytes from the output.
// Floors (issue 5): no slower, no more memory, software included, smaller report. Exit 1 on a miss.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
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

function ours() {
  const t = timed(process.execPath, [agent, 'inventory', '--json']);
  const doc = JSON.parse(t.stdout.toString('utf8'));
  return { ...t, bytes: t.stdout.length, software: doc.inventory.software.length };
}

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

// One discarded run each warms the page cache for both.
ours();
fusion();
const a = [];
const b = [];
for (let i = 0; i < reps; i++) {
  if (i % 2) {
    b.push(fusion());
    a.push(ours());
  } else {
    a.push(ours());
    b.push(fusion());
  }
}

const rows = [
  ['wall (s)', median(a.map((x) => x.wall)), median(b.map((x) => x.wall)), 3],
  ['CPU user+sys (s)', median(a.map((x) => x.cpu)), median(b.map((x) => x.cpu)), 3],
  ['peak RSS (MB)', median(a.map((x) => x.rssKB)) / 1024, median(b.map((x) => x.rssKB)) / 1024, 1],
  ['report (KB)', median(a.map((x) => x.bytes)) / 1024, median(b.map((x) => x.bytes)) / 1024, 1],
  ['software entries', median(a.map((x) => x.software)), median(b.map((x) => x.software)), 0],
];
console.log(
  `agent inventory: coverscan-agent inventory --json vs fusioninventory-agent --local DIR (median of ${reps})`,
);
console.log(
  `${'measure'.padEnd(18)}${'coverscan'.padStart(12)}${'fusion'.padStart(12)}${'ratio'.padStart(9)}`,
);
for (const [name, x, y, d] of rows)
  console.log(
    `${name.padEnd(18)}${x.toFixed(d).padStart(12)}${y.toFixed(d).padStart(12)}${(x / y).toFixed(2).padStart(9)}`,
  );
console.log(
  `walls (s): coverscan ${a.map((x) => x.wall.toFixed(2)).join(' ')} | fusion ${b.map((x) => x.wall.toFixed(2)).join(' ')}`,
);

const [wall, , rss, bytes, sw] = rows;
const floors = [
  ['no slower', wall[1] <= wall[2]],
  ['no more memory', rss[1] <= rss[2]],
  ['software included', sw[1] > 0 && a.every((x) => x.software === a[0].software)],
  ['smaller report', bytes[1] < bytes[2]],
];
for (const [name, ok] of floors) console.log(`floor ${name}: ${ok ? 'met' : 'MISSED'}`);
process.exit(floors.every(([, ok]) => ok) ? 0 : 1);
