// When an asset was last seen, in SQL, for `assets a LEFT JOIN agents g ON g.id = a.agent_id`: an agent's
// asset in its current inventory (last_seen >= inventory_at, see migration 2) was seen again at the
// agent's last report, even when that report was an unchanged one that rewrote no asset row.
// Stored (migration 10: assets.seen_at where it differs from last_seen, kept by triggers, indexed as this
// very expression); COMPUTED_LAST_SEEN_SQL is what it must equal.
export const LAST_SEEN_SQL = 'coalesce(a.seen_at, a.last_seen)';
export const COMPUTED_LAST_SEEN_SQL =
  'CASE WHEN a.last_seen >= g.inventory_at AND g.last_report > a.last_seen THEN g.last_report ELSE a.last_seen END';
