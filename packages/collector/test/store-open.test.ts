// Opening the database file (Store.open with read / write / create access) on real files: nothing is
// created, written or chmod-ed unless the command may, and a file that is not ours, or is newer than us,
// is refused with its bytes, mode and neighbours (no -wal/-shm) exactly as they were.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations, SCHEMA_VERSION } from '../src/store/migrations';
import { APPLICATION_ID, type DbAccess, MissingDatabaseError, Store } from '../src/store/store';
import { coveredInventory, dirMaker, snapshot } from './db-file-fixtures';

const freshDir = dirMaker('coverscan-open-');
const opened: Store[] = [];
const open = (file: string, access: DbAccess) => {
  const s = Store.open(file, access);
  opened.push(s);
  return s;
};
afterEach(() => {
  for (const s of opened.splice(0)) s.close();
});

/** A file as coverscan schema version `v` wrote it: migrations 1..v, with rows valid since version 1. */
function writtenByVersion(dir: string, v: number): string {
  const file = join(dir, `v${v}.db`);
  const raw = new Database(file);
  raw.pragma('journal_mode = WAL');
  for (const m of migrations.slice(0, v)) raw.exec(m);
  raw.pragma(`user_version = ${v}`);
  raw.pragma(`application_id = ${APPLICATION_ID}`);
  raw.exec(`INSERT INTO assets (kind, ip, hostname, verdict, entity, first_seen, last_seen)
              VALUES ('network-device', '127.0.0.7', 'old-sw', 'covered', 'huawei', '2026-01-01', '2026-02-01');
            INSERT INTO findings (asset_id, entity, verdict, lists, evidence, first_seen, last_seen)
              VALUES (1, 'huawei', 'covered', '[]', '[]', '2026-01-01', '2026-02-01');
            INSERT INTO sweeps (targets, settings, counters, started_at, finished_at)
              VALUES ('["127.0.0.7"]', '{}', '{"probed":1}', '2026-02-01', '2026-02-01'),
                     ('["127.0.0.8"]', '{}', '{"failed":1}', '2026-02-02', '2026-02-02'),
                     ('["127.0.0.9"]', '{}', NULL, '2026-02-03', NULL);`);
  raw.close();
  return file;
}

