// What the overview shows: counts by verdict, entity, list and source (kept on write: migration 12); what
// changed since the last sweep started and over the last week (index ranges); stale agents.
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
  /** The first STALE_AGENTS_SHOWN stale agents (by enrollment); staleAgentCount says how many in all. */
  staleAgents: { id: string; hostname: string | null; lastSeen: string }[];
  staleAgentCount: number;
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

/** How many stale agents the overview lists (it says how many there are in all). */
export const STALE_AGENTS_SHOWN = 100;

const VERDICT_ORDER: Record<string, number> = { covered: 0, review: 1 };

/**
 * The maintained counts (migration 12's overview_counts, kept by triggers on every write): one small-table
 * read instead of grouping whole tables. overview-counts.test.ts holds them equal to the tables' own counts.
 */
export function maintainedCounts(
  store: Store,
): Pick<OverviewData, 'verdicts' | 'entities' | 'lists' | 'sources'> {
  const rows = store.db.prepare('SELECT dim, key, n FROM overview_counts WHERE n > 0').all() as {
    dim: string;
    key: string;
    n: number;
  }[];
  const of = (dim: string) => rows.filter((r) => r.dim === dim).map(({ key, n }) => ({ key, n }));
  const byCount = (a: Count, b: Count) => b.n - a.n || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const entities = new Map<string, Count & { covered: number; review: number }>();
  for (const r of rows) {
    if (r.dim !== 'covered' && r.dim !== 'review') continue;
    const e = entities.get(r.key) ?? { key: r.key, n: 0, covered: 0, review: 0 };
    e[r.dim] += r.n;
    e.n += r.n;
    entities.set(r.key, e);
  }
  return {
    verdicts: of('verdict').sort((a, b) => (VERDICT_ORDER[a.key] ?? 2) - (VERDICT_ORDER[b.key] ?? 2)),
    entities: [...entities.values()].sort(byCount),
    lists: of('list').sort(byCount),
    sources: of('source').sort((a, b) => (a.key < b.key ? -1 : 1)),
  };
}

export function overviewData(store: Store, now = Date.now()): OverviewData {
  const db = store.db;
  const lastSweep = db.prepare('SELECT started_at at FROM sweeps ORDER BY id DESC LIMIT 1').get() as
    | { at: string }
    | undefined;
  const cut = staleBefore(store.settings, now);
  // Straight from the agents table: listAgents() counts every agent's assets, 20,000 lookups at 100,000 assets.
  const stale = db
    .prepare('SELECT count(*) n FROM agents WHERE revoked_at IS NULL AND last_seen < ?')
    .get(cut) as {
    n: number;
  };
  const staleAgents = db
    .prepare(
      `SELECT id, hostname, last_seen lastSeen FROM agents WHERE revoked_at IS NULL AND last_seen < ?
       ORDER BY enrolled_at LIMIT ?`,
    )
    .all(cut, STALE_AGENTS_SHOWN) as OverviewData['staleAgents'];
  return {
    ...maintainedCounts(store),
    sinceLastSweep: lastSweep ? changesSince(store, lastSweep.at) : null,
    lastWeek: changesSince(store, new Date(now - WEEK_MS).toISOString()),
    staleAgents,
    staleAgentCount: stale.n,
    catalogVersion: store.judging.catalog.version,
    policy: store.judging.policyId,
  };
}
