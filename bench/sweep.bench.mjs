// Sweep benchmark: the shared SNMP lab (872 real device recordings on 127.77.0.1 onward, one
// snmpsimd) on port 16161, and in the same run:
//   - discovery of 127.77.0.0/16: `coverscan sweep --discover-only` vs `onesixtyone -w 0` and `braa`
//     (time and responders found of the lab's count);
//   - the full sweep (identification + neighbor tables + store) of the /16 vs FusionInventory
//     netdiscovery of the lab's /22 (FUSION_THREADS threads, default 20).
// Floors (issue 6): all responders found in no more than onesixtyone -w 0's time; full sweep in at
// most a third of FusionInventory's time. Exits 1 when a floor is missed. Discovery runs
// BENCH_ROUNDS times (default 3) per tool, alternating, and compares the medians.
// Env: COVERSCAN_LAB (lab folder), BENCH_SKIP=braa,fusion to leave peers out.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const lab = process.env.COVERSCAN_LAB ?? resolve(root, '..', 'shared', 'lab');
const port = '16161';
const cli = join(root, 'packages/collector/dist/coverscan.js');
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').filter(Boolean));
const work = mkdtempSync(join(tmpdir(), 'coverscan-bench-sweep-'));
chmodSync(work, 0o755); // snmpsimd runs as nobody and must reach the lab state below

function timed(cmd, args, opts = {}) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
  const secs = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  return { ...r, secs };
}
const ips = (text, re) => new Set([...text.matchAll(re)].map((m) => m[1]));
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
/** user + system seconds from `/usr/bin/time -f '%U %S'` (its last stderr line). */
const cpuOf = (stderr) =>
  stderr
    .trim()
    .split('\n')
    .at(-1)
    .split(' ')
    .reduce((a, x) => a + Number(x), 0);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
/** Median time and CPU of some runs, and the fewest responders any of them found. */
const summary = (runs) => ({
  secs: median(runs.map((r) => r.secs)),
  cpu: median(runs.map((r) => r.cpu)),
  found: Math.min(...runs.map((r) => r.found)),
  all: runs.map((r) => r.secs.toFixed(2)).join(', '),
});
const fmt = (s) => `${s.toFixed(2)} s`;

