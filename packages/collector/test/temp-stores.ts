// Stores on fresh SQLite files in a temporary directory, each closed after its test.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { Store } from '../src/store/store';

/** Call at a test file's top level: returns `fresh()`, which opens a new store file (closed after the test). */
export function tempStores(prefix: string): () => { store: Store; file: string } {
  const dir = mkdtempSync(join(tmpdir(), `coverscan-${prefix}-`));
  let n = 0;
  const opened: Store[] = [];
  afterEach(() => {
    for (const s of opened.splice(0)) s.close();
  });
  return () => {
    const file = join(dir, `s${++n}.db`);
    const store = Store.open(file);
    opened.push(store);
    return { store, file };
  };
}
