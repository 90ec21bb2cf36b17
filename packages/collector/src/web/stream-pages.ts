// A long answer (the report, an export of the assets) written a page at a time.
import type { ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import type { Logger } from 'pino';

const AHEAD = 4 * 1024 * 1024;

/**
 * Writes `page(cursor)` (a page's text, in chunks) one page per turn of the event loop and only as fast as
 * the client reads: a 100,000-asset answer never holds the loop for more than a page, and reports keep
 * being acked in between. A client that goes away stops it. `gzip`: the body goes through gzip (the caller
 * said so in its headers), compressed on libuv's threads while the next page is made.
 */
export async function streamText<C>(
  page: (cursor: C | null) => { text: string[]; next: C | null },
  res: ServerResponse,
  log: Logger,
  end: string,
  gzip = false,
): Promise<void> {
  let gone = false;
  const onClose = () => {
    gone = true;
  };
  res.once('close', onClose);
  // Level 1: most of the size gone for the least CPU (the client and the server share the machine's cores).
  const out: Writable = gzip ? createGzip({ level: 1 }) : res;
  if (out !== res) out.pipe(res);
  try {
    let cursor: C | null = null;
    while (!gone) {
      const p = page(cursor);
      // Up to AHEAD bytes queued before waiting: the next page is made while the client reads this one.
      let full = false;
      // A page comes as chunks: one string per page was a large object of its own (report-row-json.ts).
      for (const t of p.text) if (t) full = !out.write(t);
      if (full && out.writableLength > AHEAD) await drained(out, res);
      if (!p.next) break;
      cursor = p.next;
      await new Promise((r) => setImmediate(r));
    }
    if (!gone) out.end(end);
    else if (out !== res) out.destroy();
  } catch (e) {
    // The status line is out: cutting the body short is how the client learns it is incomplete.
    log.error({ err: e instanceof Error ? e.message : String(e) }, 'report stream failed');
    if (out !== res) out.destroy();
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/** Until `out` takes more (or the client is gone), leaving no listener behind either way. */
function drained(out: Writable, res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      res.off('close', done);
      resolve();
    };
    out.on('drain', done);
    res.on('close', done);
  });
}

/** Whether the request's Accept-Encoding takes gzip (RFC 9110 12.5.3: not when its weight is 0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    if (coding.trim() !== 'gzip' && coding.trim() !== 'x-gzip') continue;
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return !q || Number(q.slice(2)) > 0;
  }
  return false;
}

/**
 * A JSON array written page by page, each page's chunks of objects joined by commas: a comma goes before a
 * chunk only once a row was written.
 */
export function jsonArrayText(): (chunks: string[], first: boolean) => string[] {
  let written = false;
  return (chunks, first) => {
    const out = chunks.map((c) => {
      const sep = written ? ',' : '';
      written = true;
      return sep + c;
    });
    if (first) out.unshift('[');
    return out;
  };
}
