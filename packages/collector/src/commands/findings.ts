// `coverscan findings list|accept ID --why TEXT|remediate ID`: the finding lifecycle, audited.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { dbHelp } from '../db-option';
import { textTable } from '../text-table';
import { withStore } from '../with-store';

const who = () => process.env.COVERSCAN_USER || userInfo().username;

function findingId(id: string): number {
  if (!/^\d+$/.test(id)) throw new Error(`finding id must be a number, got "${id}"`);
  return Number(id);
}

export function registerFindings(program: Command): void {
  const f = program.command('findings').description('list findings and record decisions about them');
  f.command('list')
    .description('list flagged assets with their finding ids and status')
    .option('--db <file>', dbHelp)
    .action((o: { db?: string }) =>
      withStore(o.db, 'read', (s) => {
        const rows = s.reportRows({ only: 'flagged' });
        console.log(
          textTable(
            ['finding', 'status', 'verdict', 'entity', 'asset', 'why'],
            rows.map((r) => [
              r.findingId,
              r.findingStatus,
              r.verdict,
              r.entity,
              r.hostname ?? r.ip ?? r.mac,
              r.findingWhy,
            ]),
          ),
        );
      }),
    );
  f.command('accept')
    .description('accept a finding (a justified exception) — the reason is kept in the audit log')
    .argument('<id>')
    .requiredOption('--why <text>', 'justification, e.g. "isolated lab network, waiver W-12"')
    .option('--by <name>', 'who decides (default $COVERSCAN_USER or the login name)')
    .option('--db <file>', dbHelp)
    .action((id: string, o: { why: string; by?: string; db?: string }) =>
      withStore(o.db, 'write', (s) => {
        if (!o.why.trim()) throw new Error('--why must say why the finding is accepted');
        s.setFindingStatus(findingId(id), 'accepted', o.by ?? who(), o.why);
        console.log(`finding #${id} accepted`);
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
        s.setFindingStatus(findingId(id), 'remediated', o.by ?? who(), o.why ?? null);
        console.log(`finding #${id} remediated`);
      }),
    );
}
