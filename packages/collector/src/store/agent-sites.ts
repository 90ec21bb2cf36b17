// Where each agent is: the IP of the endpoint it reports last, and its site key (site-ip.ts: its
// enrollment's site, else that IP), which siteResolver() turns into the site its assets take.
import type Database from 'better-sqlite3';
import { enrolledSiteSql } from './site-ip';

export function agentAddresses(
  db: Database.Database,
): Map<string, { ip: string | null; siteKey: string | null }> {
  const rows = db
    .prepare(
      `SELECT g.id agentId, (SELECT e.ip FROM assets e WHERE e.agent_id = g.id AND e.kind = 'endpoint'
         ORDER BY e.last_seen DESC LIMIT 1) ip, ${enrolledSiteSql('g.id')} enrolled FROM agents g`,
    )
    .all() as { agentId: string; ip: string | null; enrolled: string | null }[];
  return new Map(rows.map((r) => [r.agentId, { ip: r.ip, siteKey: r.enrolled ?? r.ip }]));
}
