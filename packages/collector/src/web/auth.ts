// Who is asking: `Authorization: Bearer TOKEN` (an API token, or the deprecated --api-token) or the session
// cookie. Nothing else authenticates — not being on loopback either: any local user of a shared machine
// reaches loopback.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { findApiToken, markApiTokenUsed } from '../store/api-tokens';
import { findSession, touchSession } from '../store/sessions';
import type { Store } from '../store/store';
import { readCookie, sessionCookieName } from './cookies';
import type { Principal } from './principal';
import { secretDigest } from './random-secret';

/** Runs a write through the collector's commit queue (it retries while another process holds the lock). */
export type Commit = <T>(op: () => T) => Promise<T>;

/** A token's last use is written at most this often. */
const TOKEN_TOUCH_MS = 60_000;

export class Authenticator {
  constructor(
    private readonly store: Store,
    private readonly commit: Commit,
    readonly secure: boolean,
    /** `serve --api-token` (deprecated): one shared bearer token, acting as `api-token`. */
    private readonly legacyToken: string | null = null,
  ) {}

  identify(req: IncomingMessage): Principal | null {
    const auth = req.headers.authorization;
    if (auth) return this.bearer(auth);
    const id = readCookie(req, sessionCookieName(this.secure));
    return id ? this.session(id) : null;
  }

  private bearer(header: string): Principal | null {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) return null;
    const token = m[1];
    if (this.legacyToken) {
      const given = Buffer.from(token);
      const want = Buffer.from(this.legacyToken);
      if (given.length === want.length && timingSafeEqual(given, want))
        return { via: 'token', user: 'api-token', by: 'api-token (serve --api-token)', tokenId: null };
    }
    const row = findApiToken(this.store.db, secretDigest(token));
    if (!row) return null;
    const now = Date.now();
    if (!row.lastUsed || now - Date.parse(row.lastUsed) > TOKEN_TOUCH_MS)
      void this.commit(() => markApiTokenUsed(this.store.db, row.id, new Date(now).toISOString())).catch(
        () => {},
      );
    return {
      via: 'token',
      user: row.user,
      by: `${row.user} (token #${row.id}${row.label ? ` ${row.label}` : ''})`,
      tokenId: row.id,
    };
  }

  private session(id: string): Principal | null {
    const hash = secretDigest(id);
    const now = Date.now();
    const s = findSession(this.store.db, hash, now);
    if (!s) return null;
    // The idle deadline slides in the background; a lost touch only shortens the session by a minute.
    void this.commit(() => touchSession(this.store.db, hash, s, now)).catch(() => {});
    return {
      via: 'session',
      user: s.user,
      by: s.user,
      sessionHash: hash,
      csrf: s.csrf,
      expiresAt: s.expiresAt,
    };
  }
}
