// `coverscan assets prune --older-than DURATION`: assets not seen since then are removed with what hangs
// on them (observations, identities, findings), each with an audit entry that keeps what it was (kind,
// names, addresses, verdict, findings and their status): the audit trail outlives the asset. Devices
// attached to a removed asset stay, detached. An agent whose asset goes is asked for its inventory in
// full next time (its digest no longer names anything stored).
import { LAST_SEEN_JOIN, LAST_SEEN_SQL } from './last-seen';
import type { Store } from './store';

export interface PrunedAsset {
  id: number;
  kind: string;
  hostname: string | null;
  ip: string | null;
  mac: string | null;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  verdict: string;
  entity: string | null;
  agentId: string | null;
  firstSeen: string;
  lastSeen: string;
}

const BATCH = 500;

/** Assets last seen before `before` (ISO time); removed unless `dryRun`. */
export function pruneAssets(
  store: Store,
  before: string,
  o: { dryRun?: boolean; by: string },
): PrunedAsset[] {
  const db = store.db;
  const old = db
    .prepare(
      `SELECT a.id, a.kind, a.hostname, a.ip, a.mac, a.vendor, a.model, a.serial, a.verdict, a.entity,
         a.agent_id agentId, a.first_seen firstSeen, ${LAST_SEEN_SQL} lastSeen
       FROM assets a ${LAST_SEEN_JOIN} WHERE ${LAST_SEEN_SQL} < ? ORDER BY a.id`,
    )
    .all(before) as PrunedAsset[];
  if (o.dryRun) return old;
  const findings = db.prepare(
    'SELECT id, entity, verdict, status, status_why why, active FROM findings WHERE asset_id = ?',
  );
  const audit = db.prepare(
    `INSERT INTO audit_log (at, finding_id, asset_id, action, from_status, to_status, by, why, detail)
     VALUES (?, ?, ?, 'pruned', ?, NULL, ?, ?, ?)`,
  );
  const del = db.prepare('DELETE FROM assets WHERE id = ?');
  const forget = db.prepare('UPDATE agents SET inventory_hash = NULL WHERE id = ?');
  const at = new Date().toISOString();
  // Short transactions: a collector serving the same file keeps committing in between.
  for (let i = 0; i < old.length; i += BATCH)
    store.transaction(() => {
      for (const a of old.slice(i, i + BATCH)) {
        const f = findings.all(a.id) as { id: number; active: number }[];
        audit.run(
          at,
          f.find((x) => x.active)?.id ?? null,
          a.id,
          a.verdict,
          o.by,
          `not seen since ${a.lastSeen}`,
          JSON.stringify({ asset: a, findings: f }),
        );
        del.run(a.id);
        if (a.agentId) forget.run(a.agentId);
      }
    });
  return old;
}
