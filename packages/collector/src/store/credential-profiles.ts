// Credentials profiles (`coverscan credentials`): named SNMP communities and v3 users a sweep job uses.
// The secrets are sealed (secret-box.ts) under the profile's name; the summary column and every
// listing say only what kind of credential it is.
import type { Credentials } from '@coverscan/sweep/credentials';
import { checkV3 } from '@coverscan/sweep/v3';
import type Database from 'better-sqlite3';
import { open, seal } from './secret-box';

export interface CredentialProfileRow {
  name: string;
  summary: string;
  createdAt: string;
}

/** A refused change (taken or unknown name, nothing given, a profile in use): the user's input. */
export class CredentialProfileError extends Error {}

/** What a profile holds, without a secret: "2 communities", "v3 sha256/aes", "1 community + v3 md5". */
export function summarize(c: Credentials): string {
  const parts: string[] = [];
  if (c.communities.length)
    parts.push(`${c.communities.length} ${c.communities.length === 1 ? 'community' : 'communities'}`);
  if (c.v3) parts.push(`v3 ${c.v3.authProto ?? 'noauth'}/${c.v3.privProto ?? 'nopriv'}`);
  return parts.join(' + ');
}

export function addCredentialProfile(
  db: Database.Database,
  key: Buffer,
  name: string,
  c: Credentials,
  at: string,
): CredentialProfileRow {
  if (!name.trim()) throw new CredentialProfileError('a credentials profile needs a name');
  if (!c.communities.length && !c.v3)
    throw new CredentialProfileError('give --community C (repeatable) or --v3-user U with its keys');
  if (c.v3)
    try {
      checkV3(c.v3);
    } catch (e) {
      throw new CredentialProfileError((e as Error).message);
    }
  const summary = summarize(c);
  return db.transaction(() => {
    if (db.prepare('SELECT 1 FROM credential_profiles WHERE name = ?').get(name))
      throw new CredentialProfileError(`a credentials profile named ${name} exists already`);
    db.prepare('INSERT INTO credential_profiles (name, summary, sealed, created_at) VALUES (?, ?, ?, ?)').run(
      name,
      summary,
      seal(key, JSON.stringify(c), name),
      at,
    );
    return { name, summary, createdAt: at };
  })();
}

export function listCredentialProfiles(db: Database.Database): CredentialProfileRow[] {
  return db
    .prepare('SELECT name, summary, created_at createdAt FROM credential_profiles ORDER BY name')
    .all() as CredentialProfileRow[];
}

export function credentialProfileId(db: Database.Database, name: string): number {
  const row = db.prepare('SELECT id FROM credential_profiles WHERE name = ?').get(name) as
    | { id: number }
    | undefined;
  if (!row)
    throw new CredentialProfileError(`no credentials profile named ${name} (coverscan credentials list)`);
  return row.id;
}

/** The profile's secrets, opened: only for a sweep about to use them. */
export function openCredentialProfile(db: Database.Database, key: Buffer, id: number): Credentials {
  const row = db.prepare('SELECT name, sealed FROM credential_profiles WHERE id = ?').get(id) as
    | { name: string; sealed: string }
    | undefined;
  if (!row) throw new CredentialProfileError(`credentials profile #${id} was removed`);
  return JSON.parse(open(key, row.sealed, row.name)) as Credentials;
}

export function removeCredentialProfile(db: Database.Database, name: string): void {
  const id = credentialProfileId(db, name);
  const jobs = db.prepare('SELECT id FROM sweep_jobs WHERE credentials_id = ? ORDER BY id').all(id) as {
    id: number;
  }[];
  if (jobs.length)
    throw new CredentialProfileError(
      `sweep job(s) ${jobs.map((j) => `#${j.id}`).join(', ')} use ${name}: remove them first (coverscan sweep-job remove ID)`,
    );
  db.prepare('DELETE FROM credential_profiles WHERE id = ?').run(id);
}
