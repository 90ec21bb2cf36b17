// The dashboard: server-rendered pages on the API's router and behind its authentication (a 'page' route
// sends a browser without a session to /login, and shows its errors as a page). Forms post the session's
// CSRF token; nothing is fetched from elsewhere.
import type { Logger } from 'pino';
import { html } from '../pack/html';
import type { Store } from '../store/store';
import type { WebServices } from '../web/collector-web';
import type { WebApp } from '../web/web-app';
import { mountAsset } from './asset';
import { mountAssets } from './assets';
import { mountExports } from './exports';
import { mountFindings } from './findings';
import { layout } from './layout';
import { mountLogin } from './login';
import { mountOverview } from './overview';
import { mountPackPage } from './pack-page';
import { sendPage } from './page-response';
import type { SweepLauncher } from './sweep-launcher';
import { mountSweeps } from './sweeps';

export interface DashboardOptions {
  store: Store;
  log: Logger;
  /** Null: sweeps are not started from the browser. */
  sweeps: SweepLauncher | null;
}

export function mountDashboard(o: DashboardOptions): (app: WebApp, s: WebServices) => void {
  return (app, s) => {
    app.pageError = (res, status, message, headers) =>
      sendPage(
        res,
        status,
        layout(
          { title: status === 404 ? 'Not found' : 'That did not work' },
          html`<p class="error" role="alert">${message}</p><p><a href="/">Back to the overview</a></p>`,
        ),
        headers,
      );
    mountLogin(app, o.store, s);
    mountOverview(app, o.store);
    mountAssets(app, o.store);
    mountExports(app, o.store, o.log);
    mountAsset(app, o.store);
    mountFindings(app, o.store, s);
    mountSweeps(app, o.store, o.sweeps);
    mountPackPage(app, o.store);
  };
}
