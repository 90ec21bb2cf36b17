// Everything the collector answers over HTTP, assembled: the router with authentication, and each
// concern's routes. The dashboard mounts its pages through `mount` (ServeOptions.mountWeb).
import type { Logger } from 'pino';
import type { HostCheck } from '../server/host-check';
import type { Store } from '../store/store';
import { mountAgentsApi } from './agents-api';
import { mountAssetsApi } from './assets-api';
import { Authenticator, type Commit } from './auth';
import { mountCatalogApi } from './catalog-api';
import { mountFindingsApi } from './findings-api';
import { LoginLimiter, type LoginLimits } from './login-limit';
import { mountMetrics } from './metrics';
import { type HealthSources, mountReportApi } from './report-api';
import { sendJson } from './respond';
import { mountSessionApi } from './session-api';
import { mountSweepsApi } from './sweeps-api';
import { loadRouter, WebApp } from './web-app';

export interface CollectorWebOptions extends HealthSources {
  store: Store;
  log: Logger;
  commit: Commit;
  hosts: HostCheck;
  secure: boolean;
  /** `serve --api-token` (deprecated alias of an API token). */
  legacyToken?: string | null;
  loginLimits?: LoginLimits;
  /** Agents with an authenticated connection now. */
  connectedAgents?: () => Set<string>;
  /** Agent reports received since start (full, digest). */
  reportsReceived?: () => { full: number; digest: number };
  /** More routes (the dashboard's pages), mounted after the API's. */
  mount?: (app: WebApp, services: WebServices) => void;
}

/** What the dashboard's routes share with the API's. */
export interface WebServices {
  commit: Commit;
  limiter: LoginLimiter;
}

export interface CollectorWeb {
  app: WebApp;
  limiter: LoginLimiter;
}

export async function collectorWeb(o: CollectorWebOptions): Promise<CollectorWeb> {
  const auth = new Authenticator(o.store, o.commit, o.secure, o.legacyToken ?? null);
  const app = new WebApp(await loadRouter(), auth, o.hosts, o.log);
  const limiter = new LoginLimiter(o.loginLimits);
  // Liveness only: says nothing about the data, so it needs no login (load balancers, `pnpm demo`).
  app.route('GET', '/healthz', 'public', ({ res }) => sendJson(res, 200, { ok: true }));
  app.route('GET', '/api', 'user', ({ res }) => {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
    res.end(app.routes());
  });
  mountSessionApi(app, o.store, o.commit, limiter);
  mountReportApi(app, o.store, o.log, o);
  const connected = o.connectedAgents ?? (() => new Set<string>());
  mountAssetsApi(app, o.store);
  mountFindingsApi(app, o.store, o.commit);
  mountSweepsApi(app, o.store);
  mountAgentsApi(app, o.store, connected);
  mountCatalogApi(app, o.store);
  mountMetrics(app, o.store, {
    connected,
    reports: o.reportsReceived ?? (() => ({ full: 0, digest: 0 })),
    loginRefused: () => limiter.refused,
  });
  o.mount?.(app, { commit: o.commit, limiter });
  return { app, limiter };
}
