// Opens the store for one command and closes it afterwards, whatever happens. Each command says how it
// uses the file: only the ones that may start a new database ('create') ever make one, and say so.
import { dbFile } from './db-option';
import { type DbAccess, Store } from './store/store';

export function openStore(db: string | undefined, access: DbAccess): Store {
  const file = dbFile(db);
  const store = Store.open(file, access);
  if (store.created)
    console.error(`coverscan: started a new database ${file} (schema version ${store.schemaVersion})`);
  return store;
}

export function withStore<T>(db: string | undefined, access: DbAccess, fn: (s: Store) => T): T {
  const store = openStore(db, access);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}
