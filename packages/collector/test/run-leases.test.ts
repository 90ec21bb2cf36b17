// Sweep run leases on a real SQLite file: a run handed to a sweeper that never answers ends interrupted
// once its lease runs out and its job is due again; progress keeps a run alive; `serve`'s start-up leaves
// a live `sweep-job run` process's run alone and interrupts a dead one's at once.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startJobScheduler } from '../src/job-scheduler';
import { expireRunLeases, RUN_LEASE_MS } from '../src/store/run-leases';
import { addSite } from '../src/store/sites';
import { Store } from '../src/store/store';
import {
  addSweepJob,
  dueSweepJobs,
  listSweepRuns,
  recordRunProgress,
  startSweepRun,
} from '../src/store/sweep-jobs';
import { partReceived } from '../src/store/sweepers';

let dir: string;
let store: Store;
const t0 = new Date('2026-11-30T10:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms).toISOString();
const statusOf = (runId: number) => listSweepRuns(store.db).find((r) => r.id === runId)?.status;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'coverscan-leases-'));
  store = Store.open(join(dir, 'c.db'));
  addSite(store.db, 'lab', ['127.0.0.0/24'], at(0));
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const job = (runOn: 'agent' | 'collector') =>
  addSweepJob(
    store.db,
    {
      site: 'lab',
      targets: ['127.0.0.1'],
      excludes: [],
      snmpPort: 161,
      credentialsId: null,
      rate: 10,
      schedule: null,
      runOn,
    },
    at(0),
  );

describe('sweep run leases', () => {
  it('a run whose sweeper never answers ends interrupted when its lease runs out; the job is due again', () => {
    const id = job('agent');
    const run = startSweepRun(store.db, id, 'agent-1', null, at(0));
    expect(run).not.toBeNull();
    const due = (ms: number) => dueSweepJobs(store.db, 'agent', new Date(at(ms)), 'lab').map((j) => j.id);
    // Within the lease: running, and nobody else may take the job.
    expect(expireRunLeases(store.db, at(RUN_LEASE_MS - 1000))).toBe(0);
    expect(statusOf(run!)).toBe('running');
    expect(startSweepRun(store.db, id, 'agent-2', null, at(RUN_LEASE_MS - 1000))).toBeNull();
    expect(due(RUN_LEASE_MS - 1000)).toEqual([]);
    // Past it, without a word from the sweeper.
    expect(expireRunLeases(store.db, at(RUN_LEASE_MS + 1000))).toBe(1);
    expect(statusOf(run!)).toBe('interrupted');
    expect(due(RUN_LEASE_MS + 1000)).toEqual([id]);
    // Its parts may still arrive: they complete the run as the sweeper says.
    expect(
      partReceived(store.db, run!, { parts: 1, assets: 0, status: 'done' }, at(RUN_LEASE_MS + 2000)),
    ).toBe(true);
    expect(statusOf(run!)).toBe('done');
  });

  it('progress renews the lease; a job whose run expired can be started again without a sweep first', () => {
    const id = job('agent');
    const run = startSweepRun(store.db, id, 'agent-1', null, at(0))!;
    recordRunProgress(store.db, run, { responders: 1 }, at(RUN_LEASE_MS - 1000));
    expect(expireRunLeases(store.db, at(RUN_LEASE_MS + 1000))).toBe(0);
    expect(statusOf(run)).toBe('running');
    // A second sweeper asking after the renewed lease ran out takes the job: the stale run is interrupted.
    const again = startSweepRun(store.db, id, 'agent-2', null, at(2 * RUN_LEASE_MS));
    expect(again).not.toBeNull();
    expect(statusOf(run)).toBe('interrupted');
    expect(statusOf(again!)).toBe('running');
  });

  it("serve's start-up leaves a live sweep-job run process's run alone and interrupts a dead one's", async () => {
    const now = new Date().toISOString();
    const live = startSweepRun(
      store.db,
      job('collector'),
      'collector',
      null,
      now,
      `${hostname()}:${process.pid}`,
    )!;
    // A process that has exited: its pid names nobody (were it reused, the run would wait for its lease).
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    const gone = startSweepRun(store.db, job('collector'), 'collector', null, now, `${hostname()}:${dead}`)!;
    // What `serve` starts; closed before its first tick, so it runs no job here.
    const scheduler = startJobScheduler(store, join(dir, 'c.db'), pino({ level: 'silent' }));
    await scheduler.close();
    expect(statusOf(live)).toBe('running');
    expect(statusOf(gone)).toBe('interrupted');
  });
});
