// Agents enrolled for a site (`coverscan enroll create --site NAME [--sweeper]`): the secret carries the
// site; every agent enrolled with it is that site's (its assets carry the site), and with --sweeper it
// runs the site's agent sweep jobs. Also the bookkeeping of the parts a sweeper delivers for a run.
import type Database from 'better-sqlite3';
import { leaseUntil } from './run-leases';
import { unknownSite } from './sites';
import type { RunStatus } from './sweep-jobs';

export class EnrollSiteError extends Error {}

/** Binds a new enrollment secret to a site, and makes its agents sweepers. */
export function bindEnrollSecret(
  db: Database.Database,
  secretId: number,
  site: string,
  sweeper: boolean,
): void {
  const row = db.prepare('SELECT id FROM sites WHERE name = ?').get(site) as { id: number } | undefined;
  if (!row) throw new EnrollSiteError(unknownSite(db, site));
  db.prepare('UPDATE enroll_secrets SET site_id = ?, sweeper = ? WHERE id = ?').run(
    row.id,
    sweeper ? 1 : 0,
    secretId,
  );
}

const siteStatements = new WeakMap<Database.Database, Database.Statement>();

/**
 * The site a sweeper agent sweeps for; null when the agent is no sweeper. Asked at every agent's hello: the
 * statement is kept (prepared per call, it was ~25 µs of each connection).
 */
export function sweeperSite(db: Database.Database, agentId: string): string | null {
  let st = siteStatements.get(db);
  if (!st) {
    st = db.prepare(
      `SELECT s.name FROM agents g JOIN enroll_secrets e ON e.id = g.enroll_secret_id JOIN sites s ON s.id = e.site_id
       WHERE g.id = ? AND e.sweeper = 1`,
    );
    siteStatements.set(db, st);
  }
  const row = st.get(agentId) as { name: string } | undefined;
  return row?.name ?? null;
}

export interface SweeperRun {
  id: number;
  jobId: number;
  sweepId: number;
  status: RunStatus;
  partsReceived: number;
}

/** The run, if it is this sweeper's: a sweeper delivers only for its own runs. */
export function sweeperRun(db: Database.Database, runId: number, agentId: string): SweeperRun | null {
  return (
    (db
      .prepare(
        `SELECT id, job_id jobId, sweep_id sweepId, status, parts_received partsReceived FROM sweep_runs
         WHERE id = ? AND sweeper = ?`,
      )
      .get(runId, agentId) as SweeperRun | undefined) ?? null
  );
}

/**
 * One more part of the run stored. When all are in, the run ends as the sweeper said (every part says
 * it: done, or interrupted when it was stopped mid-sweep), even if the collector had marked it
 * interrupted when the connection dropped: everything it found has arrived. Returns whether the run is
 * now complete.
 */
export function partReceived(
  db: Database.Database,
  runId: number,
  part: {
    parts: number;
    assets: number;
    status: Exclude<RunStatus, 'running'>;
    counters?: Record<string, number>;
  },
  at: string,
): boolean {
  const r = db
    .prepare(
      `UPDATE sweep_runs SET parts_received = parts_received + 1, parts_total = ?, lease_until = ?,
         counters = json_set(coalesce(?, counters, json_object()), '$.assetsStored',
           coalesce(json_extract(counters, '$.assetsStored'), 0) + ?)
       WHERE id = ? RETURNING parts_received received`,
    )
    .get(
      part.parts,
      leaseUntil(at),
      part.counters ? JSON.stringify(part.counters) : null,
      part.assets,
      runId,
    ) as {
    received: number;
  };
  const complete = r.received >= part.parts;
  if (complete)
    db.prepare('UPDATE sweep_runs SET status = ?, finished_at = ? WHERE id = ?').run(part.status, at, runId);
  return complete;
}
