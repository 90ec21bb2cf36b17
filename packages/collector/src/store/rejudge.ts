// Re-judging: when the catalog or the policy changes, every stored asset is judged again from its stored
// observations (the current one of each source, read as ingest reads them: stored-observation.ts),
// through the same identify() + judge() + assetVendor() as ingest. An asset records the catalog and
// policy of its verdict, so the work is resumable: whatever is left after a crash or a stop is still
// "due" at the next start. It runs in steps, each one short transaction bounded in time, so a collector
// keeps acknowledging reports in between. A verdict that moved (verdict, entity or the lists that name
// it) is written to the audit log with the catalog versions before and after.
import { assetVendor, dedupeEvidence, judge, type ListRef, type Verdict } from '@coverscan/shared';
import { sleepSync } from '../sleep-sync';
import type { Judging } from './judging';
import type { Store } from './store';
import { decodeObservation, evidenceOf, type ObservationRow } from './stored-observation';
import { type Judged, moved } from './verdict-changes';
import { verdictColumns } from './verdict-columns';

export interface RejudgeStep {
  judged: number;
  changed: number;
  /** Nothing is due any more. */
  done: boolean;
}

export interface RejudgeTotals {
  judged: number;
  changed: number;
  ms: number;
  /** The longest step (one transaction): how long ingest may wait behind re-judging. */
  maxStepMs: number;
}

interface DueAsset {
  id: number;
  verdict: Verdict['verdict'];
  entity: string | null;
  lists: string;
  first_seen: string;
  last_seen: string;
  judged_catalog: number | null;
  judged_policy: string | null;
}

const CHUNK = 64;

export class Rejudger {
  private cursor = 0;
  private readonly s;

  constructor(private readonly store: Store) {
    const p = (sql: string) => store.db.prepare(sql);
    this.s = {
      due: p(
        `SELECT id, verdict, entity, lists, first_seen, last_seen, judged_catalog, judged_policy FROM assets
         WHERE id > ? AND (judged_catalog IS NOT ? OR judged_policy IS NOT ?) ORDER BY id LIMIT ?`,
      ),
      current: p(
        'SELECT payload, format, codec, agent_id FROM observations WHERE asset_id = ? AND current = 1 ORDER BY id',
      ),
      activeFinding: p('SELECT id FROM findings WHERE asset_id = ? AND active = 1').pluck(),
      update: p(
        `UPDATE assets SET vendor = ?, verdict = ?, entity = ?, entity_name = ?, reason = ?, lists = ?, evidence = ?,
           judged_catalog = ?, judged_policy = ? WHERE id = ?`,
      ),
      audit: p(
        `INSERT INTO audit_log (at, finding_id, asset_id, action, from_status, to_status, by, why, catalog_from, catalog_to, detail)
         VALUES (?, ?, ?, 'rejudged', ?, ?, 'collector', ?, ?, ?, ?)`,
      ),
    };
  }

  /** Assets judged with another catalog or policy than the store's. */
  due(): number {
    const j = this.store.judging;
    return this.store.settings.pending(j);
  }

  /** Re-judges due assets until `budgetMs` is spent or none is left, in one transaction (a savepoint inside a caller's). */
  step(budgetMs = 20): RejudgeStep {
    this.store.followJudging();
    return this.store.transaction(() => this.judgeFor(budgetMs));
  }

  /**
   * Every due asset, step after step (each its own transaction); for commands that run it to the end.
   * Every second of work it leaves the database alone for a little longer than SQLite's busy handler
   * sleeps between tries (100 ms), so another process's writes get in rather than time out.
   */
  runAll(onStep?: (t: RejudgeTotals) => void, budgetMs = 50): RejudgeTotals {
    const t: RejudgeTotals = { judged: 0, changed: 0, ms: 0, maxStepMs: 0 };
    const t0 = performance.now();
    let worked = 0;
    for (;;) {
      if (worked >= 1000) {
        sleepSync(120);
        worked = 0;
      }
      const s0 = performance.now();
      const r = this.step(budgetMs);
      t.maxStepMs = Math.max(t.maxStepMs, performance.now() - s0);
      worked += performance.now() - s0;
      t.judged += r.judged;
      t.changed += r.changed;
      t.ms = performance.now() - t0;
      onStep?.(t);
      if (r.done) return t;
    }
  }

  private judgeFor(budgetMs: number): RejudgeStep {
    const j = this.store.judging;
    const versions = new Map(this.store.settings.list().map((c) => [c.id, c.version]));
    const at = new Date().toISOString();
    const t0 = performance.now();
    const r: RejudgeStep = { judged: 0, changed: 0, done: false };
    for (;;) {
      const due = this.s.due.all(this.cursor, j.catalogId, j.policyId, CHUNK) as DueAsset[];
      if (!due.length) {
        // One more pass from the start: an asset stored meanwhile with an older catalog's evidence.
        if (this.cursor === 0) return { ...r, done: true };
        this.cursor = 0;
        continue;
      }
      for (const a of due) {
        this.cursor = a.id;
        if (this.judgeOne(a, j, at, versions)) r.changed++;
        r.judged++;
        if (performance.now() - t0 >= budgetMs) return r;
      }
    }
  }

  /** Judges one asset again; true when its verdict moved (then it is in the audit log). */
  private judgeOne(a: DueAsset, j: Judging, at: string, versions: Map<number, string>): boolean {
    const rows = this.s.current.all(a.id) as ObservationRow[];
    // Ingest judged the newest row's observations first, then the other sources' in row order: the same
    // order here gives the same verdict when nothing but the catalog changed.
    const ordered = rows.length > 1 ? [rows[rows.length - 1], ...rows.slice(0, -1)] : rows;
    const seen = ordered.map(decodeObservation);
    const cache = this.store.identifyCache;
    const v = judge(dedupeEvidence(seen.flatMap((o) => evidenceOf(o, cache))), {
      catalog: j.catalog,
      policy: j.policy,
    });
    const vendor = assetVendor(
      v,
      seen.flatMap((o) => o.observations),
      seen.find((o) => o.vendor)?.vendor ?? null,
      j.catalog,
    );
    this.s.update.run(vendor, ...verdictColumns(v), j.catalogId, j.policyId, a.id);
    const before: Judged = {
      verdict: a.verdict,
      entity: a.entity,
      lists: listIds(JSON.parse(a.lists) as ListRef[]),
    };
    const after: Judged = { verdict: v.verdict, entity: v.entity, lists: listIds(v.lists) };
    const wasFinding = this.s.activeFinding.get(a.id) as number | undefined;
    const finding = this.store.recordFinding(a.id, v, at, { firstSeen: a.first_seen, lastSeen: a.last_seen });
    if (!moved(before, after)) return false;
    this.s.audit.run(
      at,
      finding ?? wasFinding ?? null,
      a.id,
      a.verdict,
      v.verdict,
      v.reason,
      a.judged_catalog === null ? null : (versions.get(a.judged_catalog) ?? null),
      j.version,
      JSON.stringify({ from: before, to: after, policy: { from: a.judged_policy, to: j.policyId } }),
    );
    return true;
  }
}

const listIds = (lists: ListRef[]) => [...new Set(lists.map((l) => l.id))].sort();
