// The small HTTP API beside the WebSocket ingest (the dashboard builds on it). Read-only.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { reportCsv } from '../report-csv';
import type { ReportRow } from '../store/report-row';
import { siteExists, unknownSite } from '../store/sites';
import type { ReportCursor, ReportFilter, Store } from '../store/store';
import type { HostCheck } from './host-check';

const onlyValues = new Set(['covered', 'review', 'flagged']);

/** Loopback clients may read the API; others need `Authorization: Bearer <--api-token>`. */
export function apiAllowed(peer: string, authorization: string | undefined, token: string | null): boolean {
  if (/^(127\.|::1$|::ffff:127\.)/.test(peer)) return true;
  if (!token) return false;
  const given = Buffer.from(authorization ?? '');
  const want = Buffer.from(`Bearer ${token}`);
  return given.length === want.length && timingSafeEqual(given, want);
}

export interface HttpContext {
  store: Store;
  log: Logger;
  /** Bearer token for peers that are not loopback (null: loopback only). */
  token: string | null;
  hosts: HostCheck;
  /** Ingest counters (group commits, fsyncs) shown in /api/health. */
  ingest?: () => Record<string, number>;
  /** Connection guards: open connections, refusals by cap, timeouts, throttled enrollments. */
  guards?: () => Record<string, number>;
}

export function handleHttp(ctx: HttpContext, req: IncomingMessage, res: ServerResponse) {
  const { store, log } = ctx;
  const url = new URL(req.url ?? '/', 'http://collector');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  if (!ctx.hosts.allows(req.headers.host))
    return json(421, {
      error: `this collector does not serve the name ${JSON.stringify(req.headers.host ?? '')}: add it with coverscan serve --allow-host NAME`,
    });
  if (req.method !== 'GET') return json(405, { error: 'only GET' });
  if (!apiAllowed(req.socket.remoteAddress ?? '', req.headers.authorization, ctx.token))
    return json(403, {
      error: 'the API answers loopback clients, or others with the --api-token bearer token',
    });
  try {
    const only = url.searchParams.get('only') ?? undefined;
    if (only && !onlyValues.has(only)) return json(400, { error: 'only must be covered, review or flagged' });
    const site = url.searchParams.get('site') ?? undefined;
    if (site !== undefined && !siteExists(store.db, site))
      return json(404, { error: unknownSite(store.db, site) });
    const filter = { only: only as 'covered' | 'review' | 'flagged' | undefined, site };
    switch (url.pathname) {
      case '/api/health':
        return json(200, {
          ok: true,
          schemaVersion: store.schemaVersion,
          ...store.counts(),
          ...(ctx.ingest ? { ingest: ctx.ingest() } : {}),
          ...(ctx.guards ? { guards: ctx.guards() } : {}),
        });
      case '/api/report': {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
        // A filtered page may be empty: the comma goes before a row only once a row was written.
        let written = false;
        return void streamReport(
          store,
          filter,
          res,
          log,
          (rows, first) => {
            const body = rows.map((r) => JSON.stringify(r)).join(',');
            const sep = written && body ? ',' : '';
            written ||= body !== '';
            return (first ? '[' : '') + sep + body;
          },
          ']',
        );
      }
      case '/api/report.csv':
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
        return void streamReport(store, filter, res, log, (rows, first) => reportCsv(rows, {}, first), '');
      case '/api/agents':
        return json(200, store.listAgents());
      default:
        return json(404, {
          error: `no such endpoint ${url.pathname}; try /api/health, /api/report, /api/agents`,
        });
    }
  } catch (e) {
    log.error({ err: e instanceof Error ? e.message : String(e), path: url.pathname }, 'http request failed');
    json(500, { error: 'internal error' });
  }
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
