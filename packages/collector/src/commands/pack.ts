// `coverscan pack --out FILE.pdf|FILE.html [--site S] [--list L] [--db F]`: the attestation evidence pack.
// HTML is written as it is; PDF is the same page printed by headless Chromium, in parts (pack/pdf.ts).
import { writeFileSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { gatherPack } from '../pack/data';
import { type PdfPrinter, startPrinter } from '../pack/pdf';
import { renderPackHtml } from '../pack/render';
import { UsageError } from '../usage-error';
import { openStore } from '../with-store';

export function registerPack(program: Command): void {
  program
    .command('pack')
    .description(COMMAND_SUMMARIES.pack.summary)
    .requiredOption('--out <file>', '(required) FILE.html, or FILE.pdf (printed by headless Chromium)')
    .option('--site <name>', 'only this site (coverscan site list)')
    .option(
      '--list <id>',
      'only the items under this list (its id, e.g. fcc-covered; an unknown id lists the ids)',
    )
    .option('--db <file>', dbHelp)
    .action(async (o: { out: string; site?: string; list?: string; db?: string }) => {
      const ext = extname(o.out).toLowerCase();
      if (!['.pdf', '.html', '.htm'].includes(ext))
        throw new UsageError(`--out must end in .pdf or .html, got "${o.out}"`);
      // Chromium starts (a few seconds on a busy machine) while the store is read and the page drawn.
      const printer: Promise<PdfPrinter> | null = ext === '.pdf' ? startPrinter() : null;
      // Its failure (no Chromium) is reported where it is awaited, not as an unhandled rejection meanwhile.
      printer?.catch(() => undefined);
      let data: ReturnType<typeof gatherPack>;
      let printed = '';
      try {
        const store = openStore(o.db, 'read');
        try {
          data = gatherPack(store, { site: o.site, list: o.list });
        } finally {
          store.close();
        }
        if (printer) {
          const { pages, parts } = await (await printer).print(data, o.out);
          printed = ` (${pages} pages, printed in ${parts} part${parts > 1 ? 's' : ''})`;
        } else writeFileSync(o.out, renderPackHtml(data));
      } finally {
        // Closed whether the pack was printed or gathering it failed (an unknown --list, say).
        await printer?.then((p) => p.close()).catch(() => undefined);
      }
      const flagged = (v: string) => data.items.filter((i) => i.asset.verdict === v).length;
      const accepted = data.items.filter((i) => i.asset.findingStatus === 'accepted').length;
      const x = data.notLookedAt;
      console.error(
        `wrote ${o.out}${printed}: ${flagged('covered')} covered, ${flagged('review')} review, ${accepted} accepted exception(s); not looked at: ${x.unreachable.length} unreachable range(s), ${x.incomplete.length} incomplete device(s), ${x.staleAgents.length} stale agent(s)`,
      );
    });
}
