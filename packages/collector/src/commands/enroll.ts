// `coverscan enroll create|list|revoke [--db FILE]`: enrollment secrets agents use on first contact.
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { commandLine } from '../invocation';
import { type FormatFlags, formatOf, formatOption, jsonOption, printRows } from '../output-format';
import { bindEnrollSecret, EnrollSiteError } from '../store/sweepers';
import { UsageError } from '../usage-error';
import { withStore } from '../with-store';

export function registerEnroll(program: Command): void {
  const enroll = program.command('enroll').description(COMMAND_SUMMARIES.enroll.summary);
  enroll
    .command('create')
    .description('create an enrollment secret and print it (only the secret goes to stdout)')
    .option('--db <file>', dbHelp)
    .option('--label <text>', 'what the secret is for, e.g. "finance laptops"')
    .option('--site <name>', 'the site its agents are at: their assets carry it (coverscan site add)')
    .option(
      '--sweeper',
      "its agents also run the site's agent sweep jobs (sweep-job add --on agent); needs --site",
    )
    .action((o: { db?: string; label?: string; site?: string; sweeper?: boolean }) =>
      withStore(o.db, 'create', (s) => {
        if (o.sweeper && !o.site)
          throw new UsageError('--sweeper needs --site NAME: a sweeper sweeps for one site');
        const { id, secret } = s.transaction(() => {
          const made = s.createEnrollSecret(
            o.label ?? (o.site ? `${o.sweeper ? 'sweeper' : 'agents'} for ${o.site}` : undefined),
          );
          if (o.site) {
            try {
              bindEnrollSecret(s.db, made.id, o.site, !!o.sweeper);
            } catch (e) {
              throw e instanceof EnrollSiteError ? new UsageError(e.message) : e;
            }
          }
          return made;
        });
        console.log(secret);
        console.error(
          `enrollment secret #${id} created; agents enroll with: ${commandLine('coverscan-agent', 'once', '--collector', 'URL', '--enroll-secret', secret)}`,
        );
      }),
    );
  enroll
    .command('list')
    .description('list enrollment secrets (their values are not stored, only hashes)')
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((o: FormatFlags & { db?: string }) =>
      withStore(o.db, 'read', (s) =>
        printRows(formatOf(o), s.listEnrollSecrets(), [
          { key: 'id', title: 'id' },
          { key: 'label', title: 'label' },
          { key: 'createdAt', title: 'created' },
          { key: 'uses', title: 'uses' },
          { key: 'lastUsed', title: 'last used' },
          { key: 'site', title: 'site' },
          { key: 'sweeper', title: 'sweeper' },
          { key: 'revokedAt', title: 'revoked' },
        ]),
      ),
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
