// What decides an asset's site (sites.ts), in SQL, for `assets a`: the site its agent was enrolled for
// (`enroll create --site`, an operator's word), else an address the site's ranges are matched against — an
// agent's assets are where the agent is, so its endpoint's IP decides theirs. The label wins over the
// ranges: an operator who named the site knows better than an address behind NAT or VPN.
// The value is a "site key": an IP address, or ENROLLED_PREFIX + a site name; siteResolver() reads both.
export const ENROLLED_PREFIX = 'enrolled:';

/** The site key an agent's enrollment names (SQL, for the agent id expression given), or NULL. */
export function enrolledSiteSql(agentId: string): string {
  return `(SELECT '${ENROLLED_PREFIX}' || es_s.name FROM agents es_g
    JOIN enroll_secrets es ON es.id = es_g.enroll_secret_id JOIN sites es_s ON es_s.id = es.site_id
    WHERE es_g.id = ${agentId})`;
}

export const SITE_IP_SQL = `coalesce(${enrolledSiteSql('a.agent_id')}, CASE WHEN a.agent_id IS NULL OR a.kind = 'endpoint' THEN a.ip
  ELSE coalesce((SELECT e.ip FROM assets e WHERE e.agent_id = a.agent_id AND e.kind = 'endpoint'
    ORDER BY e.last_seen DESC LIMIT 1), a.ip) END)`;