describe('a missing file', () => {
  it.each(['read', 'write'] as const)('is refused by a %s open, and nothing is created', (access) => {
    const dir = freshDir();
    const file = join(dir, 'typo.db');
    expect(() => Store.open(file, access)).toThrow(MissingDatabaseError);
    expect(() => Store.open(file, access)).toThrow(/no database at .*typo\.db/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('is created 0600 by a create open, whatever the umask, and reported as created once', () => {
    const file = join(freshDir(), 'new.db');
    const old = process.umask(0);
    try {
      expect(open(file, 'create').created).toBe(true);
    } finally {
      process.umask(old);
    }
    expect(statSync(file).mode & 0o777).toBe(0o600);
    opened.pop()?.close();
    expect(open(file, 'create').created).toBe(false);
  });
});

describe('an existing file of ours', () => {
  it.each(['read', 'write', 'create'] as const)('keeps its mode when opened for %s', (access) => {
    const { file } = coveredInventory(freshDir());
    chmodSync(file, 0o640);
    open(file, access);
    expect(statSync(file).mode & 0o777).toBe(0o640);
  });

  it('opens read-only for reading: reads work, writes fail, the bytes stay', () => {
    const { file } = coveredInventory(freshDir());
    chmodSync(file, 0o444);
    const before = snapshot(file);
    const s = open(file, 'read');
    expect(s.reportRows().map((r) => [r.ip, r.verdict])).toEqual([['127.0.0.5', 'covered']]);
    expect(() => s.createEnrollSecret('x')).toThrow(/readonly/);
    s.close();
    // Also as root, where the mode stops nothing: opened read-only regardless, and nothing appeared
    // beside it (a -shm made with the archive's mode would block writes once it is made writable).
    expect(snapshot(file)).toEqual(before);
  });

  it('is refused for writing when its owner made it read-only, unchanged', () => {
    const { file } = coveredInventory(freshDir());
    chmodSync(file, 0o444);
    const before = snapshot(file);
    expect(() => Store.open(file, 'write')).toThrow(/read-only/);
    expect(() => Store.open(file, 'create')).toThrow(/read-only/);
    expect(snapshot(file)).toEqual(before);
  });

  it('a copy of a live database without its -wal (a 4 KB shell) is refused as not ours, with a hint', () => {
    const dir = freshDir();
    const file = join(dir, 'live.db');
    const live = Store.open(file, 'create');
    const shell = join(dir, 'shell.db');
    copyFileSync(file, shell); // what `cp` takes while the collector runs: the schema is in the WAL
    live.close();
    expect(statSync(shell).size).toBeLessThanOrEqual(4096);
    expect(() => Store.open(shell, 'read')).toThrow(/not a coverscan database.*-wal.*coverscan backup/);
  });
});

describe('a file that is not ours is refused untouched', () => {
  const cases: [string, (file: string) => void][] = [
    [
      'another program’s SQLite file (rollback journal)',
      (f) => {
        const d = new Database(f);
        d.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
        d.close();
      },
    ],
    [
      'another program’s SQLite file in WAL mode',
      (f) => {
        const d = new Database(f);
        d.pragma('journal_mode = WAL');
        d.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('keep me')");
        d.close();
      },
    ],
    [
      'an SQLite file with another application_id',
      (f) => {
        const d = new Database(f);
        d.pragma('application_id = 1234');
        d.exec('CREATE TABLE t (x)');
        d.close();
      },
    ],
    ['a text file', (f) => writeFileSync(f, 'ip,hostname\n10.0.0.1,router\n')],
  ];
  for (const [what, make] of cases)
    it.each(['read', 'write', 'create'] as const)(`${what}, opened for %s`, (access) => {
      const file = join(freshDir(), 'other.db');
      make(file);
      chmodSync(file, 0o644);
      const before = snapshot(file);
      expect(() => Store.open(file, access)).toThrow(/not a coverscan database/);
      expect(snapshot(file)).toEqual(before);
    });

  it.each(['read', 'write'] as const)('an empty file, opened for %s', (access) => {
    const file = join(freshDir(), 'empty.db');
    writeFileSync(file, '');
    expect(() => Store.open(file, access)).toThrow(/not a coverscan database \(the file is empty\)/);
    expect(readFileSync(file).length).toBe(0);
  });
});

describe('schema versions', () => {
  // Every version that shipped: the oldest is built from the first migration's SQL alone.
  const released = Array.from({ length: SCHEMA_VERSION - 1 }, (_, i) => i + 1);

  it.each(released)('a file written by schema version %i is migrated by a write open, rows kept', (v) => {
    const file = writtenByVersion(freshDir(), v);
    const s = open(file, 'write');
    expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    expect(s.reportRows().map((r) => [r.hostname, r.verdict, r.findingStatus])).toEqual([
      ['old-sw', 'covered', 'open'],
    ]);
    s.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();
  });

  it.each(released)(
    'a file written by schema version %i is read through a migrated copy in memory, the file untouched',
    (v) => {
      const file = writtenByVersion(freshDir(), v);
      const { sha256, mode } = snapshot(file);
      const s = open(file, 'read');
      expect(s.reportRows().map((r) => r.hostname)).toEqual(['old-sw']);
      s.close();
      // (SQLite may leave an empty -wal and a -shm beside a writable WAL-mode file it read.)
      expect(snapshot(file)).toMatchObject({ sha256, mode });
      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('user_version', { simple: true })).toBe(v);
      raw.close();
    },
  );

  it('migration 3 gives the sweeps of older files their status from what they recorded', () => {
    const file = writtenByVersion(freshDir(), 2);
    const s = open(file, 'write');
    expect(s.db.prepare('SELECT targets, status FROM sweeps ORDER BY id').all()).toEqual([
      { targets: '["127.0.0.7"]', status: 'done' },
      { targets: '["127.0.0.8"]', status: 'failed' },
      { targets: '["127.0.0.9"]', status: 'running' },
    ]);
  });

  it.each(['read', 'write', 'create'] as const)(
    'a file newer than this coverscan is refused untouched (%s)',
    (access) => {
      const { file } = coveredInventory(freshDir());
      const raw = new Database(file);
      raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
      raw.close();
      chmodSync(file, 0o640);
      const before = snapshot(file);
      expect(() => Store.open(file, access)).toThrow(/written by a newer coverscan.*not changed/);
      expect(snapshot(file)).toEqual(before);
      expect(existsSync(`${file}-wal`)).toBe(false);
    },
  );
});
