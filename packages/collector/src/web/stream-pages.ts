// A long answer (the report, an export of the assets) written a page at a time.
import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';

const AHEAD = 4 * 1024 * 1024;

/**
 * Writes `page(cursor)` one page per turn of the event loop and only as fast as the client reads: a
 * 100,000-asset answer never holds the loop for more than a page, and reports keep being acked in
 * between. A client that goes away stops it.
 */
export async function streamText<C>(
  page: (cursor: C | null) => { text: string; next: C | null },
  res: ServerResponse,
  log: Logger,
  end: string,
): Promise<void> {
  let gone = false;
  const onClose = () => {
    gone = true;
  };
  res.once('close', onClose);
  try {
    let cursor: C | null = null;
    while (!gone) {
      const p = page(cursor);
      // Up to AHEAD bytes queued before waiting: the next page is made while the client reads this one.
      if (p.text && !res.write(p.text) && res.writableLength > AHEAD) await drained(res);
      if (!p.next) break;
      cursor = p.next;
      await new Promise((r) => setImmediate(r));
    }
    if (!gone) res.end(end);
  } catch (e) {
    // The status line is out: cutting the body short is how the client learns it is incomplete.
    log.error({ err: e instanceof Error ? e.message : String(e) }, 'report stream failed');
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/** Until the response takes more (or the client is gone), leaving no listener behind either way. */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** A JSON array written page by page, each page's objects joined by commas: a comma goes before a page only once a row was written. */
export function jsonArrayText(): (body: string, first: boolean) => string {
  let written = false;
  return (body, first) => {
    const sep = written && body ? ',' : '';
    written ||= body !== '';
    return (first ? '[' : '') + sep + body;
  };
}
