// Sweep jobs (`coverscan sweep-job`) and their runs. A job belongs to a site and runs on the collector or
// on an agent of that site enrolled as a sweeper; each run records who swept, how it ended, its counters
// and its last progress, and points at the sweeps row whose id the stored observations carry.
import type Database from 'better-sqlite3';
import { type DueInput, isDue } from '../sweep-schedule';
import { expireRunLeases, leaseUntil } from './run-leases';
import { unknownSite } from './sites';

export type RunOn = 'collector' | 'agent';
export type RunStatus = 'running' | 'done' | 'interrupted' | 'failed';

export interface NewSweepJob {
  site: string;
  targets: string[];
  excludes: string[];
  snmpPort: number;
  credentialsId: number | null;
  rate: number;
  schedule: string | null;
  runOn: RunOn;
}

export interface SweepJob extends Omit<NewSweepJob, 'credentialsId'> {
  id: number;
  credentialsId: number | null;
  credentials: string | null;
  createdAt: string;
  requestedAt: string | null;
  last: {
    runId: number;
    status: RunStatus;
    sweeper: string;
    startedAt: string;
    finishedAt: string | null;
  } | null;
}

export interface SweepRun {
  id: number;
  jobId: number;
  site: string;
  sweeper: string;
  status: RunStatus;
  sweepId: number | null;
  counters: Record<string, number> | null;
  progress: Record<string, number | boolean | null> | null;
  startedAt: string;
  finishedAt: string | null;
}

/** A refused job change (unknown site, job or profile): the user's input. */
export class SweepJobError extends Error {}

