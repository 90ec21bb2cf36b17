// Every dashboard page's frame: the navigation, who is logged in and the logout button (a POST with the
// CSRF token, so no other site can log a user out), and the page's own content.
import { type Html, type HtmlValue, html, trusted } from '../pack/html';
import type { Principal } from '../web/principal';
import { dashboardCss } from './style';

const NAV: [path: string, label: string][] = [
  ['/', 'Overview'],
  ['/assets', 'Assets'],
  ['/findings', 'Findings'],
  ['/sweeps', 'Sweeps'],
  ['/pack', 'Evidence pack'],
];

/** The hidden field a form posts the session's CSRF token in (none for a token-authenticated client). */
export function csrfField(principal: Principal | null): Html {
  return principal?.via === 'session'
    ? html`<input type="hidden" name="_csrf" value="${principal.csrf}">`
    : html``;
}

export interface PageOptions {
  title: string;
  /** The navigation entry this page is under. */
  section?: string;
  principal?: Principal | null;
  /** Extra elements for <head> (a refresh while a sweep runs). */
  head?: Html;
}

export function layout(o: PageOptions, ...content: HtmlValue[]): Html {
  const p = o.principal ?? null;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${o.title} — coverscan</title>
<style>${trusted(dashboardCss)}</style>${o.head ?? ''}</head>
<body>
${
  p
    ? html`<header class="top"><strong>coverscan</strong>
<nav aria-label="Dashboard"><ul>${NAV.map(
        ([path, label]) =>
          html`<li><a href="${path}"${o.section === path ? trusted(' aria-current="page"') : ''}>${label}</a></li>`,
      )}</ul></nav>
<form method="post" action="/logout">${csrfField(p)}<span class="muted">${p.user}</span> <button>Log out</button></form>
</header>`
    : html`<header class="top"><strong>coverscan</strong></header>`
}
<main>
<h1>${o.title}</h1>
${content}
</main>
</body></html>
`;
}

/** The verdict as a word in its colour (the colour is never the only sign). */
export function verdictCell(verdict: string | null): Html {
  return verdict === 'covered' || verdict === 'review'
    ? html`<span class="${verdict}">${verdict}</span>`
    : html`${verdict ?? ''}`;
}

/** An ISO instant shortened to the minute, in UTC (the page says so once). */
export function when(at: string | null | undefined): string {
  return at ? `${at.slice(0, 16).replace('T', ' ')}` : '';
}
