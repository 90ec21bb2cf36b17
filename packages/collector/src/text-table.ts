// Plain aligned columns for terminal listings.
/** Columns are cut at 48 characters, those named in `wide` at 110 (a sentence, such as "why"). */
export function textTable(
  header: string[],
  rows: (string | number | null | undefined)[][],
  o: { wide?: string[] } = {},
): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '-' : String(c))))];
  const widths = header.map((h, i) =>
    Math.min(o.wide?.includes(h) ? 110 : 48, Math.max(...cells.map((r) => r[i].length))),
  );
  return cells
    .map((r) =>
      r
        .map((c, i) => (c.length > widths[i] ? `${c.slice(0, widths[i] - 1)}…` : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
