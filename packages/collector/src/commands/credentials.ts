// `coverscan credentials add NAME (--community C... | --v3-user U [--auth-proto P --auth-key K
//  [--priv-proto P --priv-key K]] | --from FILE) | list | remove NAME [--db FILE]`: the SNMP credentials
// sweep jobs use, sealed at rest (store/secret-box.ts). Keys can come from COVERSCAN_V3_AUTH_KEY /
// COVERSCAN_V3_PRIV_KEY or --from FILE instead of the command line, to stay out of shell history.
import { ENV, resolveCredentials } from '@coverscan/sweep/credentials';
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbFile, dbHelp } from '../db-option';
import { collect } from '../option-values';
import { type FormatFlags, formatOf, formatOption, jsonOption, printRows } from '../output-format';
import {
  addCredentialProfile,
  CredentialProfileError,
  listCredentialProfiles,
  removeCredentialProfile,
} from '../store/credential-profiles';
import { loadKey, SecretError } from '../store/secret-box';
import { refusedAsUsage, UsageError } from '../usage-error';
import { withStore } from '../with-store';

interface AddFlags {
  community: string[];
  from?: string;
  v3User?: string;
  authProto?: string;
  authKey?: string;
  privProto?: string;
  privKey?: string;
  db?: string;
}

const asUsage = <T>(fn: () => T): T => refusedAsUsage(fn, CredentialProfileError, SecretError);

export function registerCredentials(program: Command): void {
  const cmd = program.command('credentials').description(COMMAND_SUMMARIES.credentials.summary);
  cmd
    .command('add')
    .description('add a profile: communities, or an SNMPv3 user with its keys')
    .argument('<name>', 'the profile name, e.g. "branch-ro"')
    .option('--community <c>', 'SNMP v1/v2c community, repeatable, tried in order', collect, [])
    .option('--from <file>', 'read community= / v3-user= / v3-auth-key= ... lines from a file')
    .option('--v3-user <user>', 'SNMPv3 user')
    .option('--auth-proto <proto>', 'md5, sha, sha224, sha256, sha384, sha512')
    .option('--auth-key <key>', `auth passphrase (or ${ENV.v3AuthKey})`)
    .option('--priv-proto <proto>', 'des, aes, aes256b, aes256r')
    .option('--priv-key <key>', `privacy passphrase (or ${ENV.v3PrivKey})`)
    .option('--db <file>', dbHelp)
    .action((name: string, f: AddFlags) => {
      if (!f.community.length && !f.v3User && !f.from)
        throw new UsageError('give --community C (repeatable), --v3-user U with its keys, or --from FILE');
      const creds = asUsage(() =>
        resolveCredentials({
          community: f.community,
          credentials: f.from,
          v3User: f.v3User,
          v3AuthProto: f.authProto,
          v3AuthKey: f.authKey,
          v3PrivProto: f.privProto,
          v3PrivKey: f.privKey,
        }),
      );
      withStore(f.db, 'create', (s) => {
        const key = asUsage(() => loadKey(dbFile(f.db), true));
        const row = asUsage(() => addCredentialProfile(s.db, key, name, creds, new Date().toISOString()));
        console.log(`credentials ${row.name} added (${row.summary})`);
      });
    });
  cmd
    .command('list')
    .description('list the profiles: name and kind, never a secret')
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((o: FormatFlags & { db?: string }) =>
      withStore(o.db, 'read', (s) =>
        printRows(
          formatOf(o),
          listCredentialProfiles(s.db),
          [
            { key: 'name', title: 'profile' },
            { key: 'summary', title: 'holds' },
            { key: 'createdAt', title: 'created' },
          ],
          'no credentials profiles (coverscan credentials add NAME --community C)',
        ),
      ),
    );
  cmd
    .command('remove')
    .description('remove a profile no sweep job uses')
    .argument('<name>', 'the profile name')
    .option('--db <file>', dbHelp)
    .action((name: string, o: { db?: string }) =>
      withStore(o.db, 'write', (s) => {
        asUsage(() => removeCredentialProfile(s.db, name));
        console.log(`credentials ${name} removed`);
      }),
    );
}
