// Opens the store for one command and closes it afterwards, whatever happens.
import { dbFile } from './db-option';
import { Store } from './store/store';

export function withStore<T>(db: string | undefined, fn: (s: Store) => T): T {
  const store = Store.open(dbFile(db));
  try {
    return fn(store);
  } finally {
    store.close();
  }
}
