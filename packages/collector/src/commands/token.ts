// `coverscan token create|list|revoke`: API tokens for scripts (Authorization: Bearer TOKEN). A token is
// shown once at creation; only its digest is stored.
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { type FormatFlags, formatOf, formatOption, jsonOption, printRows } from '../output-format';
import { insertApiToken, listApiTokens, revokeApiToken } from '../store/api-tokens';
import { ADMIN, userByName } from '../store/users';
import { randomSecret, secretDigest } from '../web/random-secret';
import { withStore } from '../with-store';

/** Recognizable in a leaked config or a secret scanner. */
export const TOKEN_PREFIX = 'cst_';

export function registerToken(program: Command): void {
  const t = program.command('token').description(COMMAND_SUMMARIES.token.summary);
  t.command('create')
    .description('make a token and print it once')
    .option('--label <text>', 'what it is for, e.g. "nightly export"')
    .option('--user <name>', 'the user it acts as (its decisions are recorded under that name)', ADMIN)
    .option('--db <file>', dbHelp)
    .action((o: { label?: string; user: string; db?: string }) =>
      withStore(o.db, 'write', (s) => {
        const user = userByName(s.db, o.user);
        if (!user)
          throw new Error(
            `no user ${o.user}: start coverscan serve once (it creates admin) or coverscan admin reset-password --user ${o.user}`,
          );
        const token = TOKEN_PREFIX + randomSecret();
        const id = insertApiToken(
          s.db,
          secretDigest(token),
          user.id,
          o.label ?? null,
          new Date().toISOString(),
        );
        console.log(`token #${id} for ${user.name} (shown once; send it as Authorization: Bearer TOKEN):`);
        console.log(`  ${token}`);
      }),
    );
  t.command('list')
    .description('list tokens (never their values)')
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((o: FormatFlags & { db?: string }) =>
      withStore(o.db, 'read', (s) =>
        printRows(
          formatOf(o),
          listApiTokens(s.db),
          [
            { key: 'id', title: 'id' },
            { key: 'label', title: 'label' },
            { key: 'user', title: 'user' },
            { key: 'createdAt', title: 'created' },
            { key: 'lastUsed', title: 'last used' },
            { key: 'revokedAt', title: 'revoked' },
          ],
          'no tokens',
        ),
      ),
    );
  t.command('revoke')
    .description('revoke a token by id: it is refused from then on')
    .argument('<id>')
    .option('--db <file>', dbHelp)
    .action((id: string, o: { db?: string }) =>
      withStore(o.db, 'write', (s) => {
        if (!/^\d+$/.test(id)) throw new Error(`token id must be a number, got "${id}"`);
        if (!revokeApiToken(s.db, Number(id), new Date().toISOString()))
          throw new Error(`no active token #${id} (coverscan token list)`);
        console.log(`token #${id} revoked`);
      }),
    );
}
