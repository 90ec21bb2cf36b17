// GET /findings: the worklist, open findings first (the default tab), each with its asset, evidence in one
// line and the decision form; POST /findings/:id/decide: accept, remediate or reopen with a justification,
// through the same store lifecycle (and audit log) as the API and `coverscan findings`.
import {
  findingActions,
  findingDecisionSchema,
  findingStatuses,
  findingsQuerySchema,
} from '@coverscan/shared';
import { html } from '../pack/html';
import { findingById } from '../store/asset-detail';
import { findingPage } from '../store/finding-list';
import type { Store } from '../store/store';
import { asBadRequest } from '../web/assets-api';
import type { WebServices } from '../web/collector-web';
import { HttpError } from '../web/http-error';
import { idParam, parseWith, type WebApp } from '../web/web-app';
import { decisionForm } from './decision-form';
import { formQuery, withParams } from './filter-query';
import { layout, verdictCell, when } from './layout';
import { redirect, sendPage } from './page-response';

/** Where a decision form sends the browser back to: one of this dashboard's pages. */
function backTo(v: unknown, id: number): string {
  return typeof v === 'string' && /^\/(findings|assets)(\/\d+)?(\?[^#]*)?$/.test(v)
    ? v
    : `/findings#finding-${id}`;
}

export function mountFindings(app: WebApp, store: Store, s: WebServices): void {
  app.route('GET', '/findings', 'page', ({ res, url, principal }) => {
    const status = url.searchParams.get('status') || 'open';
    const q = formQuery(findingsQuerySchema, new URL(`/findings${withParams(url, { status })}`, url));
    const page = asBadRequest(() => findingPage(store, q));
    const back = `/findings${withParams(url, { cursor: null })}`;
    sendPage(
      res,
      200,
      layout(
        { title: 'Findings', section: '/findings', principal },
        html`<nav aria-label="Status"><p>${findingStatuses.map(
          (st) =>
            html`${st === q.status ? html`<strong aria-current="page">${st}</strong>` : html`<a href="/findings?status=${st}">${st}</a>`} `,
        )}</p></nav>
<div class="scroll"><table class="wide"><caption>${page.items.length} ${q.status} finding(s) on this page, newest first</caption>
<thead><tr><th scope="col">finding</th><th scope="col">asset</th><th scope="col">verdict</th><th scope="col">entity</th><th scope="col">evidence</th><th scope="col">status</th><th scope="col">decide</th></tr></thead>
<tbody>${page.items.map((f) => {
          const ev = (f.evidence as { rule?: string; value?: string }[])[0];
          return html`<tr id="finding-${f.id}"><td>${f.id}<br><span class="muted">since ${when(f.firstSeen)}</span></td>
<td><a href="/assets/${f.asset.id}">${f.asset.hostname ?? f.asset.ip ?? f.asset.mac ?? `asset ${f.asset.id}`}</a></td>
<td>${verdictCell(f.verdict)}</td><td>${f.entity}</td><td>${ev ? `${ev.rule ?? ''}${ev.value ? ` (${ev.value})` : ''}` : ''}</td>
<td>${f.status}${f.statusBy ? html`<br><span class="muted">${f.statusBy}, ${when(f.statusAt)}: ${f.statusWhy ?? ''}</span>` : ''}</td>
<td>${decisionForm(f, principal, back)}</td></tr>`;
        })}</tbody></table></div>
${page.next ? html`<p><a rel="next" href="/findings${withParams(url, { status: q.status ?? 'open', cursor: page.next })}">Next page</a></p>` : ''}`,
      ),
    );
  });

  app.route('POST', '/findings/:id/decide', 'page', async (ctx) => {
    const id = idParam(ctx);
    const action = typeof ctx.body.action === 'string' ? ctx.body.action : '';
    if (!Object.hasOwn(findingActions, action))
      throw new HttpError(400, `no decision "${action}": accept, remediate or reopen`);
    const { why } = parseWith(findingDecisionSchema, { why: ctx.body.why });
    if (!findingById(store, id)) throw new HttpError(404, `no finding ${id}`);
    const status = findingActions[action as keyof typeof findingActions];
    const by = ctx.principal?.by ?? 'unknown';
    await s.commit(() => store.setFindingStatus(id, status, by, why));
    redirect(ctx.res, backTo(ctx.body.back, id));
  });
}
