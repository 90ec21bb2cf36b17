// Tests that read the HTTP API authenticate as a script would: with an API token, made here the way
// `coverscan token create` makes one (a digest in api_tokens, for a user that exists).
import { insertApiToken } from '../src/store/api-tokens';
import { Store } from '../src/store/store';
import { ADMIN, setUserPassword, userByName } from '../src/store/users';
import { randomSecret, secretDigest } from '../src/web/random-secret';

/** A bearer token acting as `admin` (made with a placeholder password hash when no user exists yet). */
export function grantToken(store: Store, label = 'tests'): { authorization: string } {
  const at = new Date().toISOString();
  const user = userByName(store.db, ADMIN)?.id ?? setUserPassword(store.db, ADMIN, 'scrypt$unusable', at);
  const token = `cst_${randomSecret()}`;
  insertApiToken(store.db, secretDigest(token), user, label, at);
  return { authorization: `Bearer ${token}` };
}

const byFile = new Map<string, { authorization: string }>();

/** The same, for a database file another process serves (one token per file). */
export function tokenFor(db: string): { authorization: string } {
  let h = byFile.get(db);
  if (!h) {
    const s = Store.open(db, 'write');
    try {
      h = grantToken(s);
    } finally {
      s.close();
    }
    byFile.set(db, h);
  }
  return h;
}
