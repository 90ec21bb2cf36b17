// What the overview shows, read from the store in a few grouped queries: counts by verdict, entity, list
// and source; what changed since the last sweep started and over the last week; stale agents.
import { staleBefore } from '../store/staleness';
import type { Store } from '../store/store';

export interface Count {
  key: string;
  n: number;
}

export interface Changes {
  since: string;
  newCovered: number;
  newReview: number;
  remediated: number;
  accepted: number;
}

export interface OverviewData {
  verdicts: Count[];
  /** Flagged assets (covered or review) by entity, most first. */
  entities: (Count & { covered: number; review: number })[];
  /** Open and accepted findings by list id. */
  lists: Count[];
  /** Assets by the kind of source that saw them. */
  sources: Count[];
  sinceLastSweep: Changes | null;
  lastWeek: Changes;
  staleAgents: { id: string; hostname: string | null; lastSeen: string }[];
  catalogVersion: string;
  policy: string;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

function changesSince(store: Store, since: string): Changes {
  const db = store.db;
  const found = db
    .prepare('SELECT verdict, count(*) n FROM findings WHERE active = 1 AND first_seen >= ? GROUP BY verdict')
    .all(since) as { verdict: string; n: number }[];
  const decided = db
    .prepare(
      "SELECT to_status s, count(*) n FROM audit_log WHERE at >= ? AND to_status IN ('remediated', 'accepted') GROUP BY to_status",
    )
    .all(since) as { s: string; n: number }[];
  const of = <T extends { n: number }>(rows: T[], pick: (r: T) => boolean) => rows.find(pick)?.n ?? 0;
  return {
    since,
    newCovered: of(found, (r) => r.verdict === 'covered'),
    newReview: of(found, (r) => r.verdict === 'review'),
    remediated: of(decided, (r) => r.s === 'remediated'),
    accepted: of(decided, (r) => r.s === 'accepted'),
  };
}

export function overviewData(store: Store, now = Date.now()): OverviewData {
  const db = store.db;
  const verdicts = db
    .prepare(
      "SELECT verdict key, count(*) n FROM assets GROUP BY verdict ORDER BY CASE verdict WHEN 'covered' THEN 0 WHEN 'review' THEN 1 ELSE 2 END",
    )
    .all() as Count[];
  const entities = db
    .prepare(
      `SELECT entity key, count(*) n, sum(verdict = 'covered') covered, sum(verdict = 'review') review
       FROM assets WHERE entity IS NOT NULL AND verdict IN ('covered', 'review') GROUP BY entity ORDER BY n DESC, key`,
    )
    .all() as OverviewData['entities'];
  const lists = db
    .prepare(
      `SELECT json_extract(l.value, '$.id') key, count(*) n FROM findings f, json_each(f.lists) l
       WHERE f.active = 1 AND f.status != 'remediated' GROUP BY key ORDER BY n DESC, key`,
    )
    .all() as Count[];
  const sources = db
    .prepare('SELECT source key, count(DISTINCT asset_id) n FROM observations GROUP BY source ORDER BY key')
    .all() as Count[];
  const lastSweep = db.prepare('SELECT started_at at FROM sweeps ORDER BY id DESC LIMIT 1').get() as
    | { at: string }
    | undefined;
  const cut = staleBefore(store.settings, now);
  const staleAgents = store
    .listAgents()
    .filter((a) => !a.revokedAt && a.lastSeen < cut)
    .map((a) => ({ id: a.id, hostname: a.hostname ?? null, lastSeen: a.lastSeen }));
  return {
    verdicts,
    entities,
    lists,
    sources,
    sinceLastSweep: lastSweep ? changesSince(store, lastSweep.at) : null,
    lastWeek: changesSince(store, new Date(now - WEEK_MS).toISOString()),
    staleAgents,
    catalogVersion: store.judging.catalog.version,
    policy: store.judging.policyId,
  };
}
