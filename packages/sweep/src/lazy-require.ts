// A CommonJS dependency loaded on its first use instead of at start. The command lines ship as one-file
// bundles, where esbuild hoists every static import of an npm dependency to the top of the file: each
// would be loaded by every run of every command (`coverscan --version` loaded the web server, SQLite and
// the logger). Resolved from `from` (the caller's import.meta.url): its own package's dependencies.
import { createRequire } from 'node:module';

export function lazyRequire<T>(from: string, id: string): () => T {
  let m: T | undefined;
  return () => {
    m ??= createRequire(from)(id) as T;
    return m;
  };
}
