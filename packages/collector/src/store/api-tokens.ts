// API tokens for scripts (`coverscan token create|list|revoke`): shown once, stored as a digest, sent as
// `Authorization: Bearer TOKEN`. A token acts as the user it was created for.
import type Database from 'better-sqlite3';

export interface ApiTokenRow {
  id: number;
  label: string | null;
  user: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsed: string | null;
}

export function insertApiToken(
  db: Database.Database,
  digest: string,
  userId: number,
  label: string | null,
  at: string,
): number {
  return Number(
    db
      .prepare('INSERT INTO api_tokens (token_hash, label, user_id, created_at) VALUES (?, ?, ?, ?)')
      .run(digest, label, userId, at).lastInsertRowid,
  );
}

export function listApiTokens(db: Database.Database): ApiTokenRow[] {
  return db
    .prepare(
      `SELECT t.id, t.label, u.name user, t.created_at createdAt, t.revoked_at revokedAt, t.last_used lastUsed
       FROM api_tokens t JOIN users u ON u.id = t.user_id ORDER BY t.id`,
    )
    .all() as ApiTokenRow[];
}

export function revokeApiToken(db: Database.Database, id: number, at: string): boolean {
  return (
    db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(at, id)
      .changes > 0
  );
}

/** The token of this digest if it is not revoked: its id, label and user. */
export function findApiToken(
  db: Database.Database,
  digest: string,
): { id: number; label: string | null; user: string; lastUsed: string | null } | null {
  return (
    (db
      .prepare(
        `SELECT t.id, t.label, u.name user, t.last_used lastUsed FROM api_tokens t JOIN users u ON u.id = t.user_id
         WHERE t.token_hash = ? AND t.revoked_at IS NULL`,
      )
      .get(digest) as
      | { id: number; label: string | null; user: string; lastUsed: string | null }
      | undefined) ?? null
  );
}

export function markApiTokenUsed(db: Database.Database, id: number, at: string): void {
  db.prepare('UPDATE api_tokens SET last_used = ? WHERE id = ?').run(at, id);
}
