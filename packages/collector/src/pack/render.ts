// The attestation evidence pack as one server-rendered HTML page: no script, no external resource, every
// value from the store escaped (html.ts). `coverscan pack` writes it (or prints it to PDF, pdf.ts); the
// dashboard serves the same page.
import type { Evidence, ListRef } from '@coverscan/shared';
import type { Store } from '../store/store';
import {
  gatherPack,
  type PackAgent,
  type PackData,
  type PackFilter,
  type PackItem,
  type PackSweep,
} from './data';
import { type Html, type HtmlValue, html, trusted } from './html';
import { splitItems } from './split-items';
import { packCss } from './style';

/**
 * The pack of the store's current state, as a complete HTML document. `toolbar`: markup shown on screen
 * above the pack and never printed (the dashboard's print button and way back).
 */
export function renderPack(
  store: Store,
  filter: PackFilter = {},
  now = new Date(),
  toolbar: Html | null = null,
): string {
  return renderPackHtml(gatherPack(store, filter, now), toolbar);
}

/** A link when the citation is a web address, else the text (a research note, a file name). */
export function cite(source: string): Html {
  return /^https?:\/\//i.test(source) ? html`<a href="${source}">${source}</a>` : html`${source}`;
}

/**
 * A citation an item repeats: the link keeps the full address (a PDF keeps links), its text names the site.
 * Every full address is printed once, in the catalog section.
 */
