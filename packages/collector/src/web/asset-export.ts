// An export of assets as JSON or CSV: the API's /api/report(.csv) and the dashboard's /assets.json(.csv)
// differ only in which rows they read (the report's filter and order, or the assets table's), and are
// written by this one function, so the same asset is the same bytes in both, at the same speed. JSON goes
// out from the stored JSON columns (report-row-json.ts), never through row objects.
import type { Logger } from 'pino';
import { reportCsv } from '../report-csv';
import { reportPageRows, type StoredPage } from '../store/report-page-rows';
import type { ReportRow } from '../store/report-row';
import { reportPageJson } from '../store/report-row-json';
import { acceptsGzip, jsonArrayText, streamText } from './stream-pages';
import type { RequestContext } from './web-app';

export type ExportFormat = 'json' | 'csv';

const contentType: Record<ExportFormat, string> = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

/**
 * Streams every page `pages` gives, from `pages(null)` on. The first page is read before the status line, so
 * a bad filter it throws on is still an error status. `file`: offered as a download under this name.
 */
export function streamAssetExport<C>(
  { req, res }: Pick<RequestContext, 'req' | 'res'>,
  log: Logger,
  format: ExportFormat,
  pages: (cursor: C | null) => StoredPage<C>,
  file?: string,
): Promise<void> {
  const first = pages(null);
  const gzip = acceptsGzip(req.headers['accept-encoding']);
  res.writeHead(200, {
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    vary: 'accept-encoding',
    // A long download ends its connection. The server's keep-alive timer starts at its last write, and a
    // client still decoding the tail (seconds, under load, with gzip) would send its next request on a
    // socket that timer is closing: "other side closed" / ECONNRESET in the bench.
    connection: 'close',
    'content-type': contentType[format],
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...(file ? { 'content-disposition': `attachment; filename="${file}"` } : {}),
  });
  const json = jsonArrayText();
  return streamText(
    (cursor: C | null) => {
      const p = cursor === null ? first : pages(cursor);
      const text =
        format === 'json'
          ? json(reportPageJson(p.ctx, p.raw, p.extras), cursor === null)
          : csvChunks(reportPageRows(p.ctx, p.raw, p.extras), cursor === null);
      return { text, next: p.next };
    },
    res,
    log,
    format === 'json' ? ']' : '',
    gzip,
  );
}

/** Rows per CSV chunk: a chunk stays well under V8's large-object size, as the JSON's do (report-row-json.ts). */
const CSV_ROWS = 100;

function csvChunks(rows: ReportRow[], header: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < rows.length || (i === 0 && header); i += CSV_ROWS)
    out.push(reportCsv(rows.slice(i, i + CSV_ROWS), {}, header && i === 0));
  return out;
}
