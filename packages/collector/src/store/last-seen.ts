// When an asset was last seen, in SQL, for `assets a LEFT JOIN agents g ON g.id = a.agent_id` (LAST_SEEN_JOIN):
// an agent's asset in its current inventory (last_seen >= inventory_at, see migration 2) was seen again at the
// agent's last report, even when that report was an unchanged one that rewrote no asset row.
// Computed, not stored: migration 10 stored it per asset, kept by a trigger on every report, and that rewrite
// of each asset row cost ~0.15 ms per report (migration 13 says so). The assets list sorts and filters on it
// through two indexes instead (asset-list.ts).
export const LAST_SEEN_JOIN = 'LEFT JOIN agents g ON g.id = a.agent_id';
/** Whether the asset is in its agent's current inventory and was seen again by a later report. */
export const SEEN_BY_AGENT_SQL = '(a.last_seen >= g.inventory_at AND g.last_report > a.last_seen)';
export const LAST_SEEN_SQL = `CASE WHEN ${SEEN_BY_AGENT_SQL} THEN g.last_report ELSE a.last_seen END`;
