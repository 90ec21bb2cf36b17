// When an asset was last seen, in SQL, for `assets a LEFT JOIN agents g ON g.id = a.agent_id`: an agent's
// asset in its current inventory (last_seen >= inventory_at, see migration 2) was seen again at the
// agent's last report, even when that report was an unchanged one that rewrote no asset row.
// Stored as assets.seen_at and kept by triggers (migration 10); COMPUTED_LAST_SEEN_SQL is what it must equal.
export const LAST_SEEN_SQL = 'a.seen_at';
export const COMPUTED_LAST_SEEN_SQL =
  'CASE WHEN a.last_seen >= g.inventory_at AND g.last_report > a.last_seen THEN g.last_report ELSE a.last_seen END';
