// The collector's store: one SQLite file (WAL) behind prepared statements. Every write path is one
// transaction. Assets come in as drafts from any source (agent, sweep, import) and go through the same
// path: identity merge → observations → identify() + judge() from the shared core → findings.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  type AssetDraft,
  type AssetKind,
  assetVendor,
  dedupeEvidence,
  type Identity,
  judge,
  type Verdict,
} from '@coverscan/shared';
import type Database from 'better-sqlite3';
import { sleepSync } from '../sleep-sync';
import {
  APPLICATION_ID,
  type DbAccess,
  deserialize,
  openDatabaseFile,
  StoreVersionError,
} from './database-file';
import { IdentifyCache } from './identify-cache';
import {
  draftIdentities,
  hardwareDiffers,
  identityMerges,
  kindRank,
  mayAbsorb,
  normIdentity,
  scopedIdentity,
} from './identity';
import { type Judging, JudgingSettings } from './judging';
import { LAST_SEEN_JOIN, LAST_SEEN_SQL } from './last-seen';
import { migrations, SCHEMA_VERSION } from './migrations';
import { type PreparedDraft, prepareDraft } from './prepared-draft';
import {
  pageExtras,
  type RawReportRow,
  REPORT_COLUMNS,
  REPORT_FROM,
  type RowExtras,
  rawRowReader,
  reportContext,
  reportPageRows,
  type StoredPage,
} from './report-page-rows';
import type { ReportRow } from './report-row';
import { staleBefore } from './staleness';
import {
  decodeObservation,
  evidenceOf,
  type ObservationRow,
  type StoredObservation,
} from './stored-observation';
import { verdictColumns } from './verdict-columns';

export { APPLICATION_ID, type DbAccess, MissingDatabaseError, StoreVersionError } from './database-file';
export type { ReportRow } from './report-row';

export interface IngestMeta {
  source: 'agent' | 'sweep' | 'import';
  agentId?: string;
  reportId?: string;
  sweepId?: number;
  at?: string;
}
export interface IngestResult {
  assets: number;
  findings: number;
}

/** Observation rows kept per (asset, source key); older ones are pruned. */
export const OBSERVATION_HISTORY = 3;

export interface EnrollSecretRow {
  id: number;
  label: string | null;
  createdAt: string;
  revokedAt: string | null;
  uses: number;
  lastUsed: string | null;
  /** The site its agents are at (enroll create --site), and 1 when they sweep for it. */
  site: string | null;
  sweeper: number;
}
export interface AgentRow {
  id: string;
  hostname: string | null;
  version: string | null;
  enrolledAt: string;
  lastSeen: string;
  lastReport: string | null;
  revokedAt: string | null;
  assets: number;
  /** Connections refused since it was revoked, and the last one. */
  refused: number;
  lastRefused: string | null;
}
export type AuthResult =
  /** `inventoryHash`: the digest of the agent's last stored inventory (read in the same lookup). */
  | { ok: true; inventoryHash: string | null }
  | { ok: false; code: 'node_invalid' }
  | { ok: false; code: 'revoked'; revokedAt: string };
export type EnrollResult =
  | { ok: true; agentId: string; nodeKey: string }
  | { ok: false; code: 'bad_secret' | 'revoked' };
export type FindingStatus = 'open' | 'accepted' | 'remediated';
/** How a sweep ended (migration 3). */
export type SweepStatus = 'done' | 'interrupted' | 'failed';

/** A finding's status as last set: by whom, why and when (null while it was never decided). */
export interface FindingDecision {
  status: FindingStatus;
  by: string | null;
  why: string | null;
  at: string | null;
}
export interface AuditEntry {
  at: string;
  findingId: number | null;
  assetId: number | null;
  action: string;
  from: string | null;
  to: string | null;
  by: string | null;
  why: string | null;
  /** A re-judged verdict: the catalog versions before and after. */
  catalogFrom: string | null;
  catalogTo: string | null;
  detail: Record<string, unknown> | null;
}

/** The columns an ingest sets on an asset row, in the order of its statements' parameters. */
const UPDATED_COLUMNS = [
  'kind',
  'ip',
  'mac',
  'hostname',
  'vendor',
  'model',
  'serial',
  'location',
  'attached_to',
  'agent_id',
  'verdict',
  'entity',
  'entity_name',
  'reason',
  'lists',
  'evidence',
  'incomplete',
  'judged_catalog',
  'judged_policy',
] as const;
type AssetColumns = [AssetKind, ...(string | number | null)[]];

/** An asset row as `SELECT *` reads it. */
interface AssetRec extends Record<(typeof UPDATED_COLUMNS)[number], unknown> {
  id: number;
  kind: AssetKind;
  ip: string | null;
  mac: string | null;
  hostname: string | null;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  location: string | null;
  attached_to: number | null;
  agent_id: string | null;
  incomplete: string | null;
}

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const newSecret = () => randomBytes(32).toString('base64url');

function sourceKey(d: AssetDraft, meta: IngestMeta): string {
  if (meta.agentId) return `agent:${meta.agentId}`;
  if (d.attachedTo) return `${meta.source}:via:${d.attachedTo.type}=${d.attachedTo.value.toLowerCase()}`;
  return `${meta.source}:direct`;
}

export class Store {
  readonly db: Database.Database;
  private readonly s: ReturnType<typeof prepare>;
  private readonly reportRowOf: (a: unknown[]) => RawReportRow;
  readonly identifyCache = new IdentifyCache();
  /** The catalog and policy settings (judging.ts). */
  readonly settings: JudgingSettings;
  private j: Judging | undefined;
  /** Called when the catalog or policy changed under this process (another command installed one). */
  onJudgingChange: ((j: Judging) => void) | undefined;

