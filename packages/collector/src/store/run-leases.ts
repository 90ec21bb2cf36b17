// Leases on running sweep runs (migration 11). A run is alive while its lease holds: a sweeper's progress
// and parts renew it, and a collector process running a job renews it while it runs. A run whose lease
// ran out (a sweeper that took a job and never answered, a `sweep-job run` process killed) is marked
// interrupted, which makes its job due again (sweep-schedule.ts); parts that still arrive land in it
// (sweepers.ts partReceived). A collector run also names its owner (host and pid), so a starting `serve`
// can tell a dead process's run from one a live `sweep-job run` is doing, without waiting for the lease.
import { hostname } from 'node:os';
import type Database from 'better-sqlite3';
import { processAlive } from './process-alive';

/** How long a run stays alive without a word: sweepers send progress every 2 s while they sweep. */
export const RUN_LEASE_MS = 60_000;

export const leaseUntil = (at: string | Date) =>
  new Date(new Date(at).getTime() + RUN_LEASE_MS).toISOString();

/** This process, as the owner a collector run records. */
export const thisProcess = () => `${hostname()}:${process.pid}`;

export function renewRunLease(db: Database.Database, runId: number, at: string): void {
  db.prepare("UPDATE sweep_runs SET lease_until = ? WHERE id = ? AND status = 'running'").run(
    leaseUntil(at),
    runId,
  );
}

/** Runs whose lease ran out by `at` become interrupted; returns how many. A run without a lease has none. */
export function expireRunLeases(db: Database.Database, at: string): number {
  return db
    .prepare(
      `UPDATE sweep_runs SET status = 'interrupted', finished_at = ?
       WHERE status = 'running' AND ifnull(lease_until, '') < ?`,
    )
    .run(at, at).changes;
}

/**
 * At `serve` start-up: the collector runs nobody is doing any more — lease expired, or owned by a process
 * of this host that is gone. A live `sweep-job run` beside us keeps its run. Returns how many.
 */
export function interruptAbandonedCollectorRuns(db: Database.Database, at: string): number {
  return db
    .transaction(() => {
      const expired = expireRunLeases(db, at);
      const host = hostname();
      const rows = db
        .prepare("SELECT id, owner FROM sweep_runs WHERE sweeper = 'collector' AND status = 'running'")
        .all() as { id: number; owner: string | null }[];
      const gone = rows.filter((r) => {
        const [h, pid] = (r.owner ?? '').split(/:(?=\d+$)/);
        return h === host && !processAlive(Number(pid));
      });
      const mark = db.prepare("UPDATE sweep_runs SET status = 'interrupted', finished_at = ? WHERE id = ?");
      for (const r of gone) mark.run(at, r.id);
      return expired + gone.length;
    })
    .immediate();
}
