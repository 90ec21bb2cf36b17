// Where the database is: --db FILE, else $COVERSCAN_DB, else ./coverscan.db.
export const DEFAULT_DB = './coverscan.db';

export function dbFile(opt?: string): string {
  return opt || process.env.COVERSCAN_DB || DEFAULT_DB;
}

export const dbHelp = 'SQLite database file (default $COVERSCAN_DB or ./coverscan.db)';
