// Decisions about findings as an attestation shows them: the status of every active finding that was
// decided (accepted or remediated, or reopened), with who decided, why and when.
import type Database from 'better-sqlite3';
import type { FindingDecision } from './store';

export function findingDecisions(db: Database.Database): Map<number, FindingDecision> {
  const rows = db
    .prepare(
      `SELECT id, status, status_by "by", status_why why, status_at "at" FROM findings
       WHERE active = 1 AND status_at IS NOT NULL`,
    )
    .all() as (FindingDecision & { id: number })[];
  return new Map(rows.map(({ id, ...d }) => [id, d]));
}
