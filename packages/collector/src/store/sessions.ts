// Login sessions (cookie). The cookie holds a random id; the table holds its digest, the user, the CSRF
// token that state changes must echo (csrf.ts) and when it ends: after IDLE without a request, and at the
// latest MAX after login.
import type Database from 'better-sqlite3';

export const SESSION_IDLE_MS = 8 * 3_600_000;
export const SESSION_MAX_MS = 7 * 86_400_000;
/** A session's last use is written at most this often (a read request does not write every time). */
const TOUCH_EVERY_MS = 60_000;

export interface SessionRow {
  user: string;
  userId: number;
  csrf: string;
  createdAt: string;
  lastUsed: string;
  expiresAt: string;
}

export function createSession(
  db: Database.Database,
  idHash: string,
  userId: number,
  csrf: string,
  address: string,
  now: number,
): string {
  const at = new Date(now).toISOString();
  const expires = new Date(now + SESSION_IDLE_MS).toISOString();
  db.prepare('DELETE FROM sessions WHERE expires_at < ?').run(at);
  db.prepare(
    'INSERT INTO sessions (id_hash, user_id, csrf, created_at, last_used, expires_at, address) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(idHash, userId, csrf, at, at, expires, address);
  return expires;
}

/** The live session of this id digest (null: none, expired, or its user is gone). */
export function findSession(db: Database.Database, idHash: string, now: number): SessionRow | null {
  const row = db
    .prepare(
      `SELECT u.name user, s.user_id userId, s.csrf, s.created_at createdAt, s.last_used lastUsed, s.expires_at expiresAt
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?`,
    )
    .get(idHash) as SessionRow | undefined;
  if (!row || row.expiresAt <= new Date(now).toISOString()) return null;
  return row;
}

/** Slides the idle deadline (capped at MAX after login); skipped when it was done less than a minute ago. */
export function touchSession(db: Database.Database, idHash: string, s: SessionRow, now: number): SessionRow {
  if (now - Date.parse(s.lastUsed) < TOUCH_EVERY_MS) return s;
  const cap = Date.parse(s.createdAt) + SESSION_MAX_MS;
  const lastUsed = new Date(now).toISOString();
  const expiresAt = new Date(Math.min(now + SESSION_IDLE_MS, cap)).toISOString();
  db.prepare('UPDATE sessions SET last_used = ?, expires_at = ? WHERE id_hash = ?').run(
    lastUsed,
    expiresAt,
    idHash,
  );
  return { ...s, lastUsed, expiresAt };
}

export function deleteSession(db: Database.Database, idHash: string): void {
  db.prepare('DELETE FROM sessions WHERE id_hash = ?').run(idHash);
}
