// The SQLite driver (better-sqlite3, a native addon), loaded by the first command that opens a database
// rather than by every run of the command line (lazy-require.ts says why).
import { lazyRequire } from '@coverscan/sweep/lazy-require';
import type Database from 'better-sqlite3';

export const sqlite = lazyRequire<typeof Database>(import.meta.url, 'better-sqlite3');
