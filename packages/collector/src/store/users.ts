// The people who log in to the HTTP API. `serve` creates the first one (admin) with a generated password
// shown once; `coverscan admin reset-password` sets a new one and ends that user's sessions.
import type Database from 'better-sqlite3';

export interface UserRow {
  id: number;
  name: string;
  passwordHash: string;
}

export const ADMIN = 'admin';

export function userCount(db: Database.Database): number {
  return (db.prepare('SELECT count(*) n FROM users').get() as { n: number }).n;
}

export function userByName(db: Database.Database, name: string): UserRow | undefined {
  return db.prepare('SELECT id, name, password_hash passwordHash FROM users WHERE name = ?').get(name) as
    | UserRow
    | undefined;
}

/** Creates the user, or (`replace`) gives an existing one this password hash and ends its sessions. */
export function setUserPassword(db: Database.Database, name: string, hash: string, at: string): number {
  return db.transaction(() => {
    const had = userByName(db, name);
    if (!had)
      return Number(
        db
          .prepare('INSERT INTO users (name, password_hash, created_at, password_set_at) VALUES (?, ?, ?, ?)')
          .run(name, hash, at, at).lastInsertRowid,
      );
    db.prepare('UPDATE users SET password_hash = ?, password_set_at = ? WHERE id = ?').run(hash, at, had.id);
    db.prepare('DELETE FROM sessions WHERE user_id = ?').run(had.id);
    return had.id;
  })();
}