let failed = false;
const rows = [];
try {
  const start = timed(
    join(lab, 'snmplab'),
    ['start', join(lab, 'snmprec'), '--port', port, '--state', join(work, 'lab')],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  if (start.status !== 0) throw new Error('snmplab start failed');
  const map = start.stdout.trim().split('\n').pop();
  const known = readFileSync(map, 'utf8').trim().split('\n').length;
  const labIps = new Set(
    readFileSync(map, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split('\t')[0]),
  );
  const found = (set) => [...set].filter((ip) => labIps.has(ip)).length;
  console.log(`lab: ${known} devices on 127.77.0.1.. port ${port}`);

  // snmpsimd loads each recording's index on first use: one untimed pass warms every device.
  timed(process.execPath, [cli, 'sweep', '127.77.0.0/16', '--snmp-port', port, '--discover-only'], {
    stdio: 'ignore',
  });

  // onesixtyone -w 0: one GET per address, no wait between packets.
  const hosts = join(work, 'hosts.txt');
  const list = [];
  for (let a = 0; a < 256; a++)
    for (let b = 0; b < 256; b++)
      if (!(a === 0 && b === 0) && !(a === 255 && b === 255)) list.push(`127.77.${a}.${b}`);
  writeFileSync(hosts, `${list.join('\n')}\n`);
  const comm = join(work, 'communities.txt');
  writeFileSync(comm, 'public\n');
  // Several runs of each, alternating which goes first, so a busy machine (other jobs come and go)
  // weighs on both: the ratio is of the medians. CPU seconds tell where each one's time goes
  // (onesixtyone sleeps; we send two packets per silent address: v2c, then v1).
  const discRuns = [];
  const o161Runs = [];
  const runO161 = () => {
    const r = timed('/usr/bin/time', [
      '-f',
      '%U %S',
      'onesixtyone',
      '-w',
      '0',
      '-p',
      port,
      '-c',
      comm,
      '-i',
      hosts,
    ]);
    o161Runs.push({
      secs: r.secs,
      cpu: cpuOf(r.stderr),
      found: found(ips(r.stdout, /^(\d+\.\d+\.\d+\.\d+) \[public\]/gm)),
    });
  };
  const runDisc = () => {
    const r = timed('/usr/bin/time', [
      '-f',
      '%U %S',
      process.execPath,
      cli,
      'sweep',
      '127.77.0.0/16',
      '--snmp-port',
      port,
      '--discover-only',
    ]);
    discRuns.push({
      secs: r.secs,
      cpu: cpuOf(r.stderr),
      found: found(ips(r.stdout, /^(\d+\.\d+\.\d+\.\d+)\t/gm)),
    });
    console.log(r.stderr.trim().split('\n').at(-2));
  };
  for (let i = 0; i < rounds; i++) {
    if (i % 2) {
      runDisc();
      runO161();
    } else {
      runO161();
      runDisc();
    }
  }
  const o161 = summary(o161Runs);
  const disc = summary(discRuns);
  const o161Found = o161.found;
  const discFound = disc.found;
  rows.push(['discovery /16', `onesixtyone -w 0 (median of ${rounds})`, o161.secs, o161Found]);
  rows.push(['discovery /16', `coverscan sweep --discover-only (median of ${rounds})`, disc.secs, discFound]);

  if (!skip.has('braa')) {
    const braa = timed('braa', ['-2', `public@127.77.0.1-127.77.255.254:${port}:.1.3.6.1.2.1.1.2.0`]);
    rows.push(['discovery /16', 'braa', braa.secs, found(ips(braa.stdout, /^(\d+\.\d+\.\d+\.\d+):/gm))]);
  }

  const db = join(work, 'sweep.db');
  const full = timed(process.execPath, [cli, 'sweep', '127.77.0.0/16', '--snmp-port', port, '--db', db]);
  if (full.status !== 0) throw new Error(`coverscan sweep failed: ${full.stderr}`);
  console.log(full.stderr.trim().split('\n').pop());
  const rep = timed(process.execPath, [cli, 'report', '--db', db, '--format', 'json']);
  const fullFound = found(new Set(JSON.parse(rep.stdout).map((r) => r.ip)));
  rows.push(['full sweep', 'coverscan sweep (/16, identify + neighbors + store)', full.secs, fullFound]);

  let fusionSecs = null;
  if (!skip.has('fusion')) {
    const threads = process.env.FUSION_THREADS ?? '20';
    const out = join(work, 'fusion');
    mkdirSync(out);
    const fusion = timed('fusioninventory-netdiscovery', [
      '--first',
      '127.77.0.1',
      '--last',
      '127.77.3.254',
      '--port',
      port,
      '--credentials',
      'version:2c,community:public',
      '--threads',
      threads,
      '--save',
      out,
    ]);
    const dir = join(out, 'netdiscovery');
    let n = 0;
    for (const f of readdirSync(dir)) if (/<AUTHSNMP>/.test(readFileSync(join(dir, f), 'utf8'))) n++;
    fusionSecs = fusion.secs;
    rows.push(['full sweep', `FusionInventory netdiscovery (/22, ${threads} threads)`, fusion.secs, n]);
  }

  console.log('\n| task | tool | time | responders found |');
  console.log('|---|---|---|---|');
  for (const [task, tool, secs, n] of rows)
    console.log(`| ${task} | ${tool} | ${fmt(secs)} | ${n}/${known} |`);
  console.log('');
  console.log(
    `discovery: coverscan ${fmt(disc.secs)} vs onesixtyone -w 0 ${fmt(o161.secs)} = ${(disc.secs / o161.secs).toFixed(2)}× its time, finding ${discFound} vs ${o161Found} of ${known}` +
      ` (medians of ${rounds} runs: coverscan ${disc.all} s, ${disc.cpu.toFixed(2)} s CPU; onesixtyone ${o161.all} s, ${o161.cpu.toFixed(2)} s CPU; load average ${loadavg()[0].toFixed(1)})`,
  );
  const discOk = discFound === known && disc.secs <= o161.secs;
  console.log(`floor (all ${known} found, time ≤ onesixtyone's): ${discOk ? 'met' : 'MISSED'}`);
  if (!discOk) failed = true;
  if (fusionSecs !== null) {
    const ratio = full.secs / fusionSecs;
    console.log(
      `full sweep: coverscan ${fmt(full.secs)} (/16) vs FusionInventory ${fmt(fusionSecs)} (/22) = ${ratio.toFixed(2)}× its time`,
    );
    console.log(`floor (≤ 1/3 of FusionInventory's time): ${ratio <= 1 / 3 ? 'met' : 'MISSED'}`);
    if (ratio > 1 / 3) failed = true;
  }
} catch (e) {
  console.error(`sweep bench: ${e.message}`);
  failed = true;
} finally {
  spawnSync(join(lab, 'snmplab'), ['stop', '--port', port, '--state', join(work, 'lab')], {
    stdio: 'ignore',
  });
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
