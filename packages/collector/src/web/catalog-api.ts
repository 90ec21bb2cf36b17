// GET /api/catalog: the catalog and policy the verdicts are judged with — its lists (authority, status,
// source, date, entries) and entities (relation, coverage, source, date). GET /api/catalog/entities/:id:
// one entity with its identifiers, each with its source and the date it was added.
import type { Store } from '../store/store';
import { HttpError } from './http-error';
import { sendJson } from './respond';
import type { WebApp } from './web-app';

export function mountCatalogApi(app: WebApp, store: Store): void {
  app.route('GET', '/api/catalog', 'user', ({ res }) => {
    const j = store.judging;
    const c = j.catalog;
    sendJson(res, 200, {
      version: c.version,
      origin: j.origin,
      policy: j.policyId,
      sources: c.sources,
      lists: c.lists,
      entities: [...c.entities.values()].map(({ identifiers, ...e }) => ({
        ...e,
        identifiers: identifiers.length,
      })),
    });
  });
  app.route('GET', '/api/catalog/entities/:id', 'user', ({ res, params }) => {
    const c = store.judging.catalog;
    const e = c.entities.get(params.id ?? '');
    if (!e) throw new HttpError(404, `no entity ${params.id} in catalog ${c.version}`);
    sendJson(res, 200, {
      ...e,
      identifiers: e.identifiers.map((i) => ({ ...i, sourceUrl: c.sources[i.source] ?? i.source })),
    });
  });
}
