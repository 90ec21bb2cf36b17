// Sweep jobs run by sweeper agents (issue 16), on loopback: three `coverscan-agent run` processes enrolled
// as sweepers for three sites, each site a slice of snmpsim devices (the project's fixtures) that answer
// only the credentials profile's community. A scheduled job per site fires on its sweeper; the collector
// receives every device of every slice exactly once, with its site and the run, job and sweeper that
// found it. Then the failures: a sweeper killed mid-sweep leaves its run interrupted and the job runs
// again when it is back; a collector killed while a sweeper's results wait loses nothing acknowledged,
// and receives them when it is back.
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SweepRun } from '../packages/collector/src/store/sweep-jobs';
import { type Sim, startSnmpsim } from '../packages/sweep/test/sweep-sim';
import { agentRun, collectorCli, freePort, query, run, setup, until } from './agent-harness';

const simPort = 17737;
const COMMUNITY = 'sw33per-c0mmunity-42';
const SLICES = {
  north: { range: '127.88.94.0/24', devices: ['huawei-switch', 'cisco-switch'] },
  south: { range: '127.88.95.0/24', devices: ['hikvision-camera', 'ups-card'] },
  east: { range: '127.88.96.0/24', devices: ['linux-server', 'zyxel-gs1900'] },
} as const;
type Site = keyof typeof SLICES;
const SITES = Object.keys(SLICES) as Site[];
const ipOf = (site: Site, i: number) => SLICES[site].range.replace(/0\/24$/, String(i + 1));

let sim: Sim;
let dir: string;
let db: string;
let port: number;
let url: string;
let collector: ChildProcess;
const secrets = {} as Record<Site, string>;
const agents = {} as Record<Site, { proc: ChildProcess; log: () => string }>;

const cs = (...args: string[]) => {
  const r = run(collectorCli, [...args, '--db', db]);
  expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r.stdout.trim();
};
const runs = (jobId?: number) =>
  (JSON.parse(cs('sweep-job', 'list', '--runs', '--format', 'json')) as SweepRun[]).filter(
    (r) => jobId === undefined || r.jobId === jobId,
  );
interface Row {
  ip: string | null;
  kind: string;
  site: string | null;
  agentId: string | null;
}
const report = () => JSON.parse(cs('report', '--format', 'json')) as Row[];
const agentIdOf = (site: Site) =>
  query<{ id: string }>(
    db,
    'SELECT g.id FROM agents g JOIN enroll_secrets e ON e.id = g.enroll_secret_id JOIN sites s ON s.id = e.site_id WHERE s.name = ?',
    site,
  )[0]?.id;

