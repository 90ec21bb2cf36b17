// `coverscan backup OUT [--db FILE]`: a consistent copy of the database, safe while `serve` runs.
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbFile, dbHelp } from '../db-option';
import { backupDatabase } from '../store/backup';

export function registerBackup(program: Command): void {
  program
    .command('backup')
    .description(COMMAND_SUMMARIES.backup.summary)
    .argument('<out>', 'the copy to write (a new file; never overwritten)')
    .option('--db <file>', dbHelp)
    .addHelpText(
      'after',
      `
A plain \`cp coverscan.db\` while the collector runs is not a backup: recent commits sit in
coverscan.db-wal beside it (a busy database can be a 4 KB shell with everything in the WAL).
This command uses SQLite's online backup API: one snapshot as of one commit, taken while agents
keep reporting, written as one self-contained file (mode 0600, no -wal beside it).

Restore: stop \`coverscan serve\`; move coverscan.db, coverscan.db-wal and coverscan.db-shm
aside (a -wal left beside the restored file would be replayed into it); copy the backup to
coverscan.db; start \`coverscan serve\`. Check a backup first: coverscan report --db OUT`,
    )
    .action(async (out: string, o: { db?: string }) => {
      const file = dbFile(o.db);
      const r = await backupDatabase(file, out);
      console.error(`backed up ${file} to ${out} (${r.bytes} bytes, schema version ${r.schemaVersion})`);
    });
}
