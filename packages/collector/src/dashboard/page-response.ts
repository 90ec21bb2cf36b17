// A dashboard page's answer: HTML that no cache keeps (per-user data behind a login) and that no other
// site may frame (the decision forms would be clickjacking targets).
import type { ServerResponse } from 'node:http';
import type { Html } from '../pack/html';

const HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'same-origin',
  // Only this collector's own pages, styles inline; the one script is the pack's print button.
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; script-src 'self'",
};

export function sendPage(
  res: ServerResponse,
  status: number,
  page: Html | string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...HEADERS, ...headers });
  res.end(typeof page === 'string' ? page : page.text);
}

/** After a form's POST: the browser GETs the result (a reload does not post twice). */
export function redirect(res: ServerResponse, location: string, headers: Record<string, string> = {}): void {
  res.writeHead(303, { location, 'cache-control': 'no-store', ...headers });
  res.end();
}
