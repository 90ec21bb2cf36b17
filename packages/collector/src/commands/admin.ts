// `coverscan admin reset-password [--user NAME]`: a new password for a user of the HTTP API (made if it
// does not exist), printed once; the user's sessions end. For a forgotten password, on the collector's host.
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { ADMIN, setUserPassword } from '../store/users';
import { generatePassword } from '../web/first-admin';
import { hashPassword } from '../web/password-hash';
import { openStore } from '../with-store';

export function registerAdmin(program: Command): void {
  const a = program.command('admin').description(COMMAND_SUMMARIES.admin.summary);
  a.command('reset-password')
    .description('set a new generated password for a user (default admin), print it once, end its sessions')
    .option('--user <name>', 'whose password', ADMIN)
    .option('--db <file>', dbHelp)
    .action(async (o: { user: string; db?: string }) => {
      if (!/^[\w.@-]{1,100}$/.test(o.user)) throw new Error('--user: letters, digits, . _ @ - (at most 100)');
      const store = openStore(o.db, 'write');
      try {
        const password = generatePassword();
        const hash = await hashPassword(password);
        setUserPassword(store.db, o.user, hash, new Date().toISOString());
        console.log(`new password for ${o.user} (shown once; its sessions have ended):`);
        console.log(`  ${password}`);
      } finally {
        store.close();
      }
    });
}
