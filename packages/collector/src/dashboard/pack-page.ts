// GET /pack: the attestation evidence pack (renderPack, the page `coverscan pack` writes), with a print
// button (the browser's print makes the PDF) and the way back, neither printed. ?site= and ?list= scope it.
import { html } from '../pack/html';
import { renderPack } from '../pack/render';
import type { Store } from '../store/store';
import { UsageError } from '../usage-error';
import { HttpError } from '../web/http-error';
import type { WebApp } from '../web/web-app';
import { sendPage } from './page-response';

export function mountPackPage(app: WebApp, store: Store): void {
  app.route('GET', '/pack', 'page', ({ res, url }) => {
    const site = url.searchParams.get('site') || undefined;
    const list = url.searchParams.get('list') || undefined;
    let page: string;
    try {
      page = renderPack(
        store,
        { site, list },
        new Date(),
        html`<a href="/">← Dashboard</a> <button type="button" data-print>Print or save as PDF</button>
<script src="/dashboard.js"></script>`,
      );
    } catch (e) {
      if (e instanceof UsageError) throw new HttpError(400, e.message);
      throw e;
    }
    sendPage(res, 200, page);
  });
  // The dashboard's only script: print buttons (a CSP without inline script keeps injected markup inert).
  app.route('GET', '/dashboard.js', 'public', ({ res }) => {
    res.writeHead(200, {
      'content-type': 'text/javascript; charset=utf-8',
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(
      "for (const b of document.querySelectorAll('[data-print]')) b.addEventListener('click', () => window.print());\n",
    );
  });
}
