// The small HTTP API beside the WebSocket ingest (the dashboard builds on it). Read-only.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { reportCsv } from '../report-csv';
import type { Store } from '../store/store';

const onlyValues = new Set(['covered', 'review', 'flagged']);

/** Loopback clients may read the API; others need `Authorization: Bearer <--api-token>`. */
export function apiAllowed(peer: string, authorization: string | undefined, token: string | null): boolean {
  if (/^(127\.|::1$|::ffff:127\.)/.test(peer)) return true;
  if (!token) return false;
  const given = Buffer.from(authorization ?? '');
  const want = Buffer.from(`Bearer ${token}`);
  return given.length === want.length && timingSafeEqual(given, want);
}

export function handleHttp(
  store: Store,
  req: IncomingMessage,
  res: ServerResponse,
  log: Logger,
  token: string | null = null,
  /** Ingest counters (group commits, fsyncs) shown in /api/health. */
  ingest?: () => Record<string, number>,
  /** Connection guards: open connections, refusals by cap, timeouts, throttled enrollments. */
  guards?: () => Record<string, number>,
) {
  const url = new URL(req.url ?? '/', 'http://collector');
  const json = (status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(JSON.stringify(body));
  };
  if (req.method !== 'GET') return json(405, { error: 'only GET' });
  if (!apiAllowed(req.socket.remoteAddress ?? '', req.headers.authorization, token))
    return json(403, {
      error: 'the API answers loopback clients, or others with the --api-token bearer token',
    });
  try {
    const only = url.searchParams.get('only') ?? undefined;
    if (only && !onlyValues.has(only)) return json(400, { error: 'only must be covered, review or flagged' });
    const filter = { only: only as 'covered' | 'review' | 'flagged' | undefined };
    switch (url.pathname) {
      case '/api/health':
        return json(200, {
          ok: true,
          schemaVersion: store.schemaVersion,
          ...store.counts(),
          ...(ingest ? { ingest: ingest() } : {}),
          ...(guards ? { guards: guards() } : {}),
        });
      case '/api/report':
        return json(200, store.reportRows(filter));
      case '/api/report.csv':
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
        return void res.end(reportCsv(store.reportRows(filter)));
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
