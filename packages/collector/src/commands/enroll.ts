// `coverscan enroll create|list|revoke [--db FILE]`: enrollment secrets agents use on first contact.
import type { Command } from 'commander';
import { dbHelp } from '../db-option';
import { textTable } from '../text-table';
import { withStore } from '../with-store';

export function registerEnroll(program: Command): void {
  const enroll = program.command('enroll').description('manage enrollment secrets for agents');
  enroll
    .command('create')
    .description('create an enrollment secret and print it (only the secret goes to stdout)')
    .option('--db <file>', dbHelp)
    .option('--label <text>', 'what the secret is for, e.g. "finance laptops"')
    .action((o: { db?: string; label?: string }) =>
      withStore(o.db, 'create', (s) => {
        const { id, secret } = s.createEnrollSecret(o.label);
        console.log(secret);
        console.error(
          `enrollment secret #${id} created; agents enroll with: coverscan-agent once --collector URL --enroll-secret ${secret}`,
        );
      }),
    );
  enroll
    .command('list')
    .description('list enrollment secrets (their values are not stored, only hashes)')
    .option('--db <file>', dbHelp)
    .option('--json', 'print JSON')
    .action((o: { db?: string; json?: boolean }) =>
      withStore(o.db, 'read', (s) => {
        const rows = s.listEnrollSecrets();
        if (o.json) return console.log(JSON.stringify(rows, null, 2));
        console.log(
          textTable(
            ['id', 'label', 'created', 'uses', 'last used', 'revoked'],
            rows.map((r) => [r.id, r.label, r.createdAt, r.uses, r.lastUsed, r.revokedAt]),
          ),
        );
      }),
    );
  enroll
    .command('revoke')
    .description('revoke an enrollment secret (agents enrolled with it keep working)')
    .argument('<id>', 'secret id from `enroll list`')
    .option('--db <file>', dbHelp)
    .action((id: string, o: { db?: string }) =>
      withStore(o.db, 'write', (s) => {
        if (!/^\d+$/.test(id)) throw new Error(`secret id must be a number, got "${id}"`);
        if (!s.revokeEnrollSecret(Number(id))) throw new Error(`no active enrollment secret with id ${id}`);
        console.log(`enrollment secret #${id} revoked`);
      }),
    );
}
