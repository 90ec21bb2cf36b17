// `coverscan site add NAME CIDR... | list | remove NAME [--db FILE]`: sites, the ranges that belong to them.
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { type FormatFlags, formatOf, formatOption, jsonOption, printRows } from '../output-format';
import { addSite, listSites, removeSite, SiteError } from '../store/sites';
import { refusedAsUsage } from '../usage-error';
import { withStore } from '../with-store';

/** A refused change is the user's input: exit 2 with the store's message. */
const asUsage = <T>(fn: () => T): T => refusedAsUsage(fn, SiteError);

export function registerSite(program: Command): void {
  const site = program.command('site').description(COMMAND_SUMMARIES.site.summary);
  site
    .command('add')
    .description('add a site with its ranges (a range belongs to one site)')
    .argument('<name>', 'the site name, e.g. "paris-office"')
    .argument('<cidr...>', 'its ranges, e.g. 10.20.0.0/16 2001:db8:20::/48')
    .option('--db <file>', dbHelp)
    .action((name: string, cidrs: string[], o: { db?: string }) =>
      withStore(o.db, 'create', (s) => {
        const added = asUsage(() => addSite(s.db, name, cidrs, new Date().toISOString()));
        console.log(`site ${added.name} added: ${added.ranges.join(' ')}`);
      }),
    );
  site
    .command('list')
    .description('list the sites and their ranges')
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((o: FormatFlags & { db?: string }) =>
      withStore(o.db, 'read', (s) => {
        const format = formatOf(o);
        const rows = listSites(s.db);
        printRows(
          format,
          // A table and CSV show the ranges in one cell; JSON keeps the array.
          format === 'json' ? rows : rows.map((r) => ({ ...r, ranges: r.ranges.join(' ') })),
          [
            { key: 'name', title: 'site' },
            { key: 'ranges', title: 'ranges' },
            { key: 'createdAt', title: 'created' },
          ],
          'no sites (coverscan site add NAME CIDR...)',
        );
      }),
    );
  site
    .command('remove')
    .description('remove a site; its assets then have no site (or the site of another range)')
    .argument('<name>', 'the site name')
    .option('--db <file>', dbHelp)
    .action((name: string, o: { db?: string }) =>
      withStore(o.db, 'write', (s) => {
        asUsage(() => removeSite(s.db, name));
        console.log(`site ${name} removed`);
      }),
    );
}
