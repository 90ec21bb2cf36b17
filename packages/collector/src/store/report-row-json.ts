// A page of report rows written straight to JSON text for the full export (/api/report): the same members,
// in the same order, as JSON.stringify of reportPageRows() gives, but the stored JSON columns (lists,
// evidence, incomplete: written by JSON.stringify in store.ts) go out as stored instead of being parsed and
// written again, and are parsed only where a derived column needs them. At 100,000 rows that parse and
// re-stringify was about a third of the export's time.
import type { Evidence, ListRef } from '@coverscan/shared';
import { derivedColumns, pageExtras, type RawReportRow, type ReportContext } from './report-page-rows';

const str = (v: string | null): string => (v === null ? 'null' : JSON.stringify(v));
const num = (v: number | null): string => (v === null ? 'null' : String(v));

/**
 * A chunk's size in UTF-16 units: under V8's large-object size (128 KiB), so neither the chunk nor the
 * Buffer written from it is mapped and unmapped on its own (a 500-row page as one string was: ~85,000 page
 * faults and ~1 s of system time per 100,000-row export).
 */
const CHUNK = 48 * 1024;

/**
 * The page's rows as JSON objects, joined by commas into chunks of about CHUNK units (no brackets, no comma
 * between chunks): none for no rows.
 */
export function reportPageJson(
  ctx: ReportContext,
  raw: RawReportRow[],
  extras = pageExtras(ctx, raw),
): string[] {
  const chunks: string[] = [];
  let out: string[] = [];
  let size = 0;
  for (let i = 0; i < raw.length; i++) {
    const r = raw[i];
    const x = extras[i];
    let lists: ListRef[] | undefined;
    let evidence: Evidence[] | undefined;
    const d = derivedColumns(
      r,
      ctx,
      () => (lists ??= JSON.parse(r.lists) as ListRef[]),
      () => (evidence ??= JSON.parse(r.evidence) as Evidence[]),
    );
    out.push(
      `{"id":${r.id},"ip":${str(r.ip)},"mac":${str(d.mac)},"hostname":${str(r.hostname)},"kind":${str(r.kind)},` +
        `"vendor":${str(d.vendor)},"model":${str(r.model)},"serial":${str(r.serial)},"verdict":${str(r.verdict)},` +
        `"entity":${str(r.entity)},"entityName":${str(r.entityName)},"reason":${str(r.reason)},` +
        `"lists":${r.lists},"evidence":${r.evidence},"location":${str(r.location)},` +
        `"attachedTo":${num(r.attachedTo)},"agentId":${str(r.agentId)},"incomplete":${r.incomplete ?? '[]'},` +
        `"findingId":${num(r.findingId)},"identityConflict":${str(x.identityConflict)},` +
        `"findingStatus":${str(r.findingStatus)},"findingWhy":${str(r.findingWhy)},` +
        `"firstSeen":${str(r.firstSeen)},"lastSeen":${str(r.lastSeen)},"stale":${d.stale},` +
        `"why":${str(d.why)},"site":${str(x.site)}}`,
    );
    size += out[out.length - 1].length;
    if (size >= CHUNK) {
      chunks.push(out.join(','));
      out = [];
      size = 0;
    }
  }
  if (out.length) chunks.push(out.join(','));
  return chunks;
}
