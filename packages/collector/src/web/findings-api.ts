// GET /api/findings (the worklist), /api/findings/:id (with its history), and the decisions
// POST /api/findings/:id/accept|remediate|reopen {why}: through the store's finding lifecycle, so each is
// in the audit log with who (the logged-in user, or the token's user and token) and when.
import { findingActions, findingDecisionSchema, findingsQuerySchema } from '@coverscan/shared';
import { findingById } from '../store/asset-detail';
import { findingPage } from '../store/finding-list';
import type { Store } from '../store/store';
import { asBadRequest } from './assets-api';
import type { Commit } from './auth';
import { HttpError } from './http-error';
import { sendJson } from './respond';
import { idParam, parseQuery, parseWith, type WebApp } from './web-app';

export function mountFindingsApi(app: WebApp, store: Store, commit: Commit): void {
  app.route('GET', '/api/findings', 'user', ({ res, url }) => {
    const q = parseQuery(findingsQuerySchema, url);
    sendJson(
      res,
      200,
      asBadRequest(() => findingPage(store, q)),
    );
  });

  app.route('GET', '/api/findings/:id', 'user', (ctx) => {
    const f = findingById(store, idParam(ctx));
    if (!f) throw new HttpError(404, `no finding ${ctx.params.id}`);
    sendJson(ctx.res, 200, f);
  });

  app.route('POST', '/api/findings/:id/:action', 'user', async (ctx) => {
    const id = idParam(ctx);
    const action = ctx.params.action ?? '';
    if (!Object.hasOwn(findingActions, action))
      throw new HttpError(404, `no action ${action}: accept, remediate or reopen`);
    const status = findingActions[action as keyof typeof findingActions];
    const { why } = parseWith(findingDecisionSchema, ctx.body);
    if (!findingById(store, id)) throw new HttpError(404, `no finding ${id}`);
    const by = ctx.principal?.by ?? 'unknown';
    const was = await commit(() => store.setFindingStatus(id, status, by, why));
    sendJson(ctx.res, 200, { finding: findingById(store, id), was });
  });
}