  /** The schema was created by this open (a new file): the command says so. */
  readonly created: boolean;

  private constructor(db: Database.Database, created: boolean) {
    this.db = db;
    this.created = created;
    this.s = prepare(db);
    this.reportRowOf = rawRowReader(this.s.reportPage);
    this.settings = new JudgingSettings(db);
  }

  /**
   * Opens the database as `access` says (see database-file.ts: nothing is created, written or chmod-ed
   * before the file is recognised as ours) and brings it to the current schema. A read-only open of an
   * older schema migrates a copy in memory: the file is left as it is.
   */
  static open(file: string, access: DbAccess = 'create'): Store {
    const f = openDatabaseFile(file, access, SCHEMA_VERSION);
    let db = f.db;
    try {
      if (access === 'read') {
        if (f.version < SCHEMA_VERSION) {
          const bytes = db.serialize();
          db.close();
          db = deserialize(bytes);
          migrate(db, file);
        }
        // Also a copy in memory refuses writes: nothing a reader does may look stored.
        db.pragma('query_only = ON');
      } else {
        db.pragma('journal_mode = WAL');
        // FULL: a commit is on disk before we ack it, even across power loss; group commit pays for it.
        db.pragma('synchronous = FULL');
        db.pragma('foreign_keys = ON');
        migrate(db, file);
      }
      db.pragma('busy_timeout = 10000');
      db.pragma('cache_size = -65536');
      // Reads straight from the OS's page cache, without a read() and a copy per page: a full export scans
      // more of the file than the cache above holds (~25 % of its SQL time). Writes still go through write().
      db.pragma('mmap_size = 1073741824');
      // Savepoint and statement journals in memory: on disk, SQLite spills them to a temporary file past
      // 64 KiB, which a group commit's savepoints (one per report, each rewriting an asset's indexes)
      // passed on nearly every report — an open, write and close per batch, and a write per page after.
      // Memory spent: copies of a transaction's own changed pages; a sort that no index serves (a temporary
      // b-tree) is held in memory too, as large as what it sorts.
      db.pragma('temp_store = MEMORY');
    } catch (e) {
      db.close();
      throw e;
    }
    return new Store(db, f.fresh);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  get schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  /** The catalog and policy verdicts are judged with (chosen and recorded on first use). */
  get judging(): Judging {
    this.j ??= this.settings.resolve();
    return this.j;
  }

  /** Chooses the catalog again and sets the policy (kept when not given); see judging.ts. */
  useJudging(policy?: Judging['policyId']): Judging {
    this.j = this.settings.resolve(policy);
    return this.j;
  }

  /** data_version when followJudging last read the settings (null: never). */
  private judgingReadAt: number | null = null;

  /**
   * Follows a catalog or policy another process recorded; true when it changed. Runs before every ingest:
   * the settings are read only when another connection committed since the last read (SQLite's data_version
   * moves for nothing else; this process changes its judging through useJudging).
   */
  followJudging(): boolean {
    const v = this.dataVersion();
    if (this.j && v === this.judgingReadAt) return false;
    this.judgingReadAt = v;
    const r = this.settings.recorded();
    const j = this.j;
    if (j && r.catalogId === j.catalogId && r.policyId === j.policyId) return false;
    const next = this.useJudging(r.policyId);
    if (j && next.catalogId === j.catalogId && next.policyId === j.policyId) return false;
    if (j) this.onJudgingChange?.(next);
    return !!j;
  }

  /**
   * Runs fn in one transaction (nested calls become savepoints). IMMEDIATE: the write lock is taken (or
   * waited for) first; a deferred transaction that reads and then writes fails at once with
   * SQLITE_BUSY when another process (a serving collector) committed in between.
   */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  // ---------------------------------------------------------------- ingest

  ingestAssets(drafts: AssetDraft[], meta: IngestMeta): IngestResult {
    const prepared = drafts.map((d) => prepareDraft(d, this.identifyCache));
    return this.transaction(() => this.ingestDrafts(prepared, meta));
  }

  /**
   * Like ingestAssets, in several short transactions (each at most about `stepMs` of work, every draft
   * whole), pausing `pauseMs` between them so that a serving collector's commits get the write lock in
   * between (a sweep's results can take seconds to store). Parents come first, so a neighbor's switch
   * is stored before the neighbor that resolves to it.
   */
  ingestAssetsInSteps(drafts: AssetDraft[], meta: IngestMeta, stepMs = 50, pauseMs = 25): IngestResult {
    const prepared = drafts
      .map((d) => prepareDraft(d, this.identifyCache))
      .sort((a, b) => Number(!!a.draft.attachedTo) - Number(!!b.draft.attachedTo));
    const res: IngestResult = { assets: 0, findings: 0 };
    const at = meta.at ?? new Date().toISOString();
    let i = 0;
    while (i < prepared.length) {
      if (i > 0) sleepSync(pauseMs);
      this.transaction(() => {
        this.followJudging();
        const t0 = performance.now();
        do {
          if (this.ingestOne(prepared[i], meta, at)) res.findings++;
          res.assets++;
          i++;
        } while (i < prepared.length && performance.now() - t0 < stepMs);
      });
    }
    return res;
  }

  private ingestDrafts(drafts: PreparedDraft[], meta: IngestMeta): IngestResult {
    this.followJudging();
    const at = meta.at ?? new Date().toISOString();
    const res: IngestResult = { assets: 0, findings: 0 };
    // Parents first, so a peripheral's attachedTo resolves to the endpoint of the same batch.
    const ordered = [...drafts].sort((a, b) => Number(!!a.draft.attachedTo) - Number(!!b.draft.attachedTo));
    for (const d of ordered) {
      const flagged = this.ingestOne(d, meta, at);
      res.assets++;
      if (flagged) res.findings++;
    }
    return res;
  }

  /** Stores one draft; returns whether its asset is flagged (covered or review). */
  private ingestOne(p: PreparedDraft, meta: IngestMeta, at: string): boolean {
    const s = this.s;
    const d = p.draft;
    const ids = draftIdentities(d);
    const matched = new Set<number>();
    const owners: (number | undefined)[] = [];
    for (const id of ids) {
      const row = s.findIdentity.get(id.type, id.value) as { asset_id: number; kind: AssetKind } | undefined;
      owners.push(row?.asset_id);
      if (
        row &&
        identityMerges(id.type, d.kind, row.kind) &&
        (id.type !== 'machine' || !hardwareDiffers(ids, s.identitiesOf.all(row.asset_id) as Identity[]))
      )
        matched.add(row.asset_id);
    }
    // A draft does not absorb what another source found, when one of them is an agent's, unless they
    // agree beyond one value (identity.ts, mayAbsorb): that asset is left as it is, this draft's asset is
    // kept apart (found again under identities scoped to its source) and the conflict is recorded.
    // A peripheral already hanging off the machine this draft hangs off is that machine's (a re-enrolled
    // agent's phone): no other source's.
    const parent = d.attachedTo ? this.resolve(d.attachedTo) : null;
    const scope = meta.agentId ? `agent=${meta.agentId}` : meta.source;
    const blocked = new Set<number>();
    for (const a of matched) {
      const rec = s.assetOwner.get(a) as {
        kind: AssetKind;
        agent_id: string | null;
        attached_to: number | null;
      };
      const crosses = meta.agentId ? rec.agent_id !== meta.agentId : rec.agent_id !== null;
      const sameParent = parent !== null && rec.attached_to === parent;
      if (!crosses || sameParent || mayAbsorb(ids, d.kind, s.identitiesOf.all(a) as Identity[], rec.kind))
        continue;
      matched.delete(a);
      blocked.add(a);
    }
    if (blocked.size)
      for (const id of ids) {
        const row = s.findIdentity.get(id.type, scopedIdentity(id, scope).value) as
          | { asset_id: number }
          | undefined;
        if (row) matched.add(row.asset_id);
      }
    let attachedTo = parent;
    const key = sourceKey(d, meta);
    const hash = p.hash;

    let assetId: number;
    let merged = false;
    // A new asset is judged first and inserted once with its final columns: an insert followed by an
    // update would write each of the assets table's indexes twice.
    let fresh: Verdict | null = null;
    if (matched.size === 0) {
      // No other source has seen a new asset: its own evidence is all there is.
      fresh = this.judgeDraft(p, []);
      assetId = Number(
        s.insertAsset.run(...this.assetColumns(p, meta, null, attachedTo, fresh, []), at, at).lastInsertRowid,
      );
    } else {
      const [keep, ...others] = [...matched].sort((a, b) => a - b);
      assetId = keep;
      for (const o of others) this.mergeAsset(o, keep);
      merged = others.length > 0;
    }
    // A device's own MAC in its own neighbor table must not make it its own parent.
    if (attachedTo === assetId) attachedTo = null;

    const cur = fresh ? undefined : (s.currentObservation.get(assetId, key) as { hash: string } | undefined);
    const unchanged = cur !== undefined && cur.hash === hash && !merged;
    // Like the asset row, an identity is rewritten when it is new, moves, or comes with a changed observation.
    ids.forEach((id, i) => {
      const owner = owners[i];
      if (owner !== undefined && blocked.has(owner)) {
        // Held by the asset another source found: this asset takes it scoped to its source.
        const scoped = scopedIdentity(id, scope);
        if (!s.findIdentity.get(scoped.type, scoped.value))
          this.recordIdentityConflict(owner, assetId, id, meta, at);
        s.upsertIdentity.run(scoped.type, scoped.value, assetId, at, at);
        return;
      }
      if (!unchanged || owner !== assetId) s.upsertIdentity.run(id.type, id.value, assetId, at, at);
    });
    if (unchanged) {
      // Nothing changed: only the sighting time moves.
      s.touchAsset.run(at, assetId);
      s.touchFindings.run(at, assetId);
      return (s.assetVerdict.get(assetId) as { verdict: string }).verdict !== 'clear';
    }

    if (!fresh) s.retireObservations.run(assetId, key);
    s.insertObservation.run(
      assetId,
      meta.source,
      key,
      meta.agentId ?? null,
      meta.reportId ?? null,
      meta.sweepId ?? null,
      at,
      hash,
      Buffer.isBuffer(p.payload)
        ? p.payload
        : Buffer.from(p.payload.buffer, p.payload.byteOffset, p.payload.byteLength),
      p.format ?? 'draft',
      p.codec,
    );
    // Only an asset seen before from this source can have history to trim.
    if (cur) s.pruneObservations.run(assetId, key, assetId, key, OBSERVATION_HISTORY);

    let v = fresh;
    if (!v) {
      const prev = s.getAsset.get(assetId) as AssetRec;
      // Same as identify(own observations + other sources' current ones): dedupe keeps first occurrences.
      const other = this.otherObservations(assetId, key);
      v = this.judgeDraft(p, other);
      const cols = this.assetColumns(p, meta, prev, attachedTo, v, other);
      // A changed observation that leaves every column as it was (a package upgrade on a clear machine)
      // moves only the sighting time: rewriting the row would rewrite every index on it.
      if (UPDATED_COLUMNS.every((c, i) => prev[c] === cols[i])) s.touchAsset.run(at, assetId);
      else s.updateAsset.run(...cols, at, assetId);
    }
    this.recordFinding(assetId, v, at);
    return v.verdict !== 'clear';
  }

  /** The verdict on a draft's evidence with the current observations of the asset's other sources. */
  private judgeDraft(p: PreparedDraft, other: StoredObservation[]): Verdict {
    const others = other.flatMap((o) => evidenceOf(o, this.identifyCache));
    const j = this.judging;
    return judge(dedupeEvidence([...p.evidence, ...others]), { catalog: j.catalog, policy: j.policy });
  }

  /**
   * The asset row's columns (UPDATED_COLUMNS' order) once this draft is stored: `prev` is the row before,
   * null for a new asset; `other` the other sources' current observations, which the vendor column weighs.
   */
  private assetColumns(
    p: PreparedDraft,
    meta: IngestMeta,
    prev: AssetRec | null,
    attachedTo: number | null,
    v: Verdict,
    other: StoredObservation[],
  ): AssetColumns {
    const d = p.draft;
    const j = this.judging;
    const wins = !prev || kindRank[d.kind] >= kindRank[prev.kind];
    const pick = <T>(mine: T | null, theirs: T | null | undefined): T | null =>
      wins ? (mine ?? theirs ?? null) : (theirs ?? mine);
    // Only a source that reads the device itself says what it missed (a neighbor sighting says nothing).
    const incomplete =
      d.incomplete === undefined
        ? (prev?.incomplete ?? null)
        : d.incomplete.length
          ? JSON.stringify(d.incomplete)
          : null;
    return [
      wins ? d.kind : (prev as AssetRec).kind,
      pick(d.ip, prev?.ip),
      pick(d.mac, prev?.mac),
      pick(d.hostname, prev?.hostname),
      // Named from the same evidence as the verdict; the source's registry name only as a fallback.
      assetVendor(
        v,
        [...d.observations, ...other.flatMap((o) => o.observations)],
        pick(d.vendor, prev?.vendor),
        j.catalog,
      ),
      pick(d.model, prev?.model),
      pick(d.serial, prev?.serial),
      d.location ?? prev?.location ?? null,
      // A neighbor sighting never re-parents an endpoint or a device under a switch.
      wins ? (attachedTo ?? prev?.attached_to ?? null) : (prev as AssetRec).attached_to,
      // An asset belongs to the agent reporting it now (a re-enrolled agent takes its machine over).
      meta.agentId && wins ? meta.agentId : (prev?.agent_id ?? meta.agentId ?? null),
      ...verdictColumns(v),
      incomplete,
      // Evidence prepared with another catalog (a worker's, before it heard of an update): due again.
      p.catalog === undefined || p.catalog === j.digest ? j.catalogId : null,
      j.policyId,
    ];
  }

  /**
   * A source reported an identity of an asset another source found (one of them an agent), without a
   * second one that agrees: both assets stay, and each gets an audit entry that the report shows
   * (`identityConflict`).
   */
  private recordIdentityConflict(
    theirs: number,
    mine: number,
    id: Identity,
    meta: IngestMeta,
    at: string,
  ): void {
    const other = this.s.getAsset.get(theirs) as AssetRec;
    const what = [other.kind, other.vendor, other.model, other.hostname ?? other.ip]
      .filter(Boolean)
      .join(' ');
    const who = meta.agentId ? `agent ${meta.agentId}` : `a ${meta.source}`;
    const why = `${who} reported ${id.type} ${id.value}, which belongs to asset ${theirs} (${what}), with no other identity that agrees: kept as two assets (${theirs} and ${mine}); check which one it is`;
    const detail = JSON.stringify({
      source: meta.source,
      agentId: meta.agentId ?? null,
      identity: id,
      assets: [theirs, mine],
    });
    for (const assetId of [theirs, mine]) this.s.auditConflict.run(at, assetId, why, detail);
  }

  /** The current observations of an asset from every other source key. */
  private otherObservations(assetId: number, key: string): StoredObservation[] {
    return (this.s.otherObservations.all(assetId, key) as ObservationRow[]).map(decodeObservation);
  }

  private resolve(id: Identity): number | null {
    const n = normIdentity(id);
    const row = n
      ? (this.s.findIdentity.get(n.type, n.value) as { asset_id: number } | undefined)
      : undefined;
    return row?.asset_id ?? null;
  }

  /** Folds asset `from` into `into`: identities, observations, findings, children; then drops `from`. */
  private mergeAsset(from: number, into: number): void {
    const s = this.s;
    const a = s.getAsset.get(from) as AssetRec & { first_seen: string };
    const b = s.getAsset.get(into) as AssetRec;
    s.moveIdentities.run(into, from);
    s.moveObservations.run(into, from);
    s.moveChildren.run(into, from);
    // A finding for the same entity on both: keep the one on `into` (its status and audit trail).
    s.dropDuplicateFindings.run(from, into);
    s.moveFindings.run(into, from);
    const top = kindRank[a.kind] > kindRank[b.kind] ? a : b;
    const low = top === a ? b : a;
    s.mergeFields.run(
      top.kind,
      top.ip ?? low.ip,
      top.mac ?? low.mac,
      top.hostname ?? low.hostname,
      top.vendor ?? low.vendor,
      top.model ?? low.model,
      top.serial ?? low.serial,
      a.location ?? b.location,
      b.agent_id ?? a.agent_id,
      top.incomplete ?? low.incomplete,
      a.first_seen,
      into,
    );
    s.deleteAsset.run(from);
  }

  /**
   * Makes the asset's findings follow its verdict; returns the active finding's id. `rejudged`: the
   * verdict was judged again from stored observations (no sighting): a new finding takes the asset's
   * times, an existing one keeps its last-seen time and status (a remediated one is not reopened).
   */
  recordFinding(
    assetId: number,
    v: Verdict,
    at: string,
    rejudged?: { firstSeen: string; lastSeen: string },
  ): number | null {
    const s = this.s;
    if (v.verdict === 'clear' || !v.entity) {
      s.deactivateFindings.run(assetId, '');
      return null;
    }
    const existing = s.findingFor.get(assetId, v.entity) as { id: number; status: FindingStatus } | undefined;
    const lists = JSON.stringify(v.lists);
    const evidence = JSON.stringify(v.evidence);
    let id: number;
    if (!existing) {
      const [first, last] = rejudged ? [rejudged.firstSeen, rejudged.lastSeen] : [at, at];
      id = Number(
        s.insertFinding.run(assetId, v.entity, v.verdict, lists, evidence, v.reason, first, last)
          .lastInsertRowid,
      );
    } else if (rejudged) {
      id = existing.id;
      s.rejudgeFinding.run(v.verdict, lists, evidence, v.reason, id);
    } else {
      id = existing.id;
      s.updateFinding.run(v.verdict, lists, evidence, v.reason, at, existing.id);
      if (existing.status === 'remediated') {
        // It was said to be gone, and here it is again.
        s.setStatus.run('open', null, null, at, existing.id);
        s.audit.run(at, 'reopened', 'remediated', 'open', 'collector', 'seen again after remediation', id);
      }
    }
    s.deactivateFindings.run(assetId, v.entity);
    return id;
  }

  // ---------------------------------------------------------------- agent reports

  /** Whether this report id was already stored (a resend: ack again, store nothing). */
  hasReport(reportId: string): boolean {
    return this.s.hasReport.get(reportId) !== undefined;
  }

  /** Stores one agent report; idempotent on reportId. Returns false for an already stored id. */
  ingestReport(
    agentId: string,
    reportId: string,
    inventoryHash: string | null,
    drafts: PreparedDraft[],
    version: string | null = null,
    at?: string,
  ): boolean {
    const when = at ?? new Date().toISOString();
    return this.transaction(() => {
      if (this.s.hasReport.get(reportId)) return false;
      const r = this.ingestDrafts(drafts, { source: 'agent', agentId, reportId, at: when });
      this.s.insertReport.run(reportId, agentId, when, r.assets);
      this.s.agentReported.run(when, when, inventoryHash, when, r.assets, version, agentId);
      return true;
    });
  }

  /**
   * One part of a sweeper agent's sweep results, stored once per report id (a resend is acked, not stored
   * again) under its sweeps row; `then` runs in the same transaction (the run's bookkeeping). The assets are
   * the sweep's, not the agent's: no agent id goes on them.
   */
  ingestSweepPart(
    agentId: string,
    reportId: string,
    sweepId: number,
    drafts: PreparedDraft[],
    then: (r: IngestResult) => void,
    at?: string,
  ): boolean {
    const when = at ?? new Date().toISOString();
    return this.transaction(() => {
      if (this.s.hasReport.get(reportId)) return false;
      // Parents first, as in ingestAssetsInSteps: a neighbor's switch is stored before the neighbor.
      const sorted = [...drafts].sort((a, b) => Number(!!a.draft.attachedTo) - Number(!!b.draft.attachedTo));
      const r = this.ingestDrafts(sorted, { source: 'sweep', sweepId, reportId, at: when });
      this.s.insertReport.run(reportId, agentId, when, r.assets);
      then(r);
      return true;
    });
  }

  /**
   * An unchanged inventory re-reported: record the report and the agent's last report time; no asset or
   * finding row is rewritten (reportRows shows the agent's current assets as seen at its last report).
   * Returns false for an already stored report id.
   */
  touchReport(agentId: string, reportId: string, version: string | null = null, at?: string): boolean {
    const when = at ?? new Date().toISOString();
    return this.transaction(() => {
      if (this.s.hasReport.get(reportId)) return false;
      this.s.insertSameReport.run(reportId, agentId, when, agentId);
      this.s.agentSeen.run(when, when, version, agentId);
      return true;
    });
  }

  /** Forgets acked report ids older than the date (the idempotency window). */
  pruneReports(before: string): number {
    return this.s.pruneReports.run(before).changes;
  }

  // ---------------------------------------------------------------- sweeps

  startSweep(targets: string[], settings: Record<string, unknown>): number {
    return Number(
      this.s.startSweep.run(JSON.stringify(targets), JSON.stringify(settings), new Date().toISOString())
        .lastInsertRowid,
    );
  }

  finishSweep(id: number, counters: Record<string, number>, status: SweepStatus = 'done'): void {
    this.s.finishSweep.run(JSON.stringify(counters), status, new Date().toISOString(), id);
  }

  // ---------------------------------------------------------------- enrollment and agents

  createEnrollSecret(label?: string): { id: number; secret: string } {
    const secret = `cse_${newSecret()}`;
    const id = Number(
      this.s.insertSecret.run(sha256(secret), label ?? null, new Date().toISOString()).lastInsertRowid,
    );
    return { id, secret };
  }

  listEnrollSecrets(): EnrollSecretRow[] {
    return this.s.listSecrets.all() as EnrollSecretRow[];
  }

  /** Revokes an enrollment secret (agents already enrolled with it keep their node keys). */
  revokeEnrollSecret(id: number): boolean {
    return this.s.revokeSecret.run(new Date().toISOString(), id).changes > 0;
  }

  /** Enrolls a new agent with a secret; the node key is returned once and stored hashed. */
  enroll(secret: string, hostname: string, version: string): EnrollResult {
    return this.transaction(() => {
      const row = this.s.secretByHash.get(sha256(secret)) as
        | { id: number; revoked_at: string | null }
        | undefined;
      if (!row) return { ok: false, code: 'bad_secret' } as const;
      if (row.revoked_at) return { ok: false, code: 'revoked' } as const;
      const at = new Date().toISOString();
      const agentId = `ag_${randomBytes(12).toString('base64url')}`;
      const nodeKey = `csn_${newSecret()}`;
      this.s.insertAgent.run(agentId, hostname, sha256(nodeKey), row.id, version, at, at);
      this.s.useSecret.run(at, row.id);
      return { ok: true, agentId, nodeKey } as const;
    });
  }

  /** Checks an agent's node key (read-only: nothing is written for a connection that sends nothing). */
  authenticate(agentId: string, nodeKey: string): AuthResult {
    const row = this.s.agentAuth.get(agentId) as
      | { node_key_hash: string; revoked_at: string | null; inventory_hash: string | null }
      | undefined;
    if (!row) return { ok: false, code: 'node_invalid' };
    const a = Buffer.from(sha256(nodeKey), 'hex');
    const b = Buffer.from(row.node_key_hash, 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, code: 'node_invalid' };
    if (row.revoked_at) return { ok: false, code: 'revoked', revokedAt: row.revoked_at };
    return { ok: true, inventoryHash: row.inventory_hash };
  }

  /** An enrollment secret's standing, read only (a refused one costs no transaction and no fsync). */
  checkEnrollSecret(secret: string): 'ok' | 'bad_secret' | 'revoked' {
    const row = this.s.secretByHash.get(sha256(secret)) as { revoked_at: string | null } | undefined;
    return !row ? 'bad_secret' : row.revoked_at ? 'revoked' : 'ok';
  }

  /** When the agent was revoked (null: it was not, or there is no such agent). */
  agentRevokedAt(agentId: string): string | null {
    return (
      (this.s.agentRevoked.get(agentId) as { revoked_at: string | null } | undefined)?.revoked_at ?? null
    );
  }

  /** How many agents are revoked: a serving collector looks again only when this moved. */
  revokedAgentCount(): number {
    return (this.s.revokedCount.get() as { n: number }).n;
  }

  /** SQLite's data_version: it changes when another connection (another process) commits. */
  dataVersion(): number {
    return this.s.dataVersion.get() as number;
  }

  listAgents(): AgentRow[] {
    return this.s.listAgents.all() as AgentRow[];
  }

  /** A revoked agent tried again: counted, so `coverscan agents` shows which machines still try. */
  recordRefusal(agentId: string, at = new Date().toISOString()): void {
    this.s.agentRefused.run(at, agentId);
  }

  revokeAgent(id: string): boolean {
    return this.s.revokeAgent.run(new Date().toISOString(), id).changes > 0;
  }

  // ---------------------------------------------------------------- findings

  /** Sets a finding's status with who and why; every change is in the audit log. */
  /** Records a decision about a finding; returns the status it replaces, with who set it, why and when. */
  setFindingStatus(id: number, status: FindingStatus, by: string, why: string | null): FindingDecision {
    return this.transaction(() => {
      const f = this.s.findingById.get(id) as FindingDecision | undefined;
      if (!f) throw new Error(`no finding with id ${id}`);
      const at = new Date().toISOString();
      this.s.setStatus.run(status, by, why, at, id);
      this.s.audit.run(at, 'status', f.status, status, by, why, id);
      return f;
    });
  }

  /** The audit log (of one finding), oldest first: status changes, re-judged verdicts, pruned assets. */
  auditLog(findingId?: number): AuditEntry[] {
    return (
      this.s.auditLog.all(findingId ?? null, findingId ?? null) as (AuditEntry & { detail: string })[]
    ).map((r) => ({ ...r, detail: r.detail ? (JSON.parse(r.detail) as Record<string, unknown>) : null }));
  }

  /** How many re-judged verdicts moved since the time (audit entries). */
  verdictChangesRecordedSince(at: string): number {
    return (
      this.db.prepare("SELECT count(*) n FROM audit_log WHERE action = 'rejudged' AND at >= ?").get(at) as {
        n: number;
      }
    ).n;
  }

  // ---------------------------------------------------------------- reports

  reportRows(filter: ReportFilter = {}): ReportRow[] {
    const out: ReportRow[] = [];
    for (let page = this.reportPage(filter, null); ; page = this.reportPage(filter, page.next)) {
      out.push(...page.rows);
      if (!page.next) return out;
    }
  }

  /**
   * One page of the report, in report order (covered, review, clear; by id within each): `after` is the
   * previous page's `next` (null: the first page). Each page is its own short query, so a large report
   * is served a page per turn of the event loop (http-api.ts) while ingest goes on between pages.
   * With a site filter a page reads at most `scan` assets, so it may hold fewer rows (even none) and
   * still have a next page.
   */
  reportPage(
    filter: ReportFilter,
    after: ReportCursor | null,
    limit = 500,
    scan = limit * 8,
  ): { rows: ReportRow[]; next: ReportCursor | null } {
    const p = this.storedReportPage(filter, after, limit, scan);
    return { rows: reportPageRows(p.ctx, p.raw, p.extras), next: p.next };
  }

  /** A report page's stored rows and what each takes from other rows (reportPage says which rows). */
  storedReportPage(
    filter: ReportFilter,
    after: ReportCursor | null,
    limit = 500,
    scan = limit * 8,
  ): StoredPage<ReportCursor> {
    const only = filter.only;
    const verdicts =
      only === 'flagged' ? ['covered', 'review'] : only ? [only] : ['covered', 'review', 'clear'];
    const ctx = reportContext(this.db, staleBefore(this.settings));
    const raw: RawReportRow[] = [];
    const extras: RowExtras[] = [];
    const page = (next: ReportCursor | null): StoredPage<ReportCursor> => ({ ctx, raw, extras, next });
    let read = 0;
    let v = after ? verdicts.indexOf(after.verdict) : 0;
    let id = after?.id ?? 0;
    for (; v >= 0 && v < verdicts.length; v++, id = 0) {
      for (;;) {
        const want = Math.min(limit - raw.length, scan - read);
        const got = (this.s.reportPage.all(verdicts[v], id, want) as unknown[][]).map(this.reportRowOf);
        read += got.length;
        const x = pageExtras(ctx, got);
        for (let i = 0; i < got.length; i++)
          if (filter.site === undefined || x[i].site === filter.site) {
            raw.push(got[i]);
            extras.push(x[i]);
          }
        if (got.length) id = got[got.length - 1].id;
        if (raw.length >= limit || read >= scan) return page({ verdict: verdicts[v], id });
        if (got.length < want) break;
      }
    }
    return page(null);
  }

  /** Row counts; `staleAssets` of `assets` were not seen within the stale-after setting. */
  counts(): {
    assets: number;
    staleAssets: number;
    findings: number;
    agents: number;
    reports: number;
    observations: number;
  } {
    return this.s.counts.get(staleBefore(this.settings)) as ReturnType<Store['counts']>;
  }
}

/** Runs the migrations the file lacks, in one transaction that re-reads its version under the write lock. */
function migrate(db: Database.Database, file: string): void {
  db.transaction(() => {
    const v = db.pragma('user_version', { simple: true }) as number;
    // Another process may have migrated it since we looked.
    if (v > SCHEMA_VERSION)
      throw new StoreVersionError(`${file} was just upgraded to schema version ${v} by a newer coverscan`);
    for (let i = v; i < migrations.length; i++) db.exec(migrations[i]);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.pragma(`application_id = ${APPLICATION_ID}`);
  }).immediate();
}

function prepare(db: Database.Database) {
  const p = (sql: string) => db.prepare(sql);
  return {
    findIdentity: p(
      'SELECT i.asset_id, a.kind FROM identities i JOIN assets a ON a.id = i.asset_id WHERE i.type = ? AND i.value = ?',
    ),
    identitiesOf: p('SELECT type, value FROM identities WHERE asset_id = ?'),
    upsertIdentity: p(
      `INSERT INTO identities (type, value, asset_id, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (type, value) DO UPDATE SET asset_id = excluded.asset_id, last_seen = excluded.last_seen`,
    ),
    insertAsset: p(
      `INSERT INTO assets (${UPDATED_COLUMNS.join(', ')}, first_seen, last_seen)
       VALUES (${UPDATED_COLUMNS.map(() => '?').join(', ')}, ?, ?)`,
    ),
    getAsset: p('SELECT * FROM assets WHERE id = ?'),
    assetOwner: p('SELECT kind, agent_id, attached_to FROM assets WHERE id = ?'),
    auditConflict: p(
      `INSERT INTO audit_log (at, finding_id, asset_id, action, by, why, detail)
       VALUES (?, NULL, ?, 'identity_conflict', 'collector', ?, ?)`,
    ),
    assetVerdict: p('SELECT verdict FROM assets WHERE id = ?'),
    updateAsset: p(
      `UPDATE assets SET ${UPDATED_COLUMNS.map((c) => `${c} = ?`).join(', ')}, last_seen = ? WHERE id = ?`,
    ),
    mergeFields: p(
      `UPDATE assets SET kind = ?, ip = ?, mac = ?, hostname = ?, vendor = ?, model = ?, serial = ?, location = ?,
         agent_id = ?, incomplete = ?, first_seen = min(first_seen, ?) WHERE id = ?`,
    ),
    touchAsset: p('UPDATE assets SET last_seen = ? WHERE id = ?'),
    touchFindings: p('UPDATE findings SET last_seen = ? WHERE asset_id = ? AND active = 1'),
    deleteAsset: p('DELETE FROM assets WHERE id = ?'),
    moveIdentities: p('UPDATE identities SET asset_id = ? WHERE asset_id = ?'),
    moveObservations: p('UPDATE observations SET asset_id = ? WHERE asset_id = ?'),
    moveChildren: p('UPDATE assets SET attached_to = ? WHERE attached_to = ?'),
    dropDuplicateFindings: p(
      'DELETE FROM findings WHERE asset_id = ? AND entity IN (SELECT entity FROM findings WHERE asset_id = ?)',
    ),
    moveFindings: p('UPDATE findings SET asset_id = ? WHERE asset_id = ?'),
    currentObservation: p(
      'SELECT hash FROM observations WHERE asset_id = ? AND source_key = ? AND current = 1',
    ),
    retireObservations: p(
      'UPDATE observations SET current = 0 WHERE asset_id = ? AND source_key = ? AND current = 1',
    ),
    insertObservation: p(
      `INSERT INTO observations (asset_id, source, source_key, agent_id, report_id, sweep_id, at, hash, current, payload, format, codec)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)`,
    ),
    pruneObservations: p(
      `DELETE FROM observations WHERE asset_id = ? AND source_key = ? AND id NOT IN (
         SELECT id FROM observations WHERE asset_id = ? AND source_key = ? ORDER BY id DESC LIMIT ?)`,
    ),
    otherObservations: p(
      'SELECT payload, format, codec, agent_id FROM observations WHERE asset_id = ? AND source_key != ? AND current = 1 ORDER BY id',
    ),
    findingFor: p('SELECT id, status FROM findings WHERE asset_id = ? AND entity = ?'),
    findingById: p(
      'SELECT status, status_by AS by, status_why AS why, status_at AS at FROM findings WHERE id = ?',
    ),
    insertFinding: p(
      `INSERT INTO findings (asset_id, entity, verdict, lists, evidence, reason, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    updateFinding: p(
      'UPDATE findings SET verdict = ?, lists = ?, evidence = ?, reason = ?, last_seen = ?, active = 1 WHERE id = ?',
    ),
    rejudgeFinding: p(
      'UPDATE findings SET verdict = ?, lists = ?, evidence = ?, reason = ?, active = 1 WHERE id = ?',
    ),
    deactivateFindings: p('UPDATE findings SET active = 0 WHERE asset_id = ? AND entity != ? AND active = 1'),
    setStatus: p('UPDATE findings SET status = ?, status_by = ?, status_why = ?, status_at = ? WHERE id = ?'),
    audit: p(
      `INSERT INTO audit_log (at, finding_id, asset_id, action, from_status, to_status, by, why)
       SELECT ?, id, asset_id, ?, ?, ?, ?, ? FROM findings WHERE id = ?`,
    ),
    auditLog: p(
      `SELECT at, finding_id findingId, asset_id assetId, action, from_status "from", to_status "to", by, why,
         catalog_from catalogFrom, catalog_to catalogTo, detail FROM audit_log
       WHERE (? IS NULL OR finding_id = ?) ORDER BY id`,
    ),
    hasReport: p('SELECT 1 FROM reports WHERE report_id = ?'),
    insertReport: p('INSERT INTO reports (report_id, agent_id, received_at, assets) VALUES (?, ?, ?, ?)'),
    pruneReports: p('DELETE FROM reports WHERE received_at < ?'),
    agentReported: p(
      `UPDATE agents SET last_seen = ?, last_report = ?, inventory_hash = ?, inventory_at = ?, inventory_assets = ?,
         version = coalesce(?, version) WHERE id = ?`,
    ),
    agentSeen: p(
      'UPDATE agents SET last_seen = ?, last_report = ?, version = coalesce(?, version) WHERE id = ?',
    ),
    /** A report of the agent's stored inventory: as many assets as that inventory stored. */
    insertSameReport: p(
      `INSERT INTO reports (report_id, agent_id, received_at, assets)
       SELECT ?, ?, ?, coalesce(inventory_assets, 0) FROM agents WHERE id = ?`,
    ),
    startSweep: p('INSERT INTO sweeps (targets, settings, started_at) VALUES (?, ?, ?)'),
    finishSweep: p('UPDATE sweeps SET counters = ?, status = ?, finished_at = ? WHERE id = ?'),
    insertSecret: p('INSERT INTO enroll_secrets (secret_hash, label, created_at) VALUES (?, ?, ?)'),
    listSecrets: p(
      `SELECT e.id, e.label, e.created_at createdAt, e.revoked_at revokedAt, e.uses, e.last_used lastUsed,
         s.name site, e.sweeper FROM enroll_secrets e LEFT JOIN sites s ON s.id = e.site_id ORDER BY e.id`,
    ),
    revokeSecret: p('UPDATE enroll_secrets SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    secretByHash: p('SELECT id, revoked_at FROM enroll_secrets WHERE secret_hash = ?'),
    useSecret: p('UPDATE enroll_secrets SET uses = uses + 1, last_used = ? WHERE id = ?'),
    insertAgent: p(
      `INSERT INTO agents (id, hostname, node_key_hash, enroll_secret_id, version, enrolled_at, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    agentAuth: p('SELECT node_key_hash, revoked_at, inventory_hash FROM agents WHERE id = ?'),
    agentRevoked: p('SELECT revoked_at FROM agents WHERE id = ?'),
    // Kept: db.pragma() prepares its statement at every call.
    dataVersion: p('PRAGMA data_version').pluck(),
    revokedCount: p('SELECT count(*) n FROM agents WHERE revoked_at IS NOT NULL'),
    listAgents: p(
      `SELECT g.id, g.hostname, g.version, g.enrolled_at enrolledAt, g.last_seen lastSeen, g.last_report lastReport,
         g.revoked_at revokedAt, (SELECT count(*) FROM assets a WHERE a.agent_id = g.id) assets,
         g.refused, g.last_refused lastRefused
       FROM agents g ORDER BY g.enrolled_at`,
    ),
    agentRefused: p('UPDATE agents SET refused = refused + 1, last_refused = ? WHERE id = ?'),
    revokeAgent: p('UPDATE agents SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
    reportPage: p(
      `SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM}
       WHERE a.verdict = ? AND a.id > ? ORDER BY a.id LIMIT ?`,
    ),
    counts: p(
      `SELECT (SELECT count(*) FROM assets) assets, (SELECT count(*) FROM findings WHERE active = 1) findings,
         (SELECT count(*) FROM agents) agents, (SELECT count(*) FROM reports) reports,
         (SELECT count(*) FROM observations) observations,
         (SELECT count(*) FROM assets a ${LAST_SEEN_JOIN} WHERE ${LAST_SEEN_SQL} < ?) staleAssets`,
    ),
  };
}

export interface ReportFilter {
  only?: 'covered' | 'review' | 'flagged';
  /** Only the assets of this site (by name). */
  site?: string;
}
/** Where the next report page starts: after this id among the assets of this verdict. */
export interface ReportCursor {
  verdict: string;
  id: number;
}
