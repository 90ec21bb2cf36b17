// `coverscan report [--db FILE] [--format table|json|csv] [--only covered|review|flagged] [--site NAME]`
import { type Command, Option } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { dbHelp } from '../db-option';
import { commandLine } from '../invocation';
import { type FormatFlags, formatOf, formatOption, jsonOption } from '../output-format';
import { reportCsv } from '../report-csv';
import type { ReportRow } from '../store/report-row';
import { siteExists, unknownSite } from '../store/sites';
import { staleAfter } from '../store/staleness';
import { type VerdictChange, verdictChangesSince } from '../store/verdict-changes';
import { textTable } from '../text-table';
import { UsageError } from '../usage-error';
import { withStore } from '../with-store';

/** What is there now, by verdict, and the stale assets apart (they are not "there now"). */
function summary(rows: ReportRow[], staleAfter: string): string {
  const now = rows.filter((r) => !r.stale);
  const n = (v: string) => now.filter((r) => r.verdict === v).length;
  const stale = rows.length - now.length;
  return (
    `${now.length} asset(s) now: ${n('covered')} covered, ${n('review')} review, ${n('clear')} clear` +
    (stale
      ? `; ${stale} stale (not seen for ${staleAfter}), not counted: ${commandLine('coverscan', 'assets', 'prune', '--older-than', staleAfter)} removes them`
      : '')
  );
}

function table(rows: ReportRow[], staleAfter: string): string {
  if (!rows.length) return 'no assets';
  const t = textTable(
    [
      'id',
      'verdict',
      'kind',
      'vendor',
      'model',
      'host/ip/mac',
      'entity',
      'why',
      'finding',
      'location',
      'last seen',
      'not read',
      'site',
    ],
    rows.map((r) => [
      r.id,
      r.verdict,
      r.kind,
      r.vendor,
      r.model,
      r.hostname ?? r.ip ?? r.mac,
      r.entity,
      r.why,
      r.findingId ? `#${r.findingId} ${r.findingStatus}` : null,
      r.location,
      r.stale ? `${r.lastSeen} (stale)` : r.lastSeen,
      r.incomplete.join(',') || null,
      r.site,
    ]),
    { wide: ['why'] },
  );
  const conflicts = rows.filter((r) => r.identityConflict);
  const notes = conflicts.length
    ? `\n\nidentity conflicts for a person to check:\n${conflicts.map((r) => `  asset ${r.id}: ${r.identityConflict}`).join('\n')}`
    : '';
  return `${t}\n\n${summary(rows, staleAfter)}${notes}`;
}

type Changed = ReportRow & { change: VerdictChange };

const judged = (j: VerdictChange['from']) => `${j.verdict}${j.entity ? ` ${j.entity}` : ''}`;

function changesTable(rows: Changed[], since: string): string {
  if (!rows.length) return `no verdict changed since ${since}`;
  return textTable(
    ['id', 'was', 'now', 'kind', 'vendor', 'host/ip/mac', 'catalog', 'changed', 'why'],
    rows.map((r) => [
      r.id,
      judged(r.change.from),
      judged(r.change.to),
      r.kind,
      r.vendor,
      r.hostname ?? r.ip ?? r.mac,
      r.change.catalogFrom === r.change.catalogTo
        ? `policy ${r.change.policyFrom ?? '?'} -> ${r.change.policyTo}`
        : `${r.change.catalogFrom ?? 'earlier'} -> ${r.change.catalogTo}`,
      r.change.at,
      r.change.reason,
    ]),
  );
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(COMMAND_SUMMARIES.report.summary)
    .option('--db <file>', dbHelp)
    .addOption(formatOption())
    .addOption(jsonOption())
    .addOption(
      new Option('--only <verdicts>', 'only these verdicts').choices(['covered', 'review', 'flagged']),
    )
    .option('--site <name>', 'only the assets of this site (coverscan site list)')
    .option(
      '--changed-since <version|date>',
      'only assets whose verdict moved when re-judged (a new catalog or policy) since this catalog version (`coverscan catalog show`) or date (YYYY-MM-DD), with what it was',
    )
    .action(
      (
        o: FormatFlags & {
          db?: string;
          only?: 'covered' | 'review' | 'flagged';
          site?: string;
          changedSince?: string;
        },
      ) =>
        withStore(o.db, 'read', (s) => {
          if (o.site !== undefined && !siteExists(s.db, o.site))
            throw new UsageError(unknownSite(s.db, o.site));
          const rows = s.reportRows({ only: o.only, site: o.site });
          const format = formatOf(o);
          if (o.changedSince) {
            const changes = verdictChangesSince(s.db, o.changedSince);
            const moved = rows.flatMap((r) => {
              const change = changes.get(r.id);
              return change ? [{ ...r, change }] : [];
            });
            if (format === 'json') process.stdout.write(`${JSON.stringify(moved, null, 2)}\n`);
            else if (format === 'csv')
              process.stdout.write(
                reportCsv(moved, {
                  changedAt: (r) => r.change.at,
                  verdictBefore: (r) => r.change.from.verdict,
                  entityBefore: (r) => r.change.from.entity,
                  catalogFrom: (r) => r.change.catalogFrom,
                  catalogTo: (r) => r.change.catalogTo,
                }),
              );
            else console.log(changesTable(moved, o.changedSince));
            return;
          }
          if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          else if (format === 'csv') process.stdout.write(reportCsv(rows));
          else console.log(table(rows, staleAfter(s.settings)));
          const due = s.settings.pending(s.settings.peek());
          if (due)
            console.error(
              `note: ${due} verdict(s) were judged with another catalog or policy than the one in use; they are re-judged when serve or sweep next runs, or now with: ${commandLine('coverscan', 'catalog', 'rejudge', '--db', s.db.name)}`,
            );
        }),
    );
}
