// What moved: verdicts re-judged (rejudge.ts) since a catalog version or a date, read from the audit log.
// One entry per asset, from what it was before the first change to what it is after the last; an asset
// that moved and came back is left out (the audit log keeps every step).
import type Database from 'better-sqlite3';
import { compareVersions } from '../catalog/bundle';

export interface Judged {
  verdict: string;
  entity: string | null;
  lists: string[];
}

/** Whether a verdict moved: another verdict, entity, or set of lists naming it. */
export function moved(a: Judged, b: Judged): boolean {
  return a.verdict !== b.verdict || a.entity !== b.entity || a.lists.join() !== b.lists.join();
}

export interface VerdictChange {
  /** When the last change was recorded. */
  at: string;
  from: Judged;
  to: Judged;
  /** Catalog versions before the first change and after the last (null: judged before versions were kept). */
  catalogFrom: string | null;
  catalogTo: string | null;
  policyFrom: string | null;
  policyTo: string | null;
  /** Why the verdict is what it is now. */
  reason: string | null;
}

interface Entry {
  at: string;
  asset_id: number;
  why: string | null;
  catalog_from: string | null;
  catalog_to: string | null;
  detail: string;
}

const isDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(s);

/**
 * Verdict changes since `since`: a date (`YYYY-MM-DD` or an ISO time: changes recorded from then on) or
 * a catalog version as `coverscan catalog show` prints it (or a digest prefix): changes recorded after
 * the collector judged with that catalog, the move to it excluded.
 */
export function verdictChangesSince(db: Database.Database, since: string): Map<number, VerdictChange> {
  let entries: Entry[];
  const cols = 'at, asset_id, why, catalog_from, catalog_to, detail';
  if (isDate(since)) {
    const from = /[T ]/.test(since) ? new Date(since).toISOString() : since;
    entries = db
      .prepare(`SELECT ${cols} FROM audit_log WHERE action = 'rejudged' AND at >= ? ORDER BY id`)
      .all(from) as Entry[];
  } else {
    const known = db.prepare('SELECT version, digest, recorded_at FROM catalogs ORDER BY id').all() as {
      version: string;
      digest: string;
      recorded_at: string;
    }[];
    const match = known.filter(
      (c) => c.version === since || (since.length >= 7 && c.digest.startsWith(since)),
    );
    if (!match.length)
      throw new Error(
        `no catalog "${since}" was used by this collector; known: ${[...new Set(known.map((c) => c.version))].join(', ') || 'none'} (or give a date, YYYY-MM-DD)`,
      );
    const version = match[0].version;
    entries = (
      db
        .prepare(`SELECT ${cols} FROM audit_log WHERE action = 'rejudged' AND at >= ? ORDER BY id`)
        .all(match[0].recorded_at) as Entry[]
    ).filter(
      (e) =>
        // Not the move to that catalog itself, nor anything judged with an older one.
        !(e.catalog_to === version && e.catalog_from !== version) &&
        (e.catalog_to === null || compareVersions(e.catalog_to, version) !== 'older'),
    );
  }
  const out = new Map<number, VerdictChange>();
  for (const e of entries) {
    const d = JSON.parse(e.detail) as {
      from: Judged;
      to: Judged;
      policy?: { from: string | null; to: string };
    };
    const prior = out.get(e.asset_id);
    out.set(e.asset_id, {
      at: e.at,
      from: prior?.from ?? d.from,
      to: d.to,
      catalogFrom: prior ? prior.catalogFrom : e.catalog_from,
      catalogTo: e.catalog_to,
      policyFrom: prior ? prior.policyFrom : (d.policy?.from ?? null),
      policyTo: d.policy?.to ?? null,
      reason: e.why,
    });
  }
  for (const [id, c] of out) if (!moved(c.from, c.to)) out.delete(id);
  return out;
}
