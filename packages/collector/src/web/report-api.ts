// GET /api/health (counters), /api/report and /api/report.csv (the whole report, streamed a page at a time).
import { reportQuerySchema } from '@coverscan/shared';
import type { Logger } from 'pino';
import { reportCsv } from '../report-csv';
import { siteExists, unknownSite } from '../store/sites';
import type { ReportCursor, ReportFilter, Store } from '../store/store';
import { HttpError } from './http-error';
import { sendJson } from './respond';
import { jsonArrayText, streamPages, streamText } from './stream-pages';
import { parseQuery, type RequestContext, type WebApp } from './web-app';

export interface HealthSources {
  /** Ingest counters (group commits, fsyncs). */
  ingest?: () => Record<string, number>;
  /** Connection guards: open connections, refusals by cap, timeouts, throttled enrollments. */
  guards?: () => Record<string, number>;
}

export function mountReportApi(app: WebApp, store: Store, log: Logger, health: HealthSources): void {
  app.route('GET', '/api/health', 'user', ({ res }) =>
    sendJson(res, 200, {
      ok: true,
      schemaVersion: store.schemaVersion,
      ...store.counts(),
      ...(health.ingest ? { ingest: health.ingest() } : {}),
      ...(health.guards ? { guards: health.guards() } : {}),
    }),
  );
  const filterOf = (ctx: RequestContext): ReportFilter => {
    const q = parseQuery(reportQuerySchema, ctx.url);
    if (q.site !== undefined && !siteExists(store.db, q.site))
      throw new HttpError(404, unknownSite(store.db, q.site));
    return q;
  };
  app.route('GET', '/api/report', 'user', (ctx) => {
    const filter = filterOf(ctx);
    ctx.res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    // Rows written from the stored JSON columns (report-row-json.ts), not parsed and stringified again.
    const json = jsonArrayText();
    return streamText(
      (cursor: ReportCursor | null) => {
        const p = store.reportPageJson(filter, cursor);
        return { text: json(p.json, cursor === null), next: p.next };
      },
      ctx.res,
      log,
      ']',
    );
  });
  app.route('GET', '/api/report.csv', 'user', (ctx) => {
    const filter = filterOf(ctx);
    ctx.res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store' });
    return streamPages(
      (cursor: ReportCursor | null) => store.reportPage(filter, cursor),
      ctx.res,
      log,
      (rows, first) => reportCsv(rows, {}, first),
      '',
    );
  });
}
