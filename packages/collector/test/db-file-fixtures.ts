// Files for the tests of the database file itself: a closed coverscan database holding one covered
// device, and what "left untouched" is checked against (the bytes, the mode, the directory around it).
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Store } from '../src/store/store';

/** Makes a fresh directory per call (under one temporary root), so "nothing appeared beside it" can be checked. */
export function dirMaker(prefix: string): () => string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  let n = 0;
  return () => mkdtempSync(join(root, `d${++n}-`));
}

/** The file's digest and mode, and the names in its directory (a -wal or -shm made beside it shows). */
export function snapshot(file: string) {
  return {
    sha256: createHash('sha256').update(readFileSync(file)).digest('hex'),
    mode: statSync(file).mode & 0o777,
    dir: readdirSync(join(file, '..')).sort(),
  };
}

/**
 * DIR/inventory.db with one Huawei switch (sysObjectID under enterprise 2011, as a sweep stores it)
 * and its open finding, closed cleanly: every commit is in the file, no -wal beside it.
 */
export function coveredInventory(dir: string): { file: string; findingId: number } {
  const file = join(dir, 'inventory.db');
  const s = Store.open(file, 'create');
  s.ingestAssets(
    [
      {
        kind: 'network-device',
        ip: '127.0.0.5',
        mac: null,
        hostname: 'core-sw',
        vendor: null,
        model: null,
        serial: null,
        identities: [],
        observations: [
          { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: '1.3.6.1.4.1.2011.2.23.289' },
        ],
      },
    ],
    { source: 'sweep' },
  );
  const findingId = s.reportRows()[0].findingId!;
  s.close();
  return { file, findingId };
}
