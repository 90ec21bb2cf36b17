// The session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it),
// Secure and `__Host-` prefixed under TLS (only this origin, only over HTTPS, never set by a subdomain).
import type { IncomingMessage } from 'node:http';

export function sessionCookieName(secure: boolean): string {
  return secure ? '__Host-coverscan_session' : 'coverscan_session';
}

export function readCookie(req: IncomingMessage, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

/** `value` null: the cookie is cleared. `maxAgeSec`: how long the browser keeps it. */
export function sessionCookie(secure: boolean, value: string | null, maxAgeSec = 0): string {
  const parts = [
    `${sessionCookieName(secure)}=${value ?? ''}`,
    'Path=/',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${value ? Math.floor(maxAgeSec) : 0}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}
