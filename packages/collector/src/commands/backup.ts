// `coverscan backup OUT [--db FILE]`: a consistent copy of the database, safe while `serve` runs.
import type { Command } from 'commander';
import { dbFile, dbHelp } from '../db-option';
import { backupDatabase } from '../store/backup';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description('write a consistent copy of the database to OUT, also while the collector runs')
    .argument('<out>', 'the copy to write (a new file; never overwritten)')
    .option('--db <file>', dbHelp)
    .addHelpText(
      'after',
      `
Do not copy the .db file with cp while the collector runs: what it committed lately sits in the
FILE-wal beside it (a busy database can be a 4 KB shell with everything in the WAL). This command
uses SQLite's online backup: one snapshot, as of one commit, while agents keep reporting.

Restore: stop \`coverscan serve\`; move FILE, FILE-wal and FILE-shm aside (a -wal left beside a
restored file would be replayed into it); copy the backup to FILE; start \`coverscan serve\`.
Check a backup with: coverscan report --db OUT`,
    )
    .action(async (out: string, o: { db?: string }) => {
      const file = dbFile(o.db);
      const r = await backupDatabase(file, out);
      console.error(`backed up ${file} to ${out} (${r.bytes} bytes, schema version ${r.schemaVersion})`);
    });
}
