// GET /assets/:id: one asset — every evidence item (what matched, the rule, its source), the lists with
// their citation and date, where it was seen (switch, port, VLAN, via), first and last seen, what hangs
// off it, and each finding with its decision history (and the form to decide).
import type { Evidence, ListRef } from '@coverscan/shared';
import { type Html, html } from '../pack/html';
import { cite } from '../pack/render';
import { assetDetail } from '../store/asset-detail';
import type { AuditEntry, Store } from '../store/store';
import { HttpError } from '../web/http-error';
import { idParam, type WebApp } from '../web/web-app';
import { decisionForm } from './decision-form';
import { layout, verdictCell, when } from './layout';
import { sendPage } from './page-response';

function evidenceTable(items: Evidence[]): Html {
  if (!items.length) return html`<p>No evidence: nothing it showed matched the catalog.</p>`;
  return html`<div class="scroll"><table><caption>Evidence</caption>
<thead><tr><th scope="col">what matched</th><th scope="col">rule</th><th scope="col">strength</th><th scope="col">entity</th><th scope="col">rule source</th></tr></thead>
<tbody>${items.map(
    (
      e,
    ) => html`<tr><td>${e.source} ${e.field}: <code>${e.value}</code></td><td>${e.rule} <span class="muted">(${e.ruleId})</span></td>
<td>${e.strength}</td><td>${e.entity}</td><td>${cite(e.ruleSource)}</td></tr>`,
  )}</tbody></table></div>`;
}

function listsTable(lists: ListRef[]): Html {
  if (!lists.length) return html``;
  return html`<div class="scroll"><table><caption>Restriction lists</caption>
<thead><tr><th scope="col">list</th><th scope="col">status</th><th scope="col">entry</th><th scope="col">added</th><th scope="col">citation</th></tr></thead>
<tbody>${lists.map(
    (
      l,
    ) => html`<tr><td>${l.name} <span class="muted">(${l.id})</span></td><td>${l.status}</td><td>${l.entity}${l.category ? ` (${l.category})` : ''}</td>
<td>${l.added}${l.removed ? `, removed ${l.removed}` : ''}</td><td>${cite(l.source)}</td></tr>`,
  )}</tbody></table></div>`;
}

function historyTable(caption: string, entries: AuditEntry[]): Html {
  if (!entries.length) return html`<p class="muted">${caption}: none yet.</p>`;
  return html`<div class="scroll"><table><caption>${caption}</caption>
<thead><tr><th scope="col">when (UTC)</th><th scope="col">what</th><th scope="col">by</th><th scope="col">why</th></tr></thead>
<tbody>${entries.map(
    (h) =>
      html`<tr><td>${when(h.at)}</td><td>${h.action}${h.from || h.to ? ` ${h.from ?? '—'} → ${h.to ?? '—'}` : ''}${
        h.catalogFrom ? ` (catalog ${h.catalogFrom} → ${h.catalogTo})` : ''
      }</td><td>${h.by ?? ''}</td><td>${h.why ?? ''}</td></tr>`,
  )}</tbody></table></div>`;
}

export function mountAsset(app: WebApp, store: Store): void {
  app.route('GET', '/assets/:id', 'page', (ctx) => {
    const d = assetDetail(store, idParam(ctx));
    if (!d) throw new HttpError(404, `no asset ${ctx.params.id}`);
    const a = d.asset;
    const name = a.hostname ?? a.ip ?? a.mac ?? `asset ${a.id}`;
    const back = `/assets/${a.id}`;
    sendPage(
      ctx.res,
      200,
      layout(
        { title: name, section: '/assets', principal: ctx.principal },
        html`<dl class="facts">
<dt>verdict</dt><dd>${verdictCell(a.verdict)}${a.entityName ? ` — ${a.entityName}` : ''}</dd>
${a.why ? html`<dt>why</dt><dd>${a.why}</dd>` : ''}
<dt>kind</dt><dd>${a.kind}</dd>
<dt>vendor / model</dt><dd>${[a.vendor, a.model].filter(Boolean).join(' ') || '—'}${a.serial ? `, serial ${a.serial}` : ''}</dd>
<dt>IP / MAC</dt><dd>${a.ip ?? '—'} / ${a.mac ?? '—'}</dd>
<dt>site</dt><dd>${a.site ?? '—'}</dd>
<dt>first seen</dt><dd>${when(a.firstSeen)} UTC</dd>
<dt>last seen</dt><dd>${when(a.lastSeen)} UTC${a.stale ? ' (stale: not seen within the stale-after setting)' : ''}</dd>
${a.attachedTo ? html`<dt>attached to</dt><dd><a href="/assets/${a.attachedTo}">asset ${a.attachedTo}</a></dd>` : ''}
${a.incomplete.length ? html`<dt>not read</dt><dd>${a.incomplete.join(', ')}</dd>` : ''}
${a.identityConflict ? html`<dt>identity conflict</dt><dd>${a.identityConflict}</dd>` : ''}
</dl>`,
        html`<h2>Evidence</h2>`,
        evidenceTable(a.evidence),
        listsTable(a.lists),
        html`<h2>Where it was seen</h2>`,
        d.sightings.length
          ? html`<div class="scroll"><table><caption>Sightings, latest first</caption>
<thead><tr><th scope="col">when (UTC)</th><th scope="col">switch</th><th scope="col">port</th><th scope="col">VLAN</th><th scope="col">its port</th><th scope="col">via</th></tr></thead>
<tbody>${d.sightings.map(
              (
                s,
              ) => html`<tr><td>${when(s.at)}</td><td>${s.role ? `${s.role} ` : ''}${s.switchName ?? s.location}${s.switchIp ? ` (${s.switchIp})` : ''}</td>
<td>${s.port ?? ''}</td><td>${s.vlan ?? ''}</td><td>${s.remotePort ?? ''}</td><td>${s.via ?? ''}</td></tr>`,
            )}</tbody></table></div>`
          : html`<p>${a.location ?? 'No switch port sighting: it was not seen in a neighbor table.'}</p>`,
        d.attached.length
          ? html`<h2>Attached to it</h2><ul>${d.attached.map(
              (x) =>
                html`<li><a href="/assets/${x.id}">${x.hostname ?? x.ip ?? x.mac ?? `asset ${x.id}`}</a> (${x.kind}, ${verdictCell(x.verdict)})</li>`,
            )}</ul>`
          : '',
        html`<h2>Findings</h2>`,
        d.findings.length
          ? d.findings.map(
              (
                f,
              ) => html`<section aria-label="Finding ${f.id}"><h3>Finding ${f.id}: ${verdictCell(f.verdict)} ${f.entity} — ${f.status}${
                f.active ? '' : ' (evidence gone)'
              }</h3>
${historyTable(`History of finding ${f.id}`, f.history)}
${decisionForm(f, ctx.principal, back)}</section>`,
            )
          : html`<p>No findings.</p>`,
        d.history.length ? historyTable('Asset history', d.history) : '',
        html`<h2>Observations</h2><ul>${d.observations.map(
          (o) =>
            html`<li>${when(o.at)} UTC — ${o.source} ${o.sourceKey}${o.current ? ' (current)' : ''}: ${o.observations.length} observation(s)${
              o.software ? `, ${o.software} software` : ''
            }${o.location ? `; ${o.location}` : ''}</li>`,
        )}</ul>`,
      ),
    );
  });
}
