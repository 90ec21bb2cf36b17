// `coverscan catalog show|update FILE|export|rejudge`: the catalog (and policy) verdicts are judged with.
// `update` installs a newer validated catalog bundle into the collector's database and re-judges every
// stored asset; a running `coverscan serve` on the same database follows within seconds.
import { readFileSync, writeFileSync } from 'node:fs';
import type { PolicyId } from '@coverscan/shared';
import type { Command } from 'commander';
import { bundleOf, parseBundle } from '../catalog/bundle';
import { dbHelp } from '../db-option';
import { commandLine } from '../invocation';
import { judgeDue } from '../judge-due';
import { policyOption } from '../policy-option';
import { textTable } from '../text-table';
import { withStore } from '../with-store';

export function registerCatalog(program: Command): void {
  const c = program
    .command('catalog')
    .description('the catalog verdicts are judged with: show it, install a newer one, export it, re-judge');
  c.command('show')
    .description('the catalog and policy in use, the catalogs used before, and how many verdicts are due')
    .option('--db <file>', dbHelp)
    .option('--json', 'print JSON')
    .action((o: { db?: string; json?: boolean }) =>
      withStore(o.db, 'read', (s) => {
        const now = s.settings.peek();
        const due = s.settings.pending(now);
        const used = s.settings.list();
        if (o.json)
          return console.log(
            JSON.stringify(
              { catalog: now.version, origin: now.origin, policy: now.policyId, due, catalogs: used },
              null,
              2,
            ),
          );
        console.log(
          `catalog in use: ${now.version} (${now.origin === 'shipped' ? 'shipped with this coverscan' : 'installed'})`,
        );
        console.log(`policy: ${now.policyId}`);
        console.log(
          `verdicts due for re-judging: ${due}${due ? ` (${commandLine('coverscan', 'catalog', 'rejudge', '--db', s.db.name)}, or they are re-judged when serve or sweep next runs)` : ''}`,
        );
        if (used.length)
          console.log(
            `\n${textTable(
              ['#', 'version', 'origin', 'digest', 'recorded'],
              used.map((r) => [r.id, r.version, r.origin, r.digest.slice(0, 12), r.recordedAt]),
            )}`,
          );
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
