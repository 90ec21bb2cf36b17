// GET /assets.csv, /assets.json: every asset of the current filter (the assets page's query string, its
// cursor and page size ignored), streamed a page at a time like /api/report.
import { type AssetsQuery, assetsQuerySchema } from '@coverscan/shared';
import type { Logger } from 'pino';
import { reportCsv } from '../report-csv';
import { assetPage } from '../store/asset-list';
import type { Store } from '../store/store';
import { asBadRequest } from '../web/assets-api';
import { jsonArrayEncoder, streamPages } from '../web/stream-pages';
import type { RequestContext, WebApp } from '../web/web-app';
import { formQuery } from './filter-query';

/** The largest page the store's list gives: fewest queries for a whole export. */
const EXPORT_PAGE = 500;

function exportOf(ctx: RequestContext, store: Store, type: string, file: string) {
  const q: AssetsQuery = {
    ...formQuery(assetsQuerySchema, ctx.url, ['cursor', 'limit']),
    limit: EXPORT_PAGE,
  };
  // A bad filter is a 400 before the status line goes out.
  const first = asBadRequest(() => assetPage(store, q));
  ctx.res.writeHead(200, {
    'content-type': `${type}; charset=utf-8`,
    'cache-control': 'no-store',
    'content-disposition': `attachment; filename="${file}"`,
    'x-content-type-options': 'nosniff',
  });
  return (cursor: string | null) => {
    const p = cursor === null ? first : assetPage(store, { ...q, cursor });
    return { rows: p.items, next: p.next };
  };
}

export function mountExports(app: WebApp, store: Store, log: Logger): void {
  app.route('GET', '/assets.csv', 'page', (ctx) =>
    streamPages(
      exportOf(ctx, store, 'text/csv', 'coverscan-assets.csv'),
      ctx.res,
      log,
      (rows, first) => reportCsv(rows, {}, first),
      '',
    ),
  );
  app.route('GET', '/assets.json', 'page', (ctx) =>
    streamPages(
      exportOf(ctx, store, 'application/json', 'coverscan-assets.json'),
      ctx.res,
      log,
      jsonArrayEncoder(),
      ']',
    ),
  );
}
