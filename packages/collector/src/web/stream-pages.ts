// A long answer (the report, an export of the assets) written a page at a time.
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ReportRow } from '../store/report-row';

/**
 * Writes `page(cursor)` one page per turn of the event loop and only as fast as the client reads: a
 * 100,000-asset answer never holds the loop for more than a page, and reports keep being acked in
 * between. A client that goes away stops it.
 */
export async function streamPages<C>(
  page: (cursor: C | null) => { rows: ReportRow[]; next: C | null },
  res: ServerResponse,
  log: Logger,
  encode: (rows: ReportRow[], first: boolean) => string,
  end: string,
): Promise<void> {
  let gone = false;
  res.on('close', () => {
    gone = true;
  });
  try {
    let cursor: C | null = null;
    for (let first = true; !gone; first = false) {
      const p = page(cursor);
      const chunk = encode(p.rows, first);
      if (chunk && !res.write(chunk)) await new Promise((r) => res.once('drain', r).once('close', r));
      if (!p.next) break;
      cursor = p.next;
      await new Promise((r) => setImmediate(r));
    }
    if (!gone) res.end(end);
  } catch (e) {
    // The status line is out: cutting the body short is how the client learns it is incomplete.
    log.error({ err: e instanceof Error ? e.message : String(e) }, 'report stream failed');
    res.destroy();
  }
}

/** A JSON array written page by page: a comma goes before a page only once a row was written. */
export function jsonArrayEncoder(): (rows: ReportRow[], first: boolean) => string {
  let written = false;
  return (rows, first) => {
    const body = rows.map((r) => JSON.stringify(r)).join(',');
    const sep = written && body ? ',' : '';
    written ||= body !== '';
    return (first ? '[' : '') + sep + body;
  };
}
