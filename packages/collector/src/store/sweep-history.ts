// What the sweeps did, as the evidence pack shows its sources: every sweep with its targets, its
// exclusions, how it ended and its counters; and the addresses of the devices sweeps read directly, with
// when they were last seen, so a pack can tell which target ranges answered nobody.
import type Database from 'better-sqlite3';

export interface SweepRecord {
  id: number;
  /** The targets as given on the command line (addresses, CIDRs, ranges, @files). */
  targets: string[];
  excludes: string[];
  /** 'running' is also what a sweep killed outright leaves behind (migration 3). */
  status: 'running' | 'done' | 'interrupted' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  /** run.ts's counters (targets, probed, responders, identified, incomplete, ...); empty while running. */
  counters: Record<string, number>;
}

export function listSweeps(db: Database.Database): SweepRecord[] {
  const rows = db
    .prepare(
      'SELECT id, targets, settings, counters, status, started_at startedAt, finished_at finishedAt FROM sweeps ORDER BY id',
    )
    .all() as {
    id: number;
    targets: string;
    settings: string;
    counters: string | null;
    status: SweepRecord['status'];
    startedAt: string;
    finishedAt: string | null;
  }[];
  return rows.map((r) => {
    const settings = JSON.parse(r.settings) as { excludes?: string[] };
    return {
      id: r.id,
      targets: JSON.parse(r.targets) as string[],
      excludes: settings.excludes ?? [],
      status: r.status,
      startedAt: r.startedAt,
      finishedAt: r.finishedAt,
      counters: r.counters ? (JSON.parse(r.counters) as Record<string, number>) : {},
    };
  });
}

/**
 * The devices a sweep read itself (not neighbor sightings), by address, with when they were last seen: a
 * device whose last sighting is not before a sweep's start answered that sweep or a later one.
 */
export function sweptAddresses(db: Database.Database): { ip: string; lastSeen: string }[] {
  return db
    .prepare(
      `SELECT a.ip, a.last_seen lastSeen FROM assets a WHERE a.ip IS NOT NULL AND EXISTS (
         SELECT 1 FROM observations o WHERE o.asset_id = a.id AND o.source_key = 'sweep:direct')`,
    )
    .all() as { ip: string; lastSeen: string }[];
}
