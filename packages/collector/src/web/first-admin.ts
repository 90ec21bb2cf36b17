// The first start of `serve` creates the user `admin` with a generated password and returns it, to be
// shown once: only its scrypt hash is stored. `coverscan admin reset-password` makes a new one.
import type { Store } from '../store/store';
import { ADMIN, setUserPassword, userCount } from '../store/users';
import { hashPassword } from './password-hash';
import { randomSecret } from './random-secret';

/** 144 random bits, 24 characters: typed once, then kept in a password manager. */
export function generatePassword(): string {
  return randomSecret(18);
}

/** Creates `admin` when the collector has no user yet; its password, or null when users exist. */
export async function ensureFirstAdmin(store: Store): Promise<string | null> {
  if (userCount(store.db) > 0) return null;
  const password = generatePassword();
  const hash = await hashPassword(password);
  const made = store.transaction(() => {
    // Another `serve` on the same file may have made it meanwhile: its password stands.
    if (userCount(store.db) > 0) return false;
    setUserPassword(store.db, ADMIN, hash, new Date().toISOString());
    return true;
  });
  return made ? password : null;
}
