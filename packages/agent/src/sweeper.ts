// An agent enrolled as a sweeper (`coverscan enroll create --site NAME --sweeper`) runs the sweep jobs
// its collector sends, one at a time, with the same engine as `coverscan sweep` (@coverscan/sweep). Its
// results go through the same spool and acknowledgement path as inventories: split in sweep_report parts
// under the collector's frame limit, each written to the spool before anything is sent and deleted only
// when acked. The credentials stay in memory for the run: never spooled, never logged.

import { setTimeout as sleep } from 'node:timers/promises';
import type { SweepJobMessage, SweepProgressMessage, SweepReport } from '@coverscan/shared';
import type { SweepResult } from '@coverscan/sweep/run';
import type { Spool } from './spool';

/** Engine settings a job does not choose: `coverscan sweep`'s defaults, as on the collector. */
const DEFAULTS = { timeoutMs: 1000, retries: 2, concurrency: 32 } as const;
/** Room left in each part's frame for the envelope (ids, counters). */
const ENVELOPE = 16 * 1024;
/** Progress goes out at most this often: it is for people watching, and counts against the rate limit. */
const PROGRESS_MS = 2000;
/** How often a sweeper waiting for its spool to drain looks again (and tells the collector it waits). */
const SPOOL_WAIT_MS = 2000;

export interface SweeperHooks {
  /** The collector's frame limit now (it may change on reconnect). */
  frameLimit: () => number;
  /** Sends a progress message if a session is open; dropped otherwise. */
  progress: (p: SweepProgressMessage) => void;
  /** Rung after parts are spooled: delivery goes to send them. */
  spooled: () => void;
  log: (m: string) => void;
}

export class Sweeper {
  private readonly queue: SweepJobMessage[] = [];
  private running: Promise<void> | null = null;
  private readonly stop = new AbortController();

  constructor(
    private readonly spool: Spool,
    private readonly hooks: SweeperHooks,
  ) {}

  /** A job from the collector: run now, or after the one going on. */
  take(job: SweepJobMessage): void {
    if (this.stop.signal.aborted) return;
    this.queue.push(job);
    this.running ??= this.drain();
  }

  /**
   * Stops: the sweep going on ends early and what it found is spooled, marked interrupted (it is
   * delivered at the next start). Resolves once that is written.
   */
  async close(): Promise<void> {
    this.stop.abort();
    this.queue.length = 0;
    await this.running;
  }

  private async drain(): Promise<void> {
    for (let job = this.queue.shift(); job; job = this.queue.shift()) await this.run(job);
    this.running = null;
  }

  /**
   * Sweep parts are never dropped from the spool, so a sweeper whose undelivered parts exceed their bound
   * (a collector long unreachable) does not start the job until they drain: it says so in progress,
   * which also keeps the run's lease on the collector. Stopped meanwhile: the run ends interrupted, empty.
   */
  private async waitForSpool(job: SweepJobMessage): Promise<void> {
    let said = false;
    while (this.spool.sweepPartsFull() && !this.stop.signal.aborted) {
      if (!said)
        this.hooks.log(
          `sweep job #${job.jobId} run #${job.runId} waits: the spool holds too many undelivered sweep parts`,
        );
      said = true;
      this.hooks.progress({
        type: 'sweep_progress',
        runId: job.runId,
        probed: 0,
        total: 0,
        responders: 0,
        identified: 0,
        etaSec: null,
        waitingForSpool: true,
      });
      await sleep(SPOOL_WAIT_MS, undefined, { signal: this.stop.signal }).catch(() => {});
    }
  }

  private async run(job: SweepJobMessage): Promise<void> {
    await this.waitForSpool(job);
    const started = performance.now();
    let sent = 0;
    let status: NonNullable<SweepReport['status']> = 'done';
    let result: SweepResult | null = null;
    try {
      // Loaded on the first job: an agent that is no sweeper never evaluates the engine.
      const [{ runSweep }, { parseTargets }, { withEta }] = await Promise.all([
        import('@coverscan/sweep/run'),
        import('@coverscan/sweep/targets'),
        import('@coverscan/sweep/eta'),
      ]);
      const targets = parseTargets(job.targets, job.excludes);
      this.hooks.log(`sweep job #${job.jobId} run #${job.runId}: ${targets.count} addresses`);
      result = await runSweep(
        {
          targets,
          port: job.snmpPort,
          communities: job.credentials.communities,
          v3: job.credentials.v3,
          rate: job.rate,
          ...DEFAULTS,
          discoverOnly: false,
          signal: this.stop.signal,
          onBug: 'record',
        },
        {
          onProgress: (p) => {
            const now = performance.now();
            if (now - sent < PROGRESS_MS) return;
            sent = now;
            this.hooks.progress({ type: 'sweep_progress', runId: job.runId, ...withEta(p, now - started) });
          },
        },
      );
      if (this.stop.signal.aborted) status = 'interrupted';
    } catch (e) {
      // Our own failure (a bad target the collector let through, a socket that would not open): the run
      // ends failed, and the collector is told so through the same path as results.
      status = 'failed';
      this.hooks.log(`sweep job #${job.jobId} run #${job.runId} failed: ${(e as Error).message}`);
    }
    const assets = result ? [...result.devices, ...result.neighbors] : [];
    const counters = result ? result.counters : { failed: 1 };
    const parts = this.split(assets);
    parts.forEach((list, i) => {
      const part = i + 1;
      const report: SweepReport = {
        type: 'sweep_report',
        // Padded: the spool sends in name order, and devices (first parts) before their neighbors.
        reportId: `sweep-r${job.runId}-p${String(part).padStart(5, '0')}`,
        runId: job.runId,
        part,
        parts: parts.length,
        status,
        ...(part === parts.length ? { counters } : {}),
        assets: list as SweepReport['assets'],
      };
      this.spool.add(report.reportId, JSON.stringify(report));
    });
    this.hooks.log(
      `sweep job #${job.jobId} run #${job.runId} ${status}: ${counters.responders ?? 0} responders, ${assets.length} assets in ${parts.length} part(s) spooled`,
    );
    this.hooks.spooled();
  }

  /** The assets in lists whose frames fit the collector's limit, in order; one empty part when none. */
  private split<T>(assets: T[]): T[][] {
    const room = Math.max(64 * 1024, this.hooks.frameLimit() - ENVELOPE);
    const parts: T[][] = [[]];
    let bytes = 0;
    for (const a of assets) {
      const n = Buffer.byteLength(JSON.stringify(a)) + 1;
      if (bytes + n > room && parts[parts.length - 1].length) {
        parts.push([]);
        bytes = 0;
      }
      parts[parts.length - 1].push(a);
      bytes += n;
    }
    return parts;
  }
}
