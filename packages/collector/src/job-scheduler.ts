// `serve` fires the collector's own sweep jobs when they are due, one at a time (a second sweep at once
// would share the same uplink and the same write lock). Runs a previous collector process left
// 'running' (it died mid-sweep) are marked interrupted first, which makes those jobs due again; a run a
// live `sweep-job run` process is doing is left alone (run-leases.ts).
import type { Logger } from 'pino';
import { interruptAbandonedCollectorRuns } from './store/run-leases';
import type { Store } from './store/store';
import { dueSweepJobs } from './store/sweep-jobs';
import { runJobOnCollector } from './sweep-job-run';

export interface JobScheduler {
  /** Stops firing; a sweep going on stops early and stores what it found, marked interrupted. */
  close(): Promise<void>;
}

export function startJobScheduler(store: Store, dbFile: string, log: Logger, tickMs = 1000): JobScheduler {
  const left = interruptAbandonedCollectorRuns(store.db, new Date().toISOString());
  if (left)
    log.warn({ runs: left }, 'sweep job runs a previous collector left unfinished are marked interrupted');
  const stop = new AbortController();
  let current: Promise<void> | null = null;

  const tick = () => {
    if (current || stop.signal.aborted) return;
    let job: ReturnType<typeof dueSweepJobs>[number] | undefined;
    try {
      job = dueSweepJobs(store.db, 'collector', new Date())[0];
    } catch (e) {
      log.error({ err: e }, 'reading due sweep jobs failed');
      return;
    }
    if (!job) return;
    log.info({ job: job.id, site: job.site }, 'sweep job due: running it');
    current = runJobOnCollector(store, dbFile, job, { log, signal: stop.signal })
      .then((run) => {
        if (run)
          log.info(
            { job: job.id, run: run.runId, status: run.status, counters: run.counters },
            'sweep job run ended',
          );
      })
      .catch((e: Error) => log.error({ job: job.id, err: e }, 'sweep job run failed'))
      .finally(() => {
        current = null;
      });
  };
  const timer = setInterval(tick, tickMs);
  timer.unref();
  setImmediate(tick);
  return {
    async close() {
      clearInterval(timer);
      stop.abort();
      await current;
    },
  };
}
