// `coverscan backup OUT`: a consistent copy of the database, also while the collector writes to it.
// SQLite's online backup API copies every page in one step, inside one read transaction: a snapshot
// as of one commit, and writers carry on meanwhile (WAL). Copying the .db file alone is not a backup:
// committed data sits in the -wal file until a checkpoint moves it.
import {
  closeSync,
  existsSync,
  fchmodSync,
  fsyncSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { APPLICATION_ID, openDatabaseFile } from './database-file';
import { sqlite } from './sqlite-driver';

export interface BackupResult {
  bytes: number;
  schemaVersion: number;
}

/** The largest step the backup API takes: every page at once. */
const ALL_PAGES = 0x7fffffff;

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes the copy one self-contained file (no -wal beside it, readable from read-only media) and checks it. */
function finishCopy(path: string): number {
  const copy = new (sqlite())(path);
  try {
    copy.pragma('journal_mode = DELETE');
    const check = copy.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new Error(`the copy failed its integrity check: ${check}`);
    if (copy.pragma('application_id', { simple: true }) !== APPLICATION_ID)
      throw new Error('the copy is not a coverscan database');
    return copy.pragma('user_version', { simple: true }) as number;
  } finally {
    copy.close();
  }
}

export async function backupDatabase(file: string, out: string): Promise<BackupResult> {
  if (existsSync(out)) throw new Error(`${out} exists; a backup never overwrites a file`);
  // Any schema version of ours is copied as it is (a backup does not migrate).
  const src = openDatabaseFile(file, 'read', Number.POSITIVE_INFINITY).db;
  // Written under a temporary name and renamed when complete: OUT is a whole backup or nothing.
  const tmp = `${out}.partial-${process.pid}`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    fchmodSync(fd, 0o600);
    closeSync(fd);
    await src.backup(tmp, { progress: () => ALL_PAGES });
    const schemaVersion = finishCopy(tmp);
    fsyncPath(tmp);
    renameSync(tmp, out);
    fsyncPath(dirname(out));
    return { bytes: statSync(out).size, schemaVersion };
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    src.close();
  }
}
