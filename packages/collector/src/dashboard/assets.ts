// GET /assets: the assets table with the API's filters as a GET form (a filtered view is a link one can
// share), keyset paging (each page one indexed query: fast at 100,000 assets), and the exports of the
// current filter (exports.ts).
import { assetKinds, assetSortKeys, assetsQuerySchema } from '@coverscan/shared';
import { type Html, html } from '../pack/html';
import { assetPage } from '../store/asset-list';
import type { ReportRow } from '../store/report-row';
import type { Store } from '../store/store';
import { asBadRequest } from '../web/assets-api';
import type { WebApp } from '../web/web-app';
import { formQuery, withParams } from './filter-query';
import { layout, verdictCell, when } from './layout';
import { sendPage } from './page-response';

function select(
  name: string,
  label: string,
  options: readonly string[],
  current: string | undefined,
  any: string,
): Html {
  return html`<p><label for="f-${name}">${label}</label><select id="f-${name}" name="${name}">
<option value="">${any}</option>${options.map(
    (o) => html`<option${o === current ? html` selected` : ''}>${o}</option>`,
  )}</select></p>`;
}

function text(name: string, label: string, current: string | undefined, hint = ''): Html {
  return html`<p><label for="f-${name}">${label}</label><input id="f-${name}" name="${name}" value="${current ?? ''}" placeholder="${hint}"></p>`;
}

function row(a: ReportRow): Html {
  return html`<tr>
<td><a href="/assets/${a.id}">${a.hostname ?? a.ip ?? a.mac ?? `#${a.id}`}</a></td>
<td>${a.ip ?? ''}</td><td>${a.mac ?? ''}</td><td>${a.kind}</td>
<td>${[a.vendor, a.model].filter(Boolean).join(' ')}</td>
<td>${verdictCell(a.verdict)}</td><td>${a.entityName ?? a.entity ?? ''}</td>
<td>${a.why ?? ''}</td><td>${a.site ?? ''}</td><td>${when(a.lastSeen)}${a.stale ? ' (stale)' : ''}</td>
</tr>`;
}

export function mountAssets(app: WebApp, store: Store): void {
  app.route('GET', '/assets', 'page', ({ res, url, principal }) => {
    const q = formQuery(assetsQuerySchema, url);
    const page = asBadRequest(() => assetPage(store, q));
    const entities = [...store.judging.catalog.entities.keys()].sort();
    const lists = store.judging.catalog.lists.map((l) => l.id);
    const filter = withParams(url, { cursor: null });
    sendPage(
      res,
      200,
      layout(
        { title: 'Assets', section: '/assets', principal },
        html`<form class="filters" method="get" action="/assets" aria-label="Filter assets">
${select('verdict', 'Verdict', ['covered', 'review', 'flagged', 'clear'], q.verdict, 'any')}
${select('entity', 'Entity', entities, q.entity, 'any')}
${select('list', 'List', lists, q.list, 'any')}
${select('kind', 'Kind', assetKinds, q.kind, 'any')}
${select('source', 'Source', ['agent', 'sweep', 'import'], q.source, 'any')}
${text('site', 'Site', q.site)}
${text('subnet', 'Subnet', q.subnet, '10.0.0.0/8')}
${text('since', 'Seen since', q.since, '2026-01-01T00:00:00Z')}
${text('q', 'Search', q.q, 'host, IP, MAC, vendor, model')}
${select('sort', 'Sort by', assetSortKeys, q.sort, 'id')}
${select('order', 'Order', ['asc', 'desc'], url.searchParams.get('order') || undefined, 'default')}
<p><button>Filter</button> <a href="/assets">clear</a></p>
</form>
<p>Export this filter: <a href="/assets.csv${filter}" download>CSV</a> · <a href="/assets.json${filter}" download>JSON</a></p>
<div class="scroll"><table class="wide">
<caption>${page.items.length} asset(s) on this page${q.cursor ? ' (continued)' : ''}</caption>
<thead><tr><th scope="col">asset</th><th scope="col">IP</th><th scope="col">MAC</th><th scope="col">kind</th><th scope="col">vendor / model</th>
<th scope="col">verdict</th><th scope="col">entity</th><th scope="col">why</th><th scope="col">site</th><th scope="col">last seen (UTC)</th></tr></thead>
<tbody>${page.items.map(row)}</tbody></table></div>
<nav aria-label="Pages">${q.cursor ? html`<a href="/assets${filter}">First page</a> ` : ''}${
          page.next
            ? html`<a href="/assets${withParams(url, { cursor: page.next })}" rel="next">Next page</a>`
            : ''
        }</nav>`,
      ),
    );
  });
}
