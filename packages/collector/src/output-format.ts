// One output switch for every command that prints data: `--format table|json|csv`, and `--json` for
// `--format json`. Tables are for people; JSON is one array; CSV has a header row of the JSON keys.

import { lazyRequire } from '@coverscan/sweep/lazy-require';
import { Option } from 'commander';

const csv = lazyRequire<typeof import('csv-stringify/sync')>(import.meta.url, 'csv-stringify/sync');

import { textTable } from './text-table';

export const formats = ['table', 'json', 'csv'] as const;
export type Format = (typeof formats)[number];

export interface FormatFlags {
  format: Format;
  json?: boolean;
}

export const formatOption = (what = 'output format') =>
  new Option('--format <format>', what).choices(formats).default('table');
export const jsonOption = () => new Option('--json', 'the same as --format json').conflicts('format');

export function formatOf(o: FormatFlags): Format {
  return o.json ? 'json' : o.format;
}

/** A column: the row's key (the CSV header and JSON key) and its title in a table. */
export interface Column {
  key: string;
  title: string;
}

/** CSV with a header row; lists and objects in a cell are written as JSON. */
export function toCsv(rows: object[], columns: readonly string[]): string {
  return csv().stringify(rows as Record<string, unknown>[], {
    header: true,
    columns: [...columns],
    cast: { object: (v) => JSON.stringify(v), boolean: (v) => String(v) },
  });
}

/** Prints rows as a table (or `empty` when there are none), a JSON array, or CSV. */
export function printRows(format: Format, rows: object[], columns: Column[], empty?: string): void {
  if (format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  else if (format === 'csv')
    process.stdout.write(
      toCsv(
        rows,
        columns.map((c) => c.key),
      ),
    );
  else if (!rows.length && empty) console.log(empty);
  else
    console.log(
      textTable(
        columns.map((c) => c.title),
        rows.map((r) =>
          columns.map((c) => {
            const v = (r as Record<string, unknown>)[c.key];
            return typeof v === 'object' && v !== null ? JSON.stringify(v) : (v as string | number | null);
          }),
        ),
      ),
    );
}