function startAgent(site: Site) {
  const { proc, log } = agentRun(url, secrets[site], join(dir, `agent-${site}`), {
    interval: '3600',
    track: mine,
  });
  agents[site] = { proc, log };
}
let collectorLog = '';
/** Every process this file starts; not the harness's list, which is emptied (killed) after each test. */
const mine: ChildProcess[] = [];
/** `coverscan serve` on the fixed port (agents reconnect to the same URL after a restart). */
const startCollector = () =>
  new Promise<void>((resolve, reject) => {
    const proc = spawn(
      process.execPath,
      [collectorCli, 'serve', '--db', db, '--listen', `127.0.0.1:${port}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    mine.push(proc);
    collector = proc;
    proc.stderr!.on('data', (d: Buffer) => {
      collectorLog += d;
      if (process.env.SWEEPERS_LOG) appendFileSync(process.env.SWEEPERS_LOG, d);
    });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${out}`)), 30_000);
    proc.stdout!.on('data', (d: Buffer) => {
      out += d;
      if (out.includes('listening on')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
/** A cron expression (with seconds) that fires once, `s` seconds from now, in local time as cron counts. */
const onceIn = (s: number) => {
  const t = new Date(Date.now() + s * 1000);
  return `${t.getSeconds()} ${t.getMinutes()} ${t.getHours()} ${t.getDate()} ${t.getMonth() + 1} *`;
};
const spooled = (site: Site) =>
  readdirSync(join(dir, `agent-${site}`, 'spool')).filter((f) => f.endsWith('.json'));

beforeAll(async () => {
  ({ dir, db } = setup());
  sim = await startSnmpsim(
    SITES.flatMap((site) =>
      SLICES[site].devices.map((d, i) => ({
        address: ipOf(site, i),
        file: `${d}.snmprec`,
        communities: [COMMUNITY],
      })),
    ),
    simPort,
  );
  cs('credentials', 'add', 'branches', '--community', COMMUNITY);
  for (const site of SITES) {
    cs('site', 'add', site, SLICES[site].range);
    secrets[site] = cs('enroll', 'create', '--site', site, '--sweeper');
  }
  port = await freePort();
  url = `ws://127.0.0.1:${port}`;
  await startCollector();
  for (const site of SITES) startAgent(site);
}, 120_000);
afterEach((ctx) => {
  // What the sweepers said is the first thing to read when one of these fails.
  if (ctx.task.result?.state === 'fail') {
    for (const site of SITES) console.error(`--- agent ${site}:\n${agents[site]?.log().slice(-3000)}`);
    console.error(`--- collector:\n${collectorLog.slice(-6000)}`);
  }
});
afterAll(async () => {
  for (const p of mine) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
  await sim?.stop();
});

describe('sweepers', { timeout: 150_000 }, () => {
  it('a scheduled job per site fires on its sweeper; every device arrives once, with its site, run, job and sweeper', async () => {
    await until(
      'three sweepers connected',
      () => SITES.every((s) => /sweeper for site/.test(agents[s].log())),
      60_000,
    );
    // Far enough ahead that all three jobs exist before it fires (each add is a CLI start, seconds each on
    // a loaded machine); a job made after its only firing would wait a year.
    const when = onceIn(25);
    const jobs = {} as Record<Site, number>;
    for (const site of SITES)
      jobs[site] = Number(
        cs(
          'sweep-job',
          'add',
          '--site',
          site,
          SLICES[site].range.replace(/0\/24$/, '0/29'),
          '--snmp-port',
          String(simPort),
          '--credentials',
          'branches',
          '--schedule',
          when,
          '--on',
          'agent',
        ),
      );
    await until(
      'every scheduled run done',
      () => SITES.every((s) => runs(jobs[s]).some((r) => r.status === 'done')),
      60_000,
    );

    for (const site of SITES) {
      const [r] = runs(jobs[site]);
      // Each ran once, on its own site's sweeper; the devices answer only the profile's community.
      expect(runs(jobs[site])).toHaveLength(1);
      expect(r).toMatchObject({ site, sweeper: agentIdOf(site), status: 'done' });
      expect(r.counters?.responders).toBe(SLICES[site].devices.length);
    }
    const rows = report();
    for (const site of SITES)
      SLICES[site].devices.forEach((_, i) => {
        const found = rows.filter((a) => a.ip === ipOf(site, i));
        expect(found, ipOf(site, i)).toHaveLength(1);
        expect(found[0].site).toBe(site);
      });
    // Each device's observations name the sweep of its site's run; the sweep names job and sweeper.
    const attributed = query<{ ip: string; job: number; sweeper: string; run: number }>(
      db,
      `SELECT DISTINCT a.ip, json_extract(w.settings, '$.job') job, json_extract(w.settings, '$.sweeper') sweeper, r.id run
       FROM assets a JOIN observations o ON o.asset_id = a.id JOIN sweeps w ON w.id = o.sweep_id
       JOIN sweep_runs r ON r.sweep_id = w.id WHERE a.kind = 'network-device'`,
    );
    for (const site of SITES)
      SLICES[site].devices.forEach((_, i) => {
        expect(attributed.filter((x) => x.ip === ipOf(site, i))).toEqual([
          { ip: ipOf(site, i), job: jobs[site], sweeper: agentIdOf(site), run: runs(jobs[site])[0].id },
        ]);
      });
  });

  it('a sweeper killed mid-sweep leaves its run interrupted; the job runs again when the sweeper is back', async () => {
    // 1,024 silent addresses at 100 packets/s and the two devices: long enough to be killed in.
    const job = Number(
      cs(
        'sweep-job',
        'add',
        '--site',
        'east',
        '127.88.96.0/22',
        '--snmp-port',
        String(simPort),
        '--credentials',
        'branches',
        '--rate',
        '100',
        '--on',
        'agent',
      ),
    );
    cs('sweep-job', 'run', String(job));
    await until('progress from the sweeper', () => Number(runs(job)[0]?.progress?.probed ?? 0) > 0, 30_000);
    agents.east.proc.kill('SIGKILL');
    await until('the run marked interrupted', () => runs(job)[0]?.status === 'interrupted', 30_000);

    startAgent('east');
    await until('the job run again, to the end', () => runs(job).some((r) => r.status === 'done'), 90_000);
    const all = runs(job);
    expect(all.map((r) => r.status)).toEqual(['interrupted', 'done']);
    expect(all.every((r) => r.sweeper === agentIdOf('east'))).toBe(true);
    expect(all[1].counters?.responders).toBe(2);
  }, 150_000);

  it('a collector killed while results wait loses nothing acknowledged and receives them when back', async () => {
    const job = Number(
      cs(
        'sweep-job',
        'add',
        '--site',
        'north',
        // The site's two devices and two silent /24s beside them: a sweep long enough to kill in.
        '127.88.94.0/24',
        '127.88.97.0/24',
        '127.88.98.0/24',
        '--snmp-port',
        String(simPort),
        '--credentials',
        'branches',
        '--rate',
        '100',
        '--on',
        'agent',
      ),
    );
    const ackedBefore = query<{ n: number }>(db, 'SELECT count(*) n FROM reports')[0].n;
    cs('sweep-job', 'run', String(job));
    await until('the sweep under way', () => Number(runs(job)[0]?.progress?.probed ?? 0) > 0, 30_000);
    collector.kill('SIGKILL');
    await new Promise((r) => collector.once('exit', r));
    // The sweep goes on without the collector; its results wait in the sweeper's spool.
    await until('results spooled', () => spooled('north').some((f) => f.includes('sweep-r')), 60_000);
    // Everything acked before the kill is in the database.
    expect(query<{ n: number }>(db, 'SELECT count(*) n FROM reports')[0].n).toBeGreaterThanOrEqual(
      ackedBefore,
    );

    await startCollector();
    await until('the results delivered', () => runs(job).some((r) => r.status === 'done'), 60_000);
    await until('the spool emptied', () => !spooled('north').some((f) => f.includes('sweep-r')), 30_000);
    const [r] = runs(job);
    // The run the collector had marked interrupted when it restarted is complete: all its parts arrived.
    expect(r).toMatchObject({ status: 'done', sweeper: agentIdOf('north') });
    expect(r.counters?.responders).toBe(2);
    const rows = report();
    for (const i of [0, 1])
      expect(rows.filter((a) => a.ip === ipOf('north', i)).map((a) => a.site)).toEqual(['north']);
    collector.kill('SIGTERM');
    await new Promise((r) => collector.once('exit', r));
  }, 150_000);
});
