// POST /api/login, POST /api/logout, GET /api/session: the cookie session a browser works in.
import { loginSchema } from '@coverscan/shared';
import { createSession, deleteSession, SESSION_IDLE_MS } from '../store/sessions';
import type { Store } from '../store/store';
import { userByName } from '../store/users';
import type { Commit } from './auth';
import { sessionCookie } from './cookies';
import { HttpError } from './http-error';
import type { LoginLimiter } from './login-limit';
import { hashPassword, verifyPassword } from './password-hash';
import { randomSecret, secretDigest } from './random-secret';
import { sendJson } from './respond';
import { parseWith, type WebApp } from './web-app';

/** Verified against when the user does not exist, so a wrong name takes as long as a wrong password. */
let decoy: Promise<string> | null = null;

export interface NewSession {
  user: string;
  /** The cookie's value (only its digest is stored). */
  id: string;
  csrf: string;
  expiresAt: string;
}

/**
 * Checks a user name and password under the login limits and opens a session: the API's login and the
 * dashboard's login form are this one path. Throws 429 (limited) or 401 (wrong).
 */
export async function logIn(
  store: Store,
  commit: Commit,
  limiter: LoginLimiter,
  address: string,
  user: string,
  password: string,
): Promise<NewSession> {
  const wait = limiter.waitFor(address, user);
  if (wait)
    throw new HttpError(429, `too many failed logins: try again in ${wait} s`, {
      'retry-after': String(wait),
    });
  const row = userByName(store.db, user);
  decoy ??= hashPassword(randomSecret());
  const ok = await verifyPassword(password, row?.passwordHash ?? (await decoy));
  if (!row || !ok) {
    limiter.failed(address, user);
    throw new HttpError(401, 'wrong user name or password');
  }
  const id = randomSecret();
  const csrf = randomSecret();
  const expiresAt = await commit(() =>
    createSession(store.db, secretDigest(id), row.id, csrf, address, Date.now()),
  );
  return { user: row.name, id, csrf, expiresAt };
}

export function mountSessionApi(app: WebApp, store: Store, commit: Commit, limiter: LoginLimiter): void {
  app.route('POST', '/api/login', 'public', async ({ req, res, body }) => {
    const { user, password } = parseWith(loginSchema, body);
    const s = await logIn(store, commit, limiter, req.socket.remoteAddress ?? '', user, password);
    sendJson(
      res,
      200,
      { user: s.user, csrfToken: s.csrf, expiresAt: s.expiresAt },
      { 'set-cookie': sessionCookie(app.secure, s.id, SESSION_IDLE_MS / 1000) },
    );
  });

  app.route('POST', '/api/logout', 'user', async ({ res, principal }) => {
    if (principal?.via === 'session') {
      const hash = principal.sessionHash;
      await commit(() => deleteSession(store.db, hash));
    }
    sendJson(res, 200, { ok: true }, { 'set-cookie': sessionCookie(app.secure, null) });
  });

  app.route('GET', '/api/session', 'user', ({ res, principal }) => {
    if (!principal) return;
    sendJson(
      res,
      200,
      principal.via === 'session'
        ? { user: principal.user, via: 'session', csrfToken: principal.csrf, expiresAt: principal.expiresAt }
        : { user: principal.user, via: 'token', by: principal.by },
    );
  });
}
