// GET /assets.csv, /assets.json: every asset of the current filter (the assets page's query string, its
// cursor and page size ignored), in the table's order, written by the same export as /api/report.
import { type AssetsQuery, assetsQuerySchema } from '@coverscan/shared';
import type { Logger } from 'pino';
import { storedAssetPage } from '../store/asset-list';
import type { Store } from '../store/store';
import { streamAssetExport } from '../web/asset-export';
import { asBadRequest } from '../web/assets-api';
import type { WebApp } from '../web/web-app';
import { formQuery } from './filter-query';

/** The largest page the store's list gives: fewest queries for a whole export. */
const EXPORT_PAGE = 500;

export function mountExports(app: WebApp, store: Store, log: Logger): void {
  for (const format of ['json', 'csv'] as const)
    app.route('GET', `/assets.${format}`, 'page', (ctx) => {
      const q: AssetsQuery = {
        ...formQuery(assetsQuerySchema, ctx.url, ['cursor', 'limit']),
        limit: EXPORT_PAGE,
      };
      return streamAssetExport(
        ctx,
        log,
        format,
        // A bad filter is a 400 (the first page is read before the status line).
        (cursor: string | null) =>
          asBadRequest(() => storedAssetPage(store, cursor === null ? q : { ...q, cursor })),
        `coverscan-assets.${format}`,
      );
    });
}