function citeShort(source: string): Html {
  if (!/^https?:\/\//i.test(source)) return html`${source}`;
  return html`<a href="${source}">${new URL(source).host}</a>`;
}

/**
 * How a copy of the page links within itself. The printed copy is printed in parts, each its own document
 * (pdf.ts), where a link to an element in another part would lead nowhere: there the link is its text only
 * (on paper it never was more: print draws links as text).
 */
export interface LinkStyle {
  inPage: boolean;
}
const screen: LinkStyle = { inPage: true };

/** A link to an element of this page (#id), or its text where the copy has no in-page links. */
function inPage(to: LinkStyle, id: string, text: HtmlValue): Html {
  return to.inPage ? html`<a href="#${id}">${text}</a>` : html`${text}`;
}

const day = (iso: string | null) => (iso ? iso.slice(0, 10) : null);
const when = (iso: string | null) => (iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : null);
const n = (x: number | undefined | null) => (x === undefined || x === null ? '—' : x.toLocaleString('en-US'));
const none = (what: string) => html`<p class="none">${what}</p>`;

function table(caption: string, head: string[], rows: HtmlValue[][]): Html {
  return html`<div class="scroll"><table><caption>${caption}</caption>
<thead><tr>${head.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
<tbody>${rows.map((r) => html`<tr>${r.map((c) => html`<td>${c}</td>`)}</tr>\n`)}</tbody></table></div>`;
}

function assetName(a: PackItem['asset']): string {
  return a.hostname ?? a.ip ?? a.mac ?? `asset ${a.id}`;
}

function scopeSection(d: PackData): Html {
  const covered = d.items.filter((i) => i.asset.verdict === 'covered');
  const review = d.items.filter((i) => i.asset.verdict === 'review');
  const by = (items: PackItem[], s: string) =>
    items.filter((i) => (i.asset.findingStatus ?? 'open') === s).length;
  const site = d.scope.site;
  return html`<section id="scope" aria-labelledby="scope-h"><h2 id="scope-h">Scope of the inquiry</h2>
<dl class="facts">
<dt>Generated</dt><dd>${when(d.generatedAt)}</dd>
<dt>Sites</dt><dd>${site ? html`${site.name} (${site.ranges.join(', ')})` : 'all assets, every site'}</dd>
<dt>Lists</dt><dd>${d.scope.list ? html`${d.scope.list.name} only` : 'every list the policy applies'}</dd>
<dt>Catalog</dt><dd>${d.catalog.version} (${d.catalog.origin}), policy ${d.catalog.policy}</dd>
<dt>Database</dt><dd>${d.database}</dd>
</dl>
<table class="summary"><caption>Summary</caption><tbody>
<tr><th scope="row">Covered items (strong evidence a listed entity made them)</th><td>${n(covered.length)}</td></tr>
<tr><th scope="row">— open</th><td>${n(by(covered, 'open'))}</td></tr>
<tr><th scope="row">— accepted as exceptions</th><td>${n(by(covered, 'accepted'))}</td></tr>
<tr><th scope="row">— remediated</th><td>${n(by(covered, 'remediated'))}</td></tr>
<tr><th scope="row">Review items (a person must look)</th><td>${n(review.length)}</td></tr>
<tr><th scope="row">Sweeps / agents as sources</th><td>${n(d.sweeps.length)} / ${n(d.agents.length)}</td></tr>
<tr><th scope="row">Not looked at: unreachable ranges, incomplete devices, stale agents</th>
<td>${n(d.notLookedAt.unreachable.length)}, ${n(d.notLookedAt.incomplete.length)}, ${n(d.notLookedAt.staleAgents.length)}</td></tr>
</tbody></table></section>`;
}

function catalogSection(d: PackData): Html {
  return html`<section id="catalog" aria-labelledby="catalog-h"><h2 id="catalog-h">Catalog and lists applied</h2>
<p>Catalog version <strong>${d.catalog.version}</strong> (${d.catalog.origin === 'shipped' ? 'shipped with this coverscan' : 'installed with coverscan catalog update'}); policy <strong>${d.catalog.policy}</strong>${d.catalog.policyDescription ? html`: ${d.catalog.policyDescription}` : ''}.</p>
${table(
  'Lists',
  ['list', 'authority', 'status', 'updated', 'applied to', 'citation'],
  d.lists.map((l) => [
    html`<span id="list-${l.id}">${l.name}</span>`,
    l.authority,
    l.status,
    l.updated,
    l.applied.length ? l.applied.join(', ') : html`<span class="muted">not applied</span>`,
    cite(l.source),
  ]),
)}
${entriesTable(d)}
${ruleSourcesTable(d)}</section>`;
}

/** Each list entry that names an entity found, once: its scope wording, date and citation (items link here). */
function entriesTable(d: PackData): Html {
  const entries = new Map<string, ListRef>();
  for (const i of d.items) for (const l of i.asset.lists) entries.set(`${l.id}-${l.entity}`, l);
  if (!entries.size) return html``;
  return table(
    'List entries that name the entities found',
    ['list', 'entity', 'entry added', 'scope', 'citation'],
    [...entries].map(([key, l]) => [
      html`<span id="entry-${key}">${l.name}</span>`,
      l.entity,
      html`${l.added}${l.removed ? html`, removed ${l.removed}` : ''}`,
      l.scope,
      cite(l.source),
    ]),
  );
}

/** Where the rules that matched come from (registries, vendors' pages), each once with its full address. */
function ruleSourcesTable(d: PackData): Html {
  const sources = new Set<string>();
  for (const i of d.items) for (const e of i.asset.evidence) sources.add(e.ruleSource);
  if (!sources.size) return html``;
  return table(
    'Sources of the rules that matched',
    ['source'],
    [...sources].sort().map((src) => [cite(src)]),
  );
}

function sweepRow(s: PackSweep): HtmlValue[] {
  const c = s.counters;
  return [
    `#${s.id}`,
    html`${s.targets.join(' ')}${s.excludes.length ? html`<br><span class="muted">excluding ${s.excludes.join(' ')}</span>` : ''}`,
    html`${when(s.startedAt)}<br>${when(s.finishedAt) ?? 'not finished'}`,
    s.status,
    c.probed === undefined ? '—' : `${n(c.probed)} of ${n(c.targets)}`,
    n(c.responders),
    n(c.identified),
    n(c.incomplete),
  ];
}

function agentStanding(a: PackAgent): string {
  if (a.revokedAt) return `revoked ${day(a.revokedAt)}`;
  return a.stale ? 'stale' : 'reporting';
}

function sourcesSection(d: PackData): Html {
  return html`<section id="sources" aria-labelledby="sources-h"><h2 id="sources-h">Sources</h2>
${
  d.sweeps.length
    ? table(
        'SNMP sweeps',
        [
          'sweep',
          'targets',
          'started / finished',
          'status',
          'addresses probed',
          'responders',
          'identified',
          'incomplete',
        ],
        d.sweeps.map(sweepRow),
      )
    : none('No sweep in scope.')
}
${
  d.agents.length
    ? table(
        `Endpoint agents (stale: not seen for ${d.staleAfter})`,
        ['agent', 'host', 'address', 'last report', 'standing', 'assets'],
        d.agents.map((a) => [
          a.id,
          a.hostname,
          a.ip,
          when(a.lastReport ?? a.lastSeen),
          agentStanding(a),
          n(a.assets),
        ]),
      )
    : none('No agent in scope.')
}</section>`;
}

/**
 * One line per piece of evidence: lines, not a table per item, so a pack of thousands prints in seconds. The
 * quotes are text, not <q>, and the rule id has no wrapping span: each element is a layout object, and an
 * item's count of them is what printing a thousand items costs (BENCHMARKS.md).
 */
function evidenceList(ev: Evidence[]): Html {
  return html`<ul class="evidence" aria-label="Evidence">${ev.map(
    (e) =>
      html`<li><span class="strength">${e.strength}</span> ${e.source} ${e.field} “${e.value}”${e.raw ? ` (bytes ${e.raw})` : ''} — ${e.rule} (${e.ruleId}) — ${citeShort(e.ruleSource)}</li>\n`,
  )}</ul>`;
}

/** The lists that name the entity, each with the entry's date and citation; its scope is in the catalog section. */
function listsLine(lists: ListRef[], to: LinkStyle): Html {
  return html`<p class="lists"><strong>Lists:</strong> ${lists.map(
    (l, i) =>
      html`${i ? '; ' : ''}${inPage(to, `entry-${l.id}-${l.entity}`, l.name)} (${l.status === 'in-force' ? '' : `${l.status}, `}entry added ${l.added}${l.removed ? html`, removed ${l.removed}` : ''}, ${citeShort(l.source)})`,
  )}</p>`;
}

function itemArticle({ asset: a, decision }: PackItem, to: LinkStyle): Html {
  const status = a.findingStatus ?? 'open';
  const ev = a.evidence.filter((e) => !a.entity || e.entity === a.entity);
  const facts: HtmlValue[] = [
    html`asset #${a.id}, ${a.kind}${a.vendor ? html`, ${a.vendor}` : ''}${a.model ? html` ${a.model}` : ''}`,
    a.ip && html`IP ${a.ip}`,
    a.mac && html`MAC ${a.mac}`,
    a.serial && html`serial ${a.serial}`,
    a.site && html`site ${a.site}`,
    a.location && html`at ${a.location}`,
    a.attachedTo && html`attached to ${inPage(to, `asset-${a.attachedTo}`, `asset #${a.attachedTo}`)}`,
    html`seen ${when(a.firstSeen)} to ${when(a.lastSeen)}${a.stale ? html` <strong>(stale)</strong>` : ''}`,
    a.incomplete.length > 0 && html`not read: ${a.incomplete.join(', ')}`,
  ].filter(Boolean);
  return html`<article class="item ${a.verdict}" id="asset-${a.id}" aria-labelledby="asset-${a.id}-h">
<h3 id="asset-${a.id}-h"><span class="verdict">${a.verdict}</span> ${a.entityName ?? a.entity}: ${assetName(a)}</h3>
<p class="facts">${facts.map((f, i) => [i ? ' · ' : '', f])}</p>
${a.verdict === 'review' || !a.lists.length ? html`<p class="why">${a.reason}</p>` : ''}
<p class="status-${status}"><strong>Status:</strong> ${a.findingId ? `finding #${a.findingId}: ` : ''}${status}${
    decision
      ? html` — by ${decision.by ?? 'unknown'} at ${when(decision.at)}${decision.why ? html`: “${decision.why}”` : ''}`
      : ''
  }</p>
${evidenceList(ev.length ? ev : a.evidence)}
${listsLine(a.lists, to)}
</article>`;
}

function itemsSection(articles: Html[]): Html {
  return html`<section id="items" aria-labelledby="items-h"><h2 id="items-h">Covered and review items</h2>
${articles.length ? lines(articles) : none('No covered or review item in scope.')}
</section>`;
}

const lines = (articles: Html[]) => articles.map((a) => [a, '\n']);

function exceptionsSection(d: PackData, to: LinkStyle): Html {
  const accepted = d.items.filter((i) => i.asset.findingStatus === 'accepted');
  return html`<section id="exceptions" aria-labelledby="exceptions-h"><h2 id="exceptions-h">Accepted exceptions</h2>
${
  accepted.length
    ? table(
        'Findings accepted with a justification',
        ['finding', 'asset', 'entity', 'justification', 'accepted by', 'at'],
        accepted.map(({ asset: a, decision }) => [
          `#${a.findingId}`,
          inPage(to, `asset-${a.id}`, assetName(a)),
          a.entityName ?? a.entity,
          decision?.why ?? a.findingWhy,
          decision?.by,
          when(decision?.at ?? null),
        ]),
      )
    : none('No finding was accepted as an exception.')
}</section>`;
}

function notLookedAtSection(d: PackData): Html {
  const x = d.notLookedAt;
  return html`<section id="not-looked-at" aria-labelledby="not-looked-at-h"><h2 id="not-looked-at-h">What was not looked at</h2>
<p>An attestation covers what was seen. These were not, or not entirely: equipment there is not in this pack.</p>
${
  x.unreachable.length
    ? table(
        'Unreachable ranges: no device answered the latest sweep of the range',
        ['range', 'addresses', 'sweep', 'started'],
        x.unreachable.map((u) => [u.target, n(u.addresses), `#${u.sweepId}`, when(u.startedAt)]),
      )
    : none('Every swept range had a device that answered.')
}
${
  x.unfinished.length
    ? table(
        'Sweeps that did not finish (what they had not probed was not looked at)',
        ['sweep', 'targets', 'status', 'addresses probed'],
        x.unfinished.map((s) => [
          `#${s.id}`,
          s.targets.join(' '),
          s.status,
          `${n(s.counters.probed)} of ${n(s.counters.targets)}`,
        ]),
      )
    : ''
}
${
  x.incomplete.length
    ? table(
        'Incomplete devices: parts a sweep could not read',
        ['asset', 'address', 'device', 'verdict', 'not read'],
        x.incomplete.map((a) => [
          `#${a.id}`,
          a.hostname ?? a.ip,
          [a.vendor, a.model].filter(Boolean).join(' '),
          a.verdict,
          a.parts.join(', '),
        ]),
      )
    : none('Every swept device was read whole.')
}
${
  x.staleAgents.length
    ? table(
        `Stale agents: not seen for ${d.staleAfter}; their machines' current state is not known`,
        ['agent', 'host', 'last seen'],
        x.staleAgents.map((a) => [a.id, a.hostname, when(a.lastSeen)]),
      )
    : none('Every agent in scope reported within the stale-after setting.')
}
${x.staleItems ? html`<p>${n(x.staleItems)} flagged item(s) were not seen for ${d.staleAfter}: whether they are still there is not known.</p>` : ''}
</section>`;
}

function title(d: PackData): string {
  return `Attestation evidence pack — ${d.scope.site ? `site ${d.scope.site.name}` : 'all sites'}${d.scope.list ? `, ${d.scope.list.name}` : ''} — ${day(d.generatedAt)}`;
}

/** A whole document around `body`: the head every copy and every printed part has. */
function page(d: PackData, body: Html, printStyle = ''): string {
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title(d)}</title>
<style>${trusted(packCss)}</style>${trusted(printStyle)}</head>
<body><main>
${body}
</main></body></html>
`.text;
}

