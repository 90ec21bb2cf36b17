// `coverscan report [--db FILE] [--format table|json|csv] [--only covered|review|flagged]`
import { type Command, Option } from 'commander';
import { dbHelp } from '../db-option';
import { type FormatFlags, formatOf, formatOption, jsonOption } from '../output-format';
import { reportCsv } from '../report-csv';
import type { ReportRow } from '../store/report-row';
import { textTable } from '../text-table';
import { withStore } from '../with-store';

function table(rows: ReportRow[]): string {
  if (!rows.length) return 'no assets';
  return textTable(
    [
      'id',
      'verdict',
      'kind',
      'vendor',
      'model',
      'host/ip/mac',
      'entity',
      'finding',
      'location',
      'last seen',
      'not read',
    ],
    rows.map((r) => [
      r.id,
      r.verdict,
      r.kind,
      r.vendor,
      r.model,
      r.hostname ?? r.ip ?? r.mac,
      r.entity,
      r.findingId ? `#${r.findingId} ${r.findingStatus}` : null,
      r.location,
      r.lastSeen,
      r.incomplete.join(',') || null,
    ]),
  );
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('print every asset with its verdict, entity, lists and evidence')
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .addOption(
      new Option('--only <verdicts>', 'only these verdicts').choices(['covered', 'review', 'flagged']),
    )
    .action((o: FormatFlags & { db?: string; only?: 'covered' | 'review' | 'flagged' }) =>
      withStore(o.db, 'read', (s) => {
        const rows = s.reportRows({ only: o.only });
        const format = formatOf(o);
        if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else if (format === 'csv') process.stdout.write(reportCsv(rows));
        else console.log(table(rows));
      }),
    );
}
