// `coverscan catalog show|update FILE|export|rejudge`: the catalog (and policy) verdicts are judged with.
// `update` installs a newer validated catalog bundle into the collector's database and re-judges every
// stored asset; a running `coverscan serve` on the same database follows within seconds.
import { readFileSync, writeFileSync } from 'node:fs';
import type { PolicyId } from '@coverscan/shared';
import type { Command } from 'commander';
import { bundleOf, parseBundle } from '../catalog/bundle';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { commandLine } from '../invocation';
import { judgeDue } from '../judge-due';
import { type FormatFlags, formatOf, formatOption, jsonOption, printRows } from '../output-format';
import { policyOption } from '../policy-option';
import { withStore } from '../with-store';

export function registerCatalog(program: Command): void {
  const c = program.command('catalog').description(COMMAND_SUMMARIES.catalog.summary);
  c.command('show')
    .description(
      'the catalogs the collector judged with (the one in use first, with the policy and how many verdicts are due)',
    )
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((o: FormatFlags & { db?: string }) =>
      withStore(o.db, 'read', (s) => {
        const now = s.settings.peek();
        const due = s.settings.pending(now);
        const used = s.settings.list().reverse();
        const current = used.find((r) => r.id === now.catalogId);
        // The shipped catalog is recorded when it first judges something: until then it is listed anyway.
        const rows = [
          {
            ...(current ?? {
              id: null,
              version: now.version,
              origin: now.origin,
              digest: null,
              recordedAt: null,
            }),
            inUse: true,
            policy: now.policyId,
            verdictsDue: due,
          },
          ...used
            .filter((r) => r !== current)
            .map((r) => ({ ...r, inUse: false, policy: null, verdictsDue: null })),
        ];
        const format = formatOf(o);
        if (format === 'table') {
          console.log(
            `catalog in use: ${now.version} (${now.origin === 'shipped' ? 'shipped with this coverscan' : 'installed'}), policy ${now.policyId}`,
          );
          console.log(
            `verdicts due for re-judging: ${due}${due ? ` (${commandLine('coverscan', 'catalog', 'rejudge', '--db', s.db.name)}, or they are re-judged when serve or sweep next runs)` : ''}\n`,
          );
        }
        printRows(format, rows, [
          { key: 'id', title: '#' },
          { key: 'version', title: 'version' },
          { key: 'origin', title: 'origin' },
          { key: 'digest', title: 'digest' },
          { key: 'recordedAt', title: 'recorded' },
          { key: 'inUse', title: 'in use' },
          { key: 'policy', title: 'policy' },
          { key: 'verdictsDue', title: 'due' },
        ]);
      }),
    );
  c.command('update')
    .description('install a newer catalog bundle (validated first) and re-judge every stored asset')
    .argument('<file>', 'catalog bundle, as `coverscan catalog export` writes it')
    .option('--db <file>', dbHelp)
    .addOption(policyOption())
    .action((file: string, o: { db?: string; policy?: PolicyId }) => {
      // Validated before the database is opened: a bad file changes nothing.
      const loaded = parseBundle(readFileSync(file, 'utf8'), file);
      withStore(o.db, 'write', (s) => {
        const before = s.useJudging();
        s.transaction(() => s.settings.install(loaded, before));
        console.error(`catalog ${before.version} -> ${loaded.version} installed`);
        judgeDue(s, o.policy, { wait: true });
      });
    });
  c.command('export')
    .description('write the catalog in use as a bundle (to review, edit and install elsewhere)')
    .option('--db <file>', dbHelp)
    .option('--out <file>', 'write here instead of stdout')
    .action((o: { db?: string; out?: string }) =>
      withStore(o.db, 'read', (s) => {
        const text = `${JSON.stringify(bundleOf(s.settings.peek().load().data), null, 2)}\n`;
        if (o.out) writeFileSync(o.out, text);
        else process.stdout.write(text);
      }),
    );
  c.command('rejudge')
    .description(
      're-judge the stored verdicts that are due (after an upgrade), or all of them under --policy',
    )
    .option('--db <file>', dbHelp)
    .addOption(policyOption())
    .action((o: { db?: string; policy?: PolicyId }) =>
      withStore(o.db, 'write', (s) => {
        const t = judgeDue(s, o.policy, { wait: true });
        if (!t.judged && !t.byCollector)
          console.error('nothing to re-judge: every verdict is judged with the catalog and policy in use');
      }),
    );
}
