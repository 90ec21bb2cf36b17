// GET /api/health (counters), /api/report and /api/report.csv (the whole report, streamed a page at a time).
import type { ServerResponse } from 'node:http';
import { reportQuerySchema } from '@coverscan/shared';
import type { Logger } from 'pino';
import { reportCsv } from '../report-csv';
import type { ReportRow } from '../store/report-row';
import { siteExists, unknownSite } from '../store/sites';
import type { ReportCursor, ReportFilter, Store } from '../store/store';
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
  app.route('GET', '/api/report', 'user', (ctx) => {
    const filter = filterOf(ctx);
    ctx.res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
    });
    // A filtered page may be empty: the comma goes before a row only once a row was written.
    let written = false;
    return streamReport(
      store,
      filter,
      ctx.res,
      log,
      (rows, first) => {
        const body = rows.map((r) => JSON.stringify(r)).join(',');
        const sep = written && body ? ',' : '';
        written ||= body !== '';
        return (first ? '[' : '') + sep + body;
      },
      ']',
    );
  });
  app.route('GET', '/api/report.csv', 'user', (ctx) => {
    const filter = filterOf(ctx);
    ctx.res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store' });
    return streamReport(store, filter, ctx.res, log, (rows, first) => reportCsv(rows, {}, first), '');
  });
}

/**
 * Writes the report a page at a time (Store.reportPage), one page per turn of the event loop and only
 * as fast as the client reads: a 100,000-asset report never holds the loop for more than a page, and
 * reports keep being acked in between. A client that goes away stops it.
 */
async function streamReport(
  store: Store,
  filter: ReportFilter,
  res: ServerResponse,
  log: Logger,
  encode: (rows: ReportRow[], first: boolean) => string,
  end: string,
): Promise<void> {
  let gone = false;
  res.on('close', () => {
    gone = true;
  });
  try {
    let cursor: ReportCursor | null = null;
    for (let first = true; !gone; first = false) {
      const page = store.reportPage(filter, cursor);
      const chunk = encode(page.rows, first);
      if (chunk && !res.write(chunk)) await new Promise((r) => res.once('drain', r).once('close', r));
      if (!page.next) break;
      cursor = page.next;
      await new Promise((r) => setImmediate(r));
    }
    if (!gone) res.end(end);
  } catch (e) {
    // The status line is out: cutting the body short is how the client learns it is incomplete.
    log.error({ err: e instanceof Error ? e.message : String(e) }, 'report stream failed');
    res.destroy();
  }
}
