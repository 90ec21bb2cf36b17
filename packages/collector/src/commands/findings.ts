// `coverscan findings list|accept ID --why TEXT|remediate ID`: the finding lifecycle, audited.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { type FormatFlags, formatOf, formatOption, jsonOption, printRows } from '../output-format';
import { siteExists, unknownSite } from '../store/sites';
import type { FindingDecision } from '../store/store';
import { UsageError } from '../usage-error';
import { withStore } from '../with-store';

const who = () => process.env.COVERSCAN_USER || userInfo().username;

function findingId(id: string): number {
  if (!/^\d+$/.test(id)) throw new Error(`finding id must be a number, got "${id}"`);
  return Number(id);
}

/** What a decision replaced, so nobody overwrites an earlier justification unknowingly. */
function replaced(p: FindingDecision): string {
  if (!p.by && !p.why) return `was: ${p.status}`;
  return `was: ${p.status}${p.by ? ` by ${p.by}` : ''}${p.at ? ` at ${p.at}` : ''}${p.why ? `, why "${p.why}"` : ''}`;
}

export function registerFindings(program: Command): void {
  const f = program.command('findings').description(COMMAND_SUMMARIES.findings.summary);
  f.command('list')
    .description('list flagged assets with their finding ids and status')
    .option('--site <name>', 'only the findings of this site (coverscan site list)')
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .action((o: FormatFlags & { db?: string; site?: string }) =>
      withStore(o.db, 'read', (s) => {
        if (o.site !== undefined && !siteExists(s.db, o.site))
          throw new UsageError(unknownSite(s.db, o.site));
        const rows = s.reportRows({ only: 'flagged', site: o.site }).map((r) => ({
          findingId: r.findingId,
          status: r.findingStatus,
          verdict: r.verdict,
          entity: r.entity,
          assetId: r.id,
          asset: r.hostname ?? r.ip ?? r.mac,
          stale: r.stale,
          why: r.findingWhy,
          site: r.site,
        }));
        printRows(
          formatOf(o),
          rows,
          [
            { key: 'findingId', title: 'finding' },
            { key: 'status', title: 'status' },
            { key: 'verdict', title: 'verdict' },
            { key: 'entity', title: 'entity' },
            { key: 'asset', title: 'asset' },
            { key: 'stale', title: 'stale' },
            { key: 'why', title: 'why' },
            { key: 'site', title: 'site' },
          ],
          'no findings',
        );
      }),
    );
  f.command('accept')
    .description('accept a finding (a justified exception) — the reason is kept in the audit log')
    .argument('<id>')
    .usage('<id> --why <text> [options]')
    .requiredOption('--why <text>', '(required) justification, e.g. "isolated lab network, waiver W-12"')
    .option('--by <name>', 'who decides (default $COVERSCAN_USER or the login name)')
    .option('--db <file>', dbHelp)
    .action((id: string, o: { why: string; by?: string; db?: string }) =>
      withStore(o.db, 'write', (s) => {
        if (!o.why.trim()) throw new Error('--why must say why the finding is accepted');
        const was = s.setFindingStatus(findingId(id), 'accepted', o.by ?? who(), o.why);
        console.log(`finding #${id} accepted (${replaced(was)})`);
      }),
    );
  f.command('remediate')
    .description('mark a finding remediated (the equipment is gone); it reopens if seen again')
    .argument('<id>')
    .option('--why <text>', 'what was done')
    .option('--by <name>', 'who did it (default $COVERSCAN_USER or the login name)')
    .option('--db <file>', dbHelp)
    .action((id: string, o: { why?: string; by?: string; db?: string }) =>
      withStore(o.db, 'write', (s) => {
        const was = s.setFindingStatus(findingId(id), 'remediated', o.by ?? who(), o.why ?? null);
        console.log(`finding #${id} remediated (${replaced(was)})`);
      }),
    );
}
