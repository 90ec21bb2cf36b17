// One run of a sweep job on the collector itself (`coverscan sweep-job run ID`, or `serve` when a
// collector job is due): the job's targets, port, rate and credentials profile, through the same engine
// and ingest path as `coverscan sweep`; the run is recorded with its progress and how it ended.
import type { Credentials } from '@coverscan/sweep/credentials';
import { withEta } from '@coverscan/sweep/eta';
import { runSweep, type SweepProgress } from '@coverscan/sweep/run';
import { parseTargets } from '@coverscan/sweep/targets';
import type { Logger } from 'pino';
import { openCredentialProfile } from './store/credential-profiles';
import { RUN_LEASE_MS, renewRunLease, thisProcess } from './store/run-leases';
import { loadKey } from './store/secret-box';
import type { Store } from './store/store';
import { finishSweepRun, recordRunProgress, type SweepJob, startSweepRun } from './store/sweep-jobs';
import { storeSweepResult } from './sweep-result';

/** Engine settings a job does not choose: those of `coverscan sweep`'s defaults. */
export const JOB_SWEEP_DEFAULTS = { timeoutMs: 1000, retries: 2, concurrency: 32 } as const;

/** The job's credentials, opened only now (the key file sits beside the database). */
export function jobCredentials(store: Store, dbFile: string, job: SweepJob): Credentials {
  return job.credentialsId === null
    ? { communities: ['public'] }
    : openCredentialProfile(store.db, loadKey(dbFile, false), job.credentialsId);
}

/** What the sweeps row keeps of a job's settings: never a secret. */
export function jobSweepSettings(job: SweepJob, sweeper: string): Record<string, unknown> {
  return {
    job: job.id,
    site: job.site,
    sweeper,
    port: job.snmpPort,
    rate: job.rate,
    excludes: job.excludes,
    credentials: job.credentials,
    ...JOB_SWEEP_DEFAULTS,
  };
}

export interface CollectorRun {
  runId: number;
  status: 'done' | 'interrupted' | 'failed';
  counters: Record<string, number>;
}

/** Null when a run of the job is going on elsewhere. */
export async function runJobOnCollector(
  store: Store,
  dbFile: string,
  job: SweepJob,
  o: { log: Logger; signal?: AbortSignal; onProgress?: (p: SweepProgress) => void },
): Promise<CollectorRun | null> {
  // Everything that can be refused (targets, the key) is checked before a run is recorded.
  const targets = parseTargets(job.targets, job.excludes);
  const creds = jobCredentials(store, dbFile, job);
  const sweepId = store.startSweep(job.targets, jobSweepSettings(job, 'collector'));
  const runId = startSweepRun(
    store.db,
    job.id,
    'collector',
    sweepId,
    new Date().toISOString(),
    thisProcess(),
  );
  if (runId === null) {
    store.finishSweep(sweepId, {}, 'failed');
    return null;
  }
  // This process is the sweeper: while it lives and sweeps, the run's lease holds (run-leases.ts).
  const heartbeat = setInterval(() => {
    try {
      renewRunLease(store.db, runId, new Date().toISOString());
    } catch (e) {
      // A busy database now: the next beat tries again, well within the lease.
      o.log.warn({ run: runId, err: (e as Error).message }, 'could not renew the sweep run lease');
    }
  }, RUN_LEASE_MS / 4);
  heartbeat.unref();
  const started = performance.now();
  let lastWrite = 0;
  try {
    const res = await runSweep(
      {
        targets,
        port: job.snmpPort,
        communities: creds.communities,
        v3: creds.v3,
        rate: job.rate,
        ...JOB_SWEEP_DEFAULTS,
        discoverOnly: false,
        signal: o.signal,
        log: o.log,
        onBug: 'record',
      },
      {
        onProgress: (p) => {
          o.onProgress?.(p);
          // Progress is for people watching: once a second is plenty, and spares the database.
          const now = performance.now();
          if (now - lastWrite < 1000) return;
          lastWrite = now;
          recordRunProgress(store.db, runId, { ...withEta(p, now - started) });
        },
      },
    );
    const status = o.signal?.aborted ? 'interrupted' : 'done';
    const counters = storeSweepResult(
      store,
      sweepId,
      [...res.devices, ...res.neighbors],
      res.counters,
      status,
    );
    finishSweepRun(store.db, runId, status, counters, new Date().toISOString());
    return { runId, status, counters };
  } catch (e) {
    store.finishSweep(sweepId, { failed: 1 }, 'failed');
    finishSweepRun(store.db, runId, 'failed', { failed: 1 }, new Date().toISOString());
    throw e;
  } finally {
    clearInterval(heartbeat);
  }
}
