// GET /login, POST /login (a plain form: the API's login path, web/session-api.ts), POST /logout.

import { html } from '../pack/html';
import { deleteSession, SESSION_IDLE_MS } from '../store/sessions';
import type { Store } from '../store/store';
import type { WebServices } from '../web/collector-web';
import { sessionCookie } from '../web/cookies';
import { HttpError } from '../web/http-error';
import { logIn } from '../web/session-api';
import type { WebApp } from '../web/web-app';
import { layout } from './layout';
import { redirect, sendPage } from './page-response';

/** Only a path on this collector: `next` must not send a browser elsewhere after it logs in. */
function localPath(next: unknown): string {
  return typeof next === 'string' && /^\/(?![/\\])/.test(next) ? next : '/';
}

function loginPage(next: string, error: string | null) {
  return layout(
    { title: 'Log in' },
    error ? html`<p class="error" role="alert">${error}</p>` : '',
    html`<form method="post" action="/login">
<input type="hidden" name="next" value="${next}">
<p><label for="user">User</label><input id="user" name="user" autocomplete="username" required value="admin"></p>
<p><label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required autofocus></p>
<p><button>Log in</button></p>
</form>
<p class="muted">The first start of <code>coverscan serve</code> printed the password of <code>admin</code>;
<code>coverscan admin reset-password</code> prints a new one.</p>`,
  );
}

export function mountLogin(app: WebApp, store: Store, s: WebServices): void {
  app.route('GET', '/login', 'public', ({ res, url, principal }) => {
    const next = localPath(url.searchParams.get('next'));
    if (principal) return redirect(res, next);
    sendPage(res, 200, loginPage(next, null));
  });

  app.route('POST', '/login', 'public', async ({ req, res, body }) => {
    const next = localPath(body.next);
    const user = typeof body.user === 'string' ? body.user : '';
    const password = typeof body.password === 'string' ? body.password : '';
    try {
      if (!user || !password) throw new HttpError(400, 'give a user name and a password');
      const session = await logIn(store, s.commit, s.limiter, req.socket.remoteAddress ?? '', user, password);
      redirect(res, next, { 'set-cookie': sessionCookie(app.secure, session.id, SESSION_IDLE_MS / 1000) });
    } catch (e) {
      if (!(e instanceof HttpError)) throw e;
      sendPage(res, e.status, loginPage(next, e.message), e.headers);
    }
  });

  app.route('POST', '/logout', 'page', async ({ res, principal }) => {
    if (principal?.via === 'session') {
      const hash = principal.sessionHash;
      await s.commit(() => deleteSession(store.db, hash));
    }
    redirect(res, '/login', { 'set-cookie': sessionCookie(app.secure, null) });
  });
}
