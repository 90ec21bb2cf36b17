// Cross-site request forgery: a state change made with the session cookie must echo the session's
// synchronizer token (header `x-csrf-token`, or form field `_csrf`), and a browser's Origin (or, without
// it, Referer) must be this collector. SameSite=Strict already keeps other sites' requests cookie-less;
// these two hold even where it does not (old browsers, a sibling subdomain). API tokens are not ambient
// credentials: a request with one needs neither.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Principal } from './principal';

export const CSRF_HEADER = 'x-csrf-token';
export const CSRF_FIELD = '_csrf';

/** Why the request's origin is not this collector (null: it is, or the client sent none, as scripts do). */
export function foreignOrigin(req: IncomingMessage, secure: boolean): string | null {
  const origin = req.headers.origin ?? refererOrigin(req.headers.referer);
  if (!origin) return null;
  const own = `${secure ? 'https' : 'http'}://${req.headers.host ?? ''}`.toLowerCase();
  return origin.toLowerCase() === own
    ? null
    : `requests from ${origin} are refused (this collector is ${own})`;
}

function refererOrigin(referer: string | undefined): string | undefined {
  if (!referer) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'an unreadable Referer';
  }
}

/** Why a state change by this principal is refused (null: allowed). */
export function csrfRefusal(
  req: IncomingMessage,
  principal: Principal | null,
  formToken: unknown,
  secure: boolean,
): string | null {
  const foreign = foreignOrigin(req, secure);
  if (foreign) return foreign;
  if (principal?.via !== 'session') return null;
  const header = req.headers[CSRF_HEADER];
  const given = typeof header === 'string' ? header : typeof formToken === 'string' ? formToken : null;
  if (!given) return `missing CSRF token: send the session's csrfToken (GET /api/session) as ${CSRF_HEADER}`;
  const a = Buffer.from(given);
  const b = Buffer.from(principal.csrf);
  return a.length === b.length && timingSafeEqual(a, b) ? null : 'wrong CSRF token';
}
