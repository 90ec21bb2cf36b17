// The CPU-heavy, database-free part of handling one frame: parse, validate, inventory → drafts →
// prepared drafts. Runs on the report worker thread (or inline when there is none).
import { createHash } from 'node:crypto';
import {
  type AssetDraft,
  closeCodes,
  describeIssues,
  type ErrorCode,
  inventoryToAssets,
  MAX_FRAME_DEPTH,
  PROTOCOL_VERSION,
  parseReport,
  reportFingerprint,
  type SweepProgressMessage,
  type SweepReport,
  sweepProgressSchema,
  sweepReportSchema,
  unchangedReportSchema,
} from '@coverscan/shared';
import type { IdentifyCache } from '../store/identify-cache';
import { type PreparedDraft, prepareDraft, prepareEndpoint } from '../store/prepared-draft';
import { nestsDeeperThan } from './json-depth';

export type Prepared =
  | { kind: 'report'; reportId: string; version: string; drafts: PreparedDraft[] }
  /** "My inventory is the one with this digest": stored again only if the collector holds it. */
  | { kind: 'unchanged'; reportId: string; digest: string }
  | { kind: 'refuse'; code: ErrorCode; message: string; reportId?: string; close?: number }
  /** Anything else that parsed (hello): handled on the main thread. */
  | { kind: 'message'; msg: Record<string, unknown> }
  /** One part of a sweeper's results (shared/protocol.ts sweepReportSchema), its drafts prepared. */
  | { kind: 'sweep'; reportId: string; report: Omit<SweepReport, 'assets'>; drafts: PreparedDraft[] }
  | { kind: 'progress'; progress: SweepProgressMessage };

/** `fingerprint`: the frame's digest when the caller already computed it. */
export function prepareFrame(
  text: string,
  agentId: string | null,
  cache: IdentifyCache,
  fingerprint?: string | null,
): Prepared {
  if (nestsDeeperThan(text, MAX_FRAME_DEPTH))
    return {
      kind: 'refuse',
      code: 'bad_message',
      message: `frame nests deeper than ${MAX_FRAME_DEPTH} levels`,
      close: closeCodes.protocol,
    };
  let msg: unknown;
  try {
    msg = JSON.parse(text);
  } catch {
    return { kind: 'refuse', code: 'bad_json', message: 'frame is not JSON', close: closeCodes.protocol };
  }
  if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
    return {
      kind: 'refuse',
      code: 'bad_message',
      message: 'a message is a JSON object with a "type"',
      close: closeCodes.protocol,
    };
  const m = msg as Record<string, unknown>;
  if (m.type === 'hello') return { kind: 'message', msg: m };
  if (m.type !== 'report' && m.type !== 'sweep_report' && m.type !== 'sweep_progress')
    return {
      kind: 'refuse',
      code: 'unknown_type',
      message: `unknown message type ${JSON.stringify(m.type)?.slice(0, 40)} (protocol ${PROTOCOL_VERSION} knows hello, report, sweep_report, sweep_progress)`,
      close: closeCodes.protocol,
    };
  const reportId = typeof m.reportId === 'string' && m.reportId.length <= 64 ? m.reportId : undefined;
  if (!agentId)
    return {
      kind: 'refuse',
      code: 'not_enrolled',
      message: 'send hello before reports',
      close: closeCodes.protocol,
      reportId,
    };
  if (m.type === 'sweep_progress') {
    const p = sweepProgressSchema.safeParse(m);
    if (!p.success)
      return {
        kind: 'refuse',
        code: 'bad_message',
        message: `invalid sweep_progress: ${describeIssues(p.error)}`,
      };
    return { kind: 'progress', progress: p.data };
  }
  if (m.type === 'sweep_report') {
    const r = sweepReportSchema.safeParse(m);
    if (!r.success)
      return {
        kind: 'refuse',
        code: 'bad_message',
        message: `invalid sweep_report: ${describeIssues(r.error)}`,
        reportId,
      };
    const { assets, ...report } = r.data;
    // The schema checked the shape; the values are the engine's own drafts, as the collector's sweep makes them.
    const drafts = (assets as AssetDraft[]).map((d) => prepareDraft(d, cache));
    return { kind: 'sweep', reportId: report.reportId, report, drafts };
  }
  if ('unchanged' in m) {
    const u = unchangedReportSchema.safeParse(m);
    if (!u.success)
      return {
        kind: 'refuse',
        code: 'bad_message',
        message: `invalid report: ${describeIssues(u.error)}`,
        reportId,
      };
    return { kind: 'unchanged', reportId: u.data.reportId, digest: u.data.unchanged };
  }
  const r = parseReport(m);
  if (!r.success)
    return { kind: 'refuse', code: 'bad_message', message: `invalid report: ${r.issues}`, reportId };
  const inv = r.data.inventory;
  const hash =
    fingerprint ?? reportFingerprint(text)?.hash ?? createHash('sha256').update(text).digest('base64url');
  const drafts = inventoryToAssets(inv, agentId, { software: false }).map((d) =>
    d.kind === 'endpoint' ? prepareEndpoint(d, text, hash, cache, inv.software) : prepareDraft(d, cache),
  );
  return { kind: 'report', reportId: r.data.reportId, version: inv.agentVersion, drafts };
}
