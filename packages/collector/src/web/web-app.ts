// The collector's HTTP side: find-my-way (fastify's router) on plain node:http, so the agents' WebSocket
// upgrade stays with ws on the same server. Each concern mounts its routes here (session-api.ts,
// assets-api.ts, ...; the dashboard's pages too). Every route but the ones marked public needs a user
// (auth.ts); every state change passes the CSRF check (csrf.ts); every answer is JSON unless the route
// writes its own.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { describeApiIssues, queryObject } from '@coverscan/shared';
import type Router from 'find-my-way';
import type { Logger } from 'pino';
import type * as z from 'zod';
import type { HostCheck } from '../server/host-check';
import type { Authenticator } from './auth';
import { CSRF_FIELD, csrfRefusal } from './csrf';
import { HttpError } from './http-error';
import type { Principal } from './principal';
import { readBody } from './request-body';
import { sendJson } from './respond';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
const METHODS: Method[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Record<string, string | undefined>;
  /** Null only on public routes. */
  principal: Principal | null;
  /** A state change's body (JSON object or form fields, `_csrf` removed); {} for GET. */
  body: Record<string, unknown>;
}

export type RouteHandler = (ctx: RequestContext) => void | Promise<void>;

/**
 * `page`: a dashboard page, needing a user like `user`, but a browser without a session is sent to the
 * login page, and errors are answered as a page (`pageError`) instead of JSON.
 */
export type Access = 'public' | 'user' | 'page';

interface Route {
  access: Access;
  handler: RouteHandler;
}

/** How a page route's errors are shown (set by the dashboard); JSON without one. */
export type PageError = (
  res: ServerResponse,
  status: number,
  message: string,
  headers?: Record<string, string>,
) => void;

/** The query string checked against a schema; a 400 names every bad parameter. */
export function parseQuery<S extends z.ZodType>(schema: S, url: URL): z.output<S> {
  const { value, twice } = queryObject(url.searchParams);
  if (twice.length) throw new HttpError(400, `give each parameter once: ${twice.join(', ')}`);
  return parseWith(schema, value);
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HttpError(400, describeApiIssues(r.error));
  return r.data;
}

/** A numeric path parameter (`/api/assets/:id`). */
export function idParam(ctx: RequestContext, name = 'id'): number {
  const v = ctx.params[name] ?? '';
  if (!/^[1-9]\d{0,15}$/.test(v))
    throw new HttpError(400, `${name}: expected a positive whole number, got "${v}"`);
  return Number(v);
}

/** find-my-way, loaded when a server starts: the other commands do not pay for it at startup. */
export async function loadRouter(): Promise<Router.Instance<Router.HTTPVersion.V1>> {
  const { default: make } = await import('find-my-way');
  return make({ ignoreTrailingSlash: true });
}

export class WebApp {
  constructor(
    private readonly router: Router.Instance<Router.HTTPVersion.V1>,
    private readonly auth: Authenticator,
    private readonly hosts: HostCheck,
    private readonly log: Logger,
  ) {}

  /** Renders a page route's errors (the dashboard sets it when it mounts). */
  pageError: PageError | null = null;

  get secure(): boolean {
    return this.auth.secure;
  }

  route(method: Method, path: string, access: Access, handler: RouteHandler): void {
    this.router.on(method, path, () => {}, { access, handler } satisfies Route);
  }

  /** node:http's request handler. */
  handle = (req: IncomingMessage, res: ServerResponse): void => {
    void this.dispatch(req, res);
  };

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://collector');
    let page = false;
    try {
      if (!this.hosts.allows(req.headers.host))
        throw new HttpError(
          421,
          `this collector does not serve the name ${JSON.stringify(req.headers.host ?? '')}: add it with coverscan serve --allow-host NAME`,
        );
      const method = (req.method === 'HEAD' ? 'GET' : req.method) as Method;
      const found = METHODS.includes(method) ? this.router.find(method, url.pathname) : null;
      if (!found) {
        const allow = METHODS.filter((m) => this.router.find(m, url.pathname));
        if (allow.length)
          throw new HttpError(405, `${req.method} is not allowed here`, { allow: allow.join(', ') });
        throw new HttpError(404, `no such endpoint ${url.pathname}; see GET /api for the list`);
      }
      const route = found.store as Route;
      page = route.access === 'page';
      const principal = this.auth.identify(req);
      if (page && !principal && method === 'GET') {
        const back = url.pathname + url.search;
        res.writeHead(303, {
          location: `/login${back === '/' ? '' : `?next=${encodeURIComponent(back)}`}`,
          'cache-control': 'no-store',
        });
        res.end();
        return;
      }
      if (route.access !== 'public' && !principal)
        throw new HttpError(
          401,
          'log in first (POST /api/login) or send Authorization: Bearer TOKEN (coverscan token create)',
          { 'www-authenticate': 'Bearer realm="coverscan"' },
        );
      let body: Record<string, unknown> = {};
      if (method !== 'GET') {
        body = await readBody(req);
        const refusal = csrfRefusal(req, principal, body[CSRF_FIELD], this.auth.secure);
        if (refusal) throw new HttpError(403, refusal);
        delete body[CSRF_FIELD];
      }
      await route.handler({ req, res, url, params: found.params, principal, body });
    } catch (e) {
      if (res.headersSent) {
        this.log.error({ err: (e as Error).message, path: url.pathname }, 'http response failed midway');
        res.destroy();
      } else if (e instanceof HttpError) {
        if (page && this.pageError) this.pageError(res, e.status, e.message, e.headers);
        else sendJson(res, e.status, { error: e.message }, e.headers);
      } else {
        this.log.error(
          { err: e instanceof Error ? e.message : String(e), path: url.pathname },
          'http request failed',
        );
        sendJson(res, 500, { error: 'internal error' });
      }
    }
  }

  /** Every route, for GET /api. */
  routes(): string {
    return this.router.prettyPrint();
  }
}