function front(d: PackData, toolbar: Html | null): Html {
  return html`${toolbar ? html`<div class="toolbar">${toolbar}</div>` : ''}
<header><h1>Attestation evidence pack</h1>
<p class="muted">Equipment and software from entities on US restriction lists (FAR 52.204-24/25/26), with the evidence for each item. Produced by coverscan.</p>
<nav aria-label="Contents"><ol>
<li><a href="#scope">Scope of the inquiry</a></li><li><a href="#catalog">Catalog and lists applied</a></li>
<li><a href="#sources">Sources</a></li><li><a href="#items">Covered and review items</a></li>
<li><a href="#exceptions">Accepted exceptions</a></li><li><a href="#not-looked-at">What was not looked at</a></li>
</ol></nav></header>
${scopeSection(d)}
${catalogSection(d)}
${sourcesSection(d)}`;
}

const back = (d: PackData, to: LinkStyle) => html`${exceptionsSection(d, to)}
${notLookedAtSection(d)}`;

export function renderPackHtml(d: PackData, toolbar: Html | null = null): string {
  return page(
    d,
    html`${front(d, toolbar)}
${itemsSection(d.items.map((i) => itemArticle(i, screen)))}
${back(d, screen)}`,
  );
}

/**
 * The page for printing, in `parts` documents that together are the whole pack in order: the items split
 * between them at item boundaries (splitItems), the sections before the items in the first, those after in
 * the last. In-page links are text (LinkStyle). `printStyle` (markup the printer wrote) goes into each head.
 */
export function renderPackParts(d: PackData, parts: number, printStyle: string): string[] {
  const printed: LinkStyle = { inPage: false };
  const articles = d.items.map((i) => itemArticle(i, printed));
  const first = front(d, null);
  const last = back(d, printed);
  const ranges = splitItems(
    articles.map((a) => a.text.length),
    first.text.length,
    last.text.length,
    parts,
  );
  return ranges.map(([from, to], k) => {
    const mine = articles.slice(from, to);
    const body =
      k === 0
        ? html`${first}\n${itemsSection(mine)}`
        : html`<section aria-label="Covered and review items, continued">${lines(mine)}</section>`;
    return page(d, k === ranges.length - 1 ? html`${body}\n${last}` : body, printStyle);
  });
}
