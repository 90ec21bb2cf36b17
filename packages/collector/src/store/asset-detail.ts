// One asset as the API shows it: its report row (verdict, evidence, lists), what each source saw over time,
// where it was seen (sightings.ts), what hangs off it, and its findings with their decision history.
import type { Observation } from '@coverscan/shared';
import { decompressPayload as decompress, type PayloadCodec } from './payload-codec';
import {
  type RawReportRow,
  REPORT_COLUMNS,
  REPORT_FROM,
  reportContext,
  reportPageRows,
} from './report-page-rows';
import type { ReportRow } from './report-row';
import { type Sighting, sightingsOf } from './sightings';
import { staleBefore } from './staleness';
import type { AuditEntry, Store } from './store';
import { decodeObservation } from './stored-observation';

export interface ObservationRecord {
  id: number;
  source: 'agent' | 'sweep' | 'import';
  sourceKey: string;
  agentId: string | null;
  reportId: string | null;
  sweepId: number | null;
  at: string;
  /** The latest of its source (what the verdict is computed from). */
  current: boolean;
  /** What the source saw (an agent's software list is counted, not listed). */
  observations: Observation[];
  software: number;
  location: string | null;
}

export interface FindingRecord {
  id: number;
  entity: string;
  verdict: 'covered' | 'review';
  lists: unknown[];
  evidence: unknown[];
  reason: string | null;
  status: 'open' | 'accepted' | 'remediated';
  statusBy: string | null;
  statusWhy: string | null;
  statusAt: string | null;
  /** False once the asset no longer shows this entity. */
  active: boolean;
  firstSeen: string;
  lastSeen: string;
  history: AuditEntry[];
}

export interface AssetDetail {
  asset: ReportRow;
  observations: ObservationRecord[];
  sightings: Sighting[];
  attached: {
    id: number;
    kind: string;
    hostname: string | null;
    ip: string | null;
    mac: string | null;
    verdict: string;
  }[];
  findings: FindingRecord[];
  /** Entries about the asset itself: verdicts re-judged, identity conflicts. */
  history: AuditEntry[];
}

export function assetRow(store: Store, id: number): ReportRow | null {
  const r = store.db.prepare(`SELECT ${REPORT_COLUMNS} FROM ${REPORT_FROM} WHERE a.id = ?`).get(id) as
    | RawReportRow
    | undefined;
  if (!r) return null;
  return reportPageRows(reportContext(store.db, staleBefore(store.settings)), [r])[0];
}

type RawFinding = Omit<FindingRecord, 'lists' | 'evidence' | 'active' | 'history'> & {
  lists: string;
  evidence: string;
  active: number;
};

export const FINDING_COLUMNS = `f.id, f.entity, f.verdict, f.lists, f.evidence, f.reason, f.status, f.status_by statusBy,
  f.status_why statusWhy, f.status_at statusAt, f.active, f.first_seen firstSeen, f.last_seen lastSeen`;

export function findingRecord(store: Store, r: RawFinding, history = true): FindingRecord {
  return {
    ...r,
    lists: JSON.parse(r.lists) as unknown[],
    evidence: JSON.parse(r.evidence) as unknown[],
    active: r.active === 1,
    history: history ? store.auditLog(r.id) : [],
  };
}

export function findingById(store: Store, id: number): (FindingRecord & { assetId: number }) | null {
  const r = store.db
    .prepare(`SELECT ${FINDING_COLUMNS}, f.asset_id assetId FROM findings f WHERE f.id = ?`)
    .get(id) as (RawFinding & { assetId: number }) | undefined;
  return r ? { ...findingRecord(store, r), assetId: r.assetId } : null;
}

export function assetDetail(store: Store, id: number): AssetDetail | null {
  const asset = assetRow(store, id);
  if (!asset) return null;
  const db = store.db;
  const obs = db
    .prepare(
      `SELECT id, source, source_key sourceKey, agent_id agentId, report_id reportId, sweep_id sweepId, at, current,
         payload, format, codec FROM observations WHERE asset_id = ? ORDER BY at DESC, id DESC`,
    )
    .all(id) as (Omit<ObservationRecord, 'current' | 'observations' | 'software' | 'location'> & {
    current: number;
    payload: Buffer;
    format: 'draft' | 'report';
    codec: PayloadCodec;
  })[];
  const observations = obs.map(({ payload, format, codec, current, ...o }) => {
    const seen = decodeObservation({ payload, format, codec, agent_id: o.agentId });
    const location =
      format === 'draft'
        ? ((JSON.parse(decompress(payload, codec)) as { location?: string }).location ?? null)
        : null;
    return {
      ...o,
      current: current === 1,
      observations: seen.observations,
      software: seen.software.length,
      location,
    };
  });
  const findings = (
    db
      .prepare(`SELECT ${FINDING_COLUMNS} FROM findings f WHERE f.asset_id = ? ORDER BY f.id`)
      .all(id) as RawFinding[]
  ).map((f) => findingRecord(store, f));
  const history = (
    db
      .prepare(
        `SELECT at, finding_id findingId, asset_id assetId, action, from_status "from", to_status "to", by, why,
           catalog_from catalogFrom, catalog_to catalogTo, detail FROM audit_log
         WHERE asset_id = ? AND finding_id IS NULL ORDER BY id`,
      )
      .all(id) as (AuditEntry & { detail: string | null })[]
  ).map((e) => ({ ...e, detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null }));
  const attached = db
    .prepare(
      'SELECT id, kind, hostname, ip, mac, verdict FROM assets WHERE attached_to = ? ORDER BY id LIMIT 1000',
    )
    .all(id) as AssetDetail['attached'];
  return { asset, observations, sightings: sightingsOf(db, [id]), attached, findings, history };
}
