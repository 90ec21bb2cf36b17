// Sweep benchmark: the shared SNMP lab (872 real device recordings on 127.77.0.1 onward, one
// snmpsimd) on port 16161, and in the same run:
//   - discovery of 127.77.0.0/16: `coverscan sweep --discover-only` vs `onesixtyone -w 0` and `braa`
//     (time and responders found of the lab's count);
//   - the full sweep (identification + neighbor tables + store) of the /16 vs FusionInventory
//     netdiscovery of the lab's /22 (FUSION_THREADS threads, default 20).
// Floors (issue 6): all responders found in no more than onesixtyone -w 0's time; full sweep in at
// most a third of FusionInventory's time. Exits 1 when a floor is missed.
// Env: COVERSCAN_LAB (lab folder), BENCH_SKIP=braa,fusion to leave peers out.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
  const o161 = timed('onesixtyone', ['-w', '0', '-p', port, '-c', comm, '-i', hosts]);
  const o161Found = found(ips(o161.stdout, /^(\d+\.\d+\.\d+\.\d+) \[public\]/gm));
  rows.push(['discovery /16', 'onesixtyone -w 0', o161.secs, o161Found]);

  const disc = timed(process.execPath, [
    cli,
    'sweep',
    '127.77.0.0/16',
    '--snmp-port',
    port,
    '--discover-only',
  ]);
  const discFound = found(ips(disc.stdout, /^(\d+\.\d+\.\d+\.\d+)\t/gm));
  rows.push(['discovery /16', 'coverscan sweep --discover-only', disc.secs, discFound]);
  console.log(disc.stderr.trim().split('\n').pop());

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
    `discovery: coverscan ${fmt(disc.secs)} vs onesixtyone -w 0 ${fmt(o161.secs)} = ${(disc.secs / o161.secs).toFixed(2)}× its time, finding ${discFound} vs ${o161Found} of ${known}`,
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
