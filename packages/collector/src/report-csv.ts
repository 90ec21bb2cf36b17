// Report rows as CSV with a header row (csv-stringify handles quoting of commas, quotes and newlines).
import { lazyRequire } from '@coverscan/sweep/lazy-require';

const csv = lazyRequire<typeof import('csv-stringify/sync')>(import.meta.url, 'csv-stringify/sync');

import type { ReportRow } from './store/report-row';

export const csvColumns = [
  'id',
  'ip',
  'mac',
  'hostname',
  'kind',
  'vendor',
  'model',
  'serial',
  'verdict',
  'entity',
  'lists',
  'evidence',
  'location',
  'findingStatus',
  'findingWhy',
  'firstSeen',
  'lastSeen',
  'incomplete',
  'stale',
  // Last: scripts that read the columns by position before it was added keep working.
  'why',
] as const;

/**
 * Added after the extra columns too, so readers by position of a report with extras (--changed-since)
 * keep working as well.
 */
const addedColumns = ['site'] as const;

/**
 * `extra`: more columns after the standard ones, with their value for each row. `header: false` for the
 * pages after the first of a streamed report.
 */
export function reportCsv<R extends ReportRow>(
  rows: R[],
  extra: Record<string, (r: R) => string | null> = {},
  header = true,
): string {
  return csv().stringify(
    rows.map((r) => ({
      ...r,
      lists: r.lists.map((l) => l.name).join('; '),
      evidence: r.evidence.map((e) => `[${e.strength}] ${e.rule}`).join('; '),
      incomplete: r.incomplete.join('; '),
      stale: String(r.stale),
      ...Object.fromEntries(Object.entries(extra).map(([k, f]) => [k, f(r)])),
    })),
    { header, columns: [...csvColumns, ...Object.keys(extra), ...addedColumns] },
  );
}
