// Where each agent is: the IP of the endpoint it reports last (an agent's assets take its site, sites.ts).
import type Database from 'better-sqlite3';

export function agentAddresses(db: Database.Database): Map<string, string | null> {
  const rows = db
    .prepare(
      `SELECT agent_id agentId, ip FROM assets WHERE kind = 'endpoint' AND agent_id IS NOT NULL
       ORDER BY last_seen`,
    )
    .all() as { agentId: string; ip: string | null }[];
  // Latest last: it wins.
  return new Map(rows.map((r) => [r.agentId, r.ip]));
}
