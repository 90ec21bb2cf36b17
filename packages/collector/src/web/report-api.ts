// GET /api/health (counters), /api/report and /api/report.csv (the whole report, streamed a page at a time).
import { reportQuerySchema } from '@coverscan/shared';
import type { Logger } from 'pino';
import { siteExists, unknownSite } from '../store/sites';
import type { ReportCursor, ReportFilter, Store } from '../store/store';
import { streamAssetExport } from './asset-export';
import { HttpError } from './http-error';
import { sendJson } from './respond';
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
  // The report's order (covered, review, clear; by id within each) and filter, written as every export is.
  for (const format of ['json', 'csv'] as const)
    app.route('GET', format === 'json' ? '/api/report' : '/api/report.csv', 'user', (ctx) => {
      const filter = filterOf(ctx);
      return streamAssetExport(ctx, log, format, (cursor: ReportCursor | null) =>
        store.storedReportPage(filter, cursor),
      );
    });
}
