// GET /: the overview — counts by verdict, entity, list and source, what changed since the last sweep and
// over the week, one chart (flagged assets by entity), stale agents, the catalog in use.
import { type Html, html } from '../pack/html';
import type { Store } from '../store/store';
import type { WebApp } from '../web/web-app';
import { barChart } from './bar-chart';
import { layout, verdictCell, when } from './layout';
import { type Changes, type Count, overviewData } from './overview-data';
import { sendPage } from './page-response';

/** How many entities the chart shows (the table below it lists them all). */
const CHART_BARS = 8;

function countTable(caption: string, head: string, rows: Count[], link: (key: string) => string): Html {
  if (!rows.length) return html`<p class="muted">${caption}: none.</p>`;
  return html`<div class="scroll"><table><caption>${caption}</caption>
<thead><tr><th scope="col">${head}</th><th scope="col" class="num">count</th></tr></thead>
<tbody>${rows.map((r) => html`<tr><td><a href="${link(r.key)}">${r.key}</a></td><td class="num">${r.n}</td></tr>`)}</tbody></table></div>`;
}

function changes(title: string, c: Changes): Html {
  return html`<h2>${title}</h2><p class="muted">since ${when(c.since)} UTC</p>
<ul class="cards">
<li><strong>${c.newCovered}</strong> new covered</li>
<li><strong>${c.newReview}</strong> new review</li>
<li><strong>${c.remediated}</strong> remediated</li>
<li><strong>${c.accepted}</strong> accepted</li>
</ul>`;
}

export function mountOverview(app: WebApp, store: Store): void {
  app.route('GET', '/', 'page', ({ res, principal }) => {
    const d = overviewData(store);
    const total = d.verdicts.reduce((s, v) => s + v.n, 0);
    sendPage(
      res,
      200,
      layout(
        { title: 'Overview', section: '/', principal },
        html`<p>Catalog <strong>${d.catalogVersion}</strong>, policy <strong>${d.policy}</strong>. ${total} assets in all.</p>
<ul class="cards" aria-label="Assets by verdict">${d.verdicts.map(
          (v) =>
            html`<li><strong>${v.n}</strong> <a href="/assets?verdict=${v.key}">${verdictCell(v.key)}</a></li>`,
        )}</ul>`,
        d.entities.length
          ? barChart(
              'Flagged assets by entity',
              d.entities
                .slice(0, CHART_BARS)
                .map((e) => ({ label: e.key, covered: e.covered, review: e.review })),
            )
          : html`<p>No covered or review assets.</p>`,
        d.sinceLastSweep ? changes('Since the last sweep', d.sinceLastSweep) : '',
        changes('Over the last 7 days', d.lastWeek),
        html`<h2>Counts</h2>`,
        countTable(
          'Flagged assets by entity',
          'entity',
          d.entities,
          (k) => `/assets?verdict=flagged&entity=${encodeURIComponent(k)}`,
        ),
        countTable(
          'Open and accepted findings by list',
          'list',
          d.lists,
          (k) => `/assets?list=${encodeURIComponent(k)}`,
        ),
        countTable('Assets by source', 'source', d.sources, (k) => `/assets?source=${encodeURIComponent(k)}`),
        html`<h2>Stale agents</h2>`,
        d.staleAgentCount > d.staleAgents.length
          ? html`<p>${d.staleAgentCount} agents are stale; the first ${d.staleAgents.length} by enrollment:</p>`
          : '',
        d.staleAgents.length
          ? html`<div class="scroll"><table><thead><tr><th scope="col">agent</th><th scope="col">host</th><th scope="col">last seen (UTC)</th></tr></thead>
<tbody>${d.staleAgents.map((a) => html`<tr><td>${a.id}</td><td>${a.hostname ?? ''}</td><td>${when(a.lastSeen)}</td></tr>`)}</tbody></table></div>`
          : html`<p>None: every agent reported within the stale-after setting.</p>`,
      ),
    );
  });
}
