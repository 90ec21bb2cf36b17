// The address that decides an asset's site (sites.ts), in SQL, for `assets a`: an agent's assets are where
// the agent is, so its endpoint's IP decides theirs.
export const SITE_IP_SQL = `CASE WHEN a.agent_id IS NULL OR a.kind = 'endpoint' THEN a.ip
  ELSE coalesce((SELECT e.ip FROM assets e WHERE e.agent_id = a.agent_id AND e.kind = 'endpoint'
    ORDER BY e.last_seen DESC LIMIT 1), a.ip) END`;
