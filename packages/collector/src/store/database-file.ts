// The database file before anything is written to it: it is recognised as ours (application_id, then
// user_version) from its header and a read-only connection, and only then opened the way the command
// needs. A missing file is created only by the commands that may create one; a file we do not
// recognise, or one written by a newer coverscan, is refused without a byte, mode or pragma changed.
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  fchmodSync,
  fstatSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
} from 'node:fs';
import type Database from 'better-sqlite3';
import { sqlite } from './sqlite-driver';

/** SQLite application_id of a coverscan database ("cvsc"), set when the schema is created. */
export const APPLICATION_ID = 0x63767363;

/**
 * read: the file must exist; opened read-only (works on a read-only file or medium).
 * write: the file must exist; opened read-write (its mode is left as it is).
 * create: a missing file is created 0600; otherwise as write.
 */
export type DbAccess = 'read' | 'write' | 'create';

export class StoreVersionError extends Error {}
export class MissingDatabaseError extends Error {}

export interface OpenedFile {
  db: Database.Database;
  /** The file's schema version (user_version); 0 for a new, empty database. */
  version: number;
  /** The file was created (or was an empty file) now: its schema is still to be created. */
  fresh: boolean;
}

const BUSY_MS = 10_000;
const MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** The 100-byte SQLite header, or null for an empty file. */
function readHeader(file: string): Buffer | null {
  const fd = openSync(file, 'r');
  try {
    if (fstatSync(fd).size === 0) return null;
    const h = Buffer.alloc(100);
    const n = readSync(fd, h, 0, 100, 0);
    return h.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/**
 * A copy of the file in memory, for a WAL-mode file that nobody may write (no write permission, a
 * read-only medium): SQLite would need to create its FILE-shm and FILE-wal even to read it, which a
 * read-only medium forbids and which, beside a read-only archive, would be left with the archive's
 * read-only mode and later block writes. With no FILE-wal, the file holds every commit; bytes 18-19
 * then say "rollback journal" so the copy opens without a WAL.
 */
function memoryCopy(file: string): Database.Database {
  if (existsSync(`${file}-wal`))
    throw new Error(
      `${file} cannot be read here: ${file}-wal beside it may hold commits, which SQLite cannot read where it may not write; copy both files to writable storage`,
    );
  return deserialize(readFileSync(file));
}

function writable(file: string): boolean {
  if ((statSync(file).mode & 0o200) === 0) return false;
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** An in-memory database from serialized bytes (see memoryCopy for bytes 18-19). */
export function deserialize(bytes: Buffer): Database.Database {
  bytes[18] = 1;
  bytes[19] = 1;
  return new (sqlite())(bytes);
}

function readOnly(file: string, access: DbAccess, header: Buffer): Database.Database {
  const wal = header[18] === 2;
  if (wal && !existsSync(`${file}-wal`) && !writable(file)) return memoryCopy(file);
  const db = new (sqlite())(file, { readonly: true, fileMustExist: true, timeout: BUSY_MS });
  try {
    db.pragma('schema_version'); // the first read: fails here when the WAL index cannot be made
    return db;
  } catch (e) {
    db.close();
    if (access === 'read' && (e as { code?: string }).code === 'SQLITE_CANTOPEN') return memoryCopy(file);
    throw e;
  }
}

const hex = (n: number) => `0x${(n >>> 0).toString(16)}`;

export function openDatabaseFile(file: string, access: DbAccess, maxVersion: number): OpenedFile {
  if (file === ':memory:') return { db: new (sqlite())(file), version: 0, fresh: true };
  let created = false;
  if (!existsSync(file)) {
    if (access !== 'create')
      throw new MissingDatabaseError(
        `no database at ${file} (nothing was created: check --db or $COVERSCAN_DB; serve, sweep and enroll create start a new one)`,
      );
    // 0600 whatever the umask: it holds agents' key hashes and the whole inventory.
    let fd: number | null = null;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (e) {
      // Another command created it a moment ago: it is an existing file now.
      if ((e as { code?: string }).code !== 'EEXIST')
        throw new Error(`cannot create the database ${file}: ${(e as Error).message}`);
    }
    if (fd !== null) {
      fchmodSync(fd, 0o600);
      closeSync(fd);
      created = true;
    }
  }
  const notOurs = (why: string) =>
    new StoreVersionError(`${file} is not a coverscan database (${why}); it was not changed`);
  const newer = (v: number) =>
    new StoreVersionError(
      `${file} has schema version ${v}, written by a newer coverscan; this one knows up to version ${maxVersion}. Upgrade coverscan to open it (the file was not changed).`,
    );
  const header = readHeader(file);
  if (header === null) {
    if (access !== 'create') throw notOurs('the file is empty');
    // An empty file (ours, just made, or `touch`ed for us) becomes a new database.
  } else {
    if (header.length < 100 || !header.subarray(0, 16).equals(MAGIC)) throw notOurs('not an SQLite file');
    // Without a FILE-wal the header holds the last commit: another program's file is refused from it,
    // before SQLite opens it at all. With one, ours may still read 0 here (its first commits sit in the
    // WAL), so SQLite has the last word.
    const app = header.readUInt32BE(68);
    const version = header.readUInt32BE(60);
    const schemaCookie = header.readUInt32BE(40);
    if (!existsSync(`${file}-wal`)) {
      if (app !== APPLICATION_ID && (app || version || schemaCookie))
        throw notOurs(`application_id ${hex(app)}, user_version ${version}`);
      if (app === APPLICATION_ID && version > maxVersion) throw newer(version);
    }
  }

  let version = 0;
  let fresh = header === null;
  if (header !== null) {
    const ro = readOnly(file, access, header);
    try {
      const appId = ro.pragma('application_id', { simple: true }) as number;
      version = ro.pragma('user_version', { simple: true }) as number;
      const objects = (ro.prepare('SELECT count(*) n FROM sqlite_master').get() as { n: number }).n;
      if (appId === 0 && version === 0 && objects === 0) {
        if (access !== 'create')
          throw notOurs(
            'an empty SQLite database; a .db file copied while the collector ran has its data left in the -wal: use coverscan backup',
          );
        fresh = true;
      } else if (appId !== APPLICATION_ID)
        throw notOurs(`application_id ${hex(appId)}, user_version ${version}, ${objects} schema objects`);
      else if (version > maxVersion) throw newer(version);
      if (access === 'read') return { db: ro, version, fresh: false };
    } catch (e) {
      ro.close();
      throw e;
    }
    ro.close();
  }

  // A file whose owner took away its write permission is an archive: it stays read-only, even for root
  // (SQLite would otherwise open it read-only without a word and fail at the first write).
  if (!writable(file))
    throw new Error(
      `${file} is read-only here (mode ${(statSync(file).mode & 0o777).toString(8)}, or a read-only medium) and this command writes to it; it was not changed`,
    );
  return {
    db: new (sqlite())(file, { fileMustExist: true, timeout: BUSY_MS }),
    version,
    fresh: fresh || created,
  };
}