export function addSweepJob(db: Database.Database, j: NewSweepJob, at: string): number {
  const site = db.prepare('SELECT id FROM sites WHERE name = ?').get(j.site) as { id: number } | undefined;
  if (!site) throw new SweepJobError(unknownSite(db, j.site));
  return Number(
    db
      .prepare(
        `INSERT INTO sweep_jobs (site_id, targets, excludes, snmp_port, credentials_id, rate, schedule, run_on, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        site.id,
        JSON.stringify(j.targets),
        JSON.stringify(j.excludes),
        j.snmpPort,
        j.credentialsId,
        j.rate,
        j.schedule,
        j.runOn,
        at,
      ).lastInsertRowid,
  );
}

interface JobDbRow {
  id: number;
  site: string;
  targets: string;
  excludes: string;
  snmpPort: number;
  credentialsId: number | null;
  credentials: string | null;
  rate: number;
  schedule: string | null;
  runOn: RunOn;
  createdAt: string;
  requestedAt: string | null;
  runId: number | null;
  status: RunStatus | null;
  sweeper: string | null;
  startedAt: string | null;
  finishedAt: string | null;
}

const JOB_SELECT = `
  SELECT j.id, s.name site, j.targets, j.excludes, j.snmp_port snmpPort, j.credentials_id credentialsId,
         c.name credentials, j.rate, j.schedule, j.run_on runOn, j.created_at createdAt, j.requested_at requestedAt,
         r.id runId, r.status, r.sweeper, r.started_at startedAt, r.finished_at finishedAt
  FROM sweep_jobs j JOIN sites s ON s.id = j.site_id
  LEFT JOIN credential_profiles c ON c.id = j.credentials_id
  LEFT JOIN sweep_runs r ON r.id = (SELECT max(id) FROM sweep_runs WHERE job_id = j.id)`;

function toJob(r: JobDbRow): SweepJob {
  return {
    id: r.id,
    site: r.site,
    targets: JSON.parse(r.targets),
    excludes: JSON.parse(r.excludes),
    snmpPort: r.snmpPort,
    credentialsId: r.credentialsId,
    credentials: r.credentials,
    rate: r.rate,
    schedule: r.schedule,
    runOn: r.runOn,
    createdAt: r.createdAt,
    requestedAt: r.requestedAt,
    last:
      r.runId === null
        ? null
        : {
            runId: r.runId,
            status: r.status!,
            sweeper: r.sweeper!,
            startedAt: r.startedAt!,
            finishedAt: r.finishedAt,
          },
  };
}

export function listSweepJobs(db: Database.Database, site?: string): SweepJob[] {
  const rows = (
    site
      ? db.prepare(`${JOB_SELECT} WHERE s.name = ? ORDER BY j.id`).all(site)
      : db.prepare(`${JOB_SELECT} ORDER BY j.id`).all()
  ) as JobDbRow[];
  return rows.map(toJob);
}

export function getSweepJob(db: Database.Database, id: number): SweepJob {
  const row = db.prepare(`${JOB_SELECT} WHERE j.id = ?`).get(id) as JobDbRow | undefined;
  if (!row) throw new SweepJobError(`no sweep job #${id} (coverscan sweep-job list)`);
  return toJob(row);
}

export function removeSweepJob(db: Database.Database, id: number): void {
  if (!db.prepare('DELETE FROM sweep_jobs WHERE id = ?').run(id).changes)
    throw new SweepJobError(`no sweep job #${id} (coverscan sweep-job list)`);
}

/** Asks for a run as soon as a sweeper can take it (an agent job run by hand). */
export function requestSweepJob(db: Database.Database, id: number, at: string): void {
  if (!db.prepare('UPDATE sweep_jobs SET requested_at = ? WHERE id = ?').run(at, id).changes)
    throw new SweepJobError(`no sweep job #${id} (coverscan sweep-job list)`);
}

const dueInput = (j: SweepJob): DueInput => ({
  schedule: j.schedule,
  createdAt: j.createdAt,
  requestedAt: j.requestedAt,
  last: j.last,
});

/** The jobs of `runOn` (and, for agents, of `site`) due at `now`. */
export function dueSweepJobs(db: Database.Database, runOn: RunOn, now: Date, site?: string): SweepJob[] {
  return listSweepJobs(db, site).filter((j) => j.runOn === runOn && isDue(dueInput(j), now));
}

/**
 * Starts a run: one transaction that re-checks nothing else runs the job, so two sweepers (or a collector
 * and `sweep-job run`) cannot take the same job at once. Null: a run of it is going on.
 */
export function startSweepRun(
  db: Database.Database,
  jobId: number,
  sweeper: string,
  sweepId: number | null,
  at: string,
  owner: string | null = null,
): number | null {
  return db
    .transaction(() => {
      // A run whose lease ran out is nobody's: it does not keep the job busy.
      expireRunLeases(db, at);
      const busy = db.prepare("SELECT 1 FROM sweep_runs WHERE job_id = ? AND status = 'running'").get(jobId);
      if (busy) return null;
      return Number(
        db
          .prepare(
            `INSERT INTO sweep_runs (job_id, sweeper, status, sweep_id, started_at, lease_until, owner)
             VALUES (?, ?, 'running', ?, ?, ?, ?)`,
          )
          .run(jobId, sweeper, sweepId, at, leaseUntil(at), owner).lastInsertRowid,
      );
    })
    .immediate();
}

export function recordRunProgress(
  db: Database.Database,
  runId: number,
  progress: Record<string, number | boolean | null>,
  at = new Date().toISOString(),
): void {
  // Progress is the sweeper's sign of life: it renews the run's lease (run-leases.ts).
  db.prepare("UPDATE sweep_runs SET progress = ?, lease_until = ? WHERE id = ? AND status = 'running'").run(
    JSON.stringify(progress),
    leaseUntil(at),
    runId,
  );
}

export function finishSweepRun(
  db: Database.Database,
  runId: number,
  status: Exclude<RunStatus, 'running'>,
  counters: Record<string, number> | null,
  at: string,
): void {
  db.prepare(
    "UPDATE sweep_runs SET status = ?, counters = coalesce(?, counters), finished_at = ? WHERE id = ? AND status = 'running'",
  ).run(status, counters ? JSON.stringify(counters) : null, at, runId);
}

/** Runs left 'running' by a sweeper that is gone (a collector that died, an agent that dropped): interrupted. */
export function interruptRunsOf(db: Database.Database, sweeper: string, at: string): number {
  return db
    .prepare(
      "UPDATE sweep_runs SET status = 'interrupted', finished_at = ? WHERE sweeper = ? AND status = 'running'",
    )
    .run(at, sweeper).changes;
}

/** Every agent's running run (the collector starts: no sweeper is connected yet). */
export function interruptAgentRuns(db: Database.Database, at: string): number {
  return db
    .prepare(
      "UPDATE sweep_runs SET status = 'interrupted', finished_at = ? WHERE sweeper <> 'collector' AND status = 'running'",
    )
    .run(at).changes;
}

export function listSweepRuns(db: Database.Database, jobId?: number): SweepRun[] {
  const rows = db
    .prepare(
      `SELECT r.id, r.job_id jobId, s.name site, r.sweeper, r.status, r.sweep_id sweepId, r.counters, r.progress,
              r.started_at startedAt, r.finished_at finishedAt
       FROM sweep_runs r JOIN sweep_jobs j ON j.id = r.job_id JOIN sites s ON s.id = j.site_id
       ${jobId === undefined ? '' : 'WHERE r.job_id = ?'} ORDER BY r.id`,
    )
    .all(...(jobId === undefined ? [] : [jobId])) as (Omit<SweepRun, 'counters' | 'progress'> & {
    counters: string | null;
    progress: string | null;
  })[];
  return rows.map((r) => ({
    ...r,
    counters: r.counters ? JSON.parse(r.counters) : null,
    progress: r.progress ? JSON.parse(r.progress) : null,
  }));
}
