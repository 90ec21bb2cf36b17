// Flood benchmark (issue 11): a real `coverscan serve` while strangers flood it from their own process
// (packages/collector/test/flood.ts), and one legitimate agent on a held connection reporting every
// 100 ms: its ack latency and the collector's memory, per kind of flood, next to the same agent
// without a flood. `pnpm bench floods`; FLOOD_SECONDS (default 10) per phase.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tokenFor } from '../packages/collector/test/api-auth';
import { generateInventory } from '../packages/collector/test/inventory-generator';
import { connect, hello, type TestClient } from '../packages/collector/test/ws-client';

const SECONDS = Number(process.env.FLOOD_SECONDS ?? 10);
const root = join(import.meta.dirname, '..');
const cli = join(root, 'packages/collector/dist/coverscan.js');
const dir = mkdtempSync(join(tmpdir(), 'coverscan-floods-'));
const db = join(dir, 'floods.db');

const status = (pid: number) => {
  const s = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024 };
};

function run(args: string[]): Promise<string> {
  const p = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  p.stdout.on('data', (d) => {
    out += d;
  });
  return new Promise((r) => p.on('exit', () => r(out)));
}

async function startCollector(): Promise<{ proc: ChildProcess; url: string }> {
  const proc = spawn(process.execPath, [cli, 'serve', '--db', db, '--listen', '127.0.0.1:0'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, LOG_LEVEL: 'error' },
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (ws:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    proc.on('exit', (c) => reject(new Error(`collector exited ${c}`)));
  });
  return { proc, url };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

async function main() {
  const secret = (await run(['enroll', 'create', '--db', db])).trim();
  const col = await startCollector();
  const pid = col.proc.pid as number;
  const agent: TestClient = await connect(col.url);
  agent.send(hello({ enrollSecret: secret }));
  await agent.next();
  let seq = 0;
  /** Reports every 100 ms for `seconds`; each a changed inventory (a full write); returns ack latencies. */
  const reportFor = async (seconds: number) => {
    const lat: number[] = [];
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      const reportId = `flood-bench-${++seq}-${Date.now()}`;
      const t = performance.now();
      agent.send({ type: 'report', reportId, inventory: generateInventory(1, { changed: (seq % 40) + 1 }) });
      const m = await agent.next(60_000);
      if (m.type !== 'ack') throw new Error(`not acked: ${JSON.stringify(m)}`);
      lat.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 100));
    }
    return lat;
  };
  await reportFor(2); // warm-up: the worker's catalog and identification memo

  const phases: [string, string, number][] = [
    ['none', '', 0],
    ['nested 2 MB frames', 'nested', 8],
    ['16 KB frames', 'large', 8],
    ['guessed secrets', 'guess', 8],
    ['mixed (nested, 16 KB, guesses)', 'mixed', 8],
    ['idle connections', 'idle', 2000],
  ];
  const rows: string[] = [];
  for (const [label, kind, n] of phases) {
    const base = status(pid).rss;
    let peak = base;
    const sampler = setInterval(() => {
      peak = Math.max(peak, status(pid).rss);
    }, 100);
    let flood: ChildProcess | null = null;
    let floodOut = '';
    if (kind) {
      flood = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(root, 'packages/collector/test/flood.ts'),
          col.url,
          kind,
          String(n),
          String(SECONDS),
        ],
        { stdio: ['ignore', 'pipe', 'inherit'], cwd: root },
      );
      flood.stdout!.on('data', (d) => {
        floodOut += d;
      });
      await new Promise((r) => setTimeout(r, 1000));
    }
    const lat = await reportFor(kind ? SECONDS - 1.5 : SECONDS);
    if (flood) await new Promise((r) => flood.on('exit', r));
    clearInterval(sampler);
    const opened = floodOut ? (JSON.parse(floodOut) as { opened: number }).opened : 0;
    rows.push(
      `| ${label} | ${n || '-'} | ${opened || '-'} | ${lat.length} | ${pct(lat, 50).toFixed(0)} | ${pct(lat, 99).toFixed(0)} | ${Math.max(...lat).toFixed(0)} | ${base.toFixed(0)} → ${peak.toFixed(0)} |`,
    );
    // Let closed sockets and their buffers go before the next phase.
    await new Promise((r) => setTimeout(r, 1500));
  }
  const guards = (
    (await (
      await fetch(`${col.url.replace(/^ws/, 'http')}/api/health`, { headers: tokenFor(db) })
    ).json()) as { guards: object }
  ).guards;
  agent.close();
  col.proc.kill('SIGTERM');
  await new Promise((r) => col.proc.on('exit', r));
  console.log(
    [
      `one agent reporting a changed inventory every 100 ms on a held connection while strangers flood, ${SECONDS} s per phase`,
      '| flood | strangers at once | connections they opened | reports | ack p50 ms | ack p99 ms | ack max ms | collector RSS MB (before → peak) |',
      '|---|---|---|---|---|---|---|---|',
      ...rows,
      `collector guards after all phases: ${JSON.stringify(guards)}`,
    ].join('\n'),
  );
  rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
