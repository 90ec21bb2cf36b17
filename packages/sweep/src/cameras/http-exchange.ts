// One request, one response, over a plain TCP connection: the web and RTSP servers of cameras
// (RTSP/1.0 frames its replies as HTTP/1.1 does). Reads at most MAX_BYTES then stops: a device that
// sends an endless or huge page costs us 64 KiB and the timeout, never more; whatever arrived is
// parsed. Nothing here follows redirects or sends credentials.
import net from 'node:net';

export const MAX_BYTES = 64 * 1024;

export interface ExchangeResult {
  protocol: string;
  status: number;
  /** Header values by lower-cased name, in the order received. */
  headers: Map<string, string[]>;
  body: string;
  /** The reply was cut at MAX_BYTES. */
  truncated: boolean;
}

export function httpExchange(
  host: string,
  port: number,
  request: string,
  timeoutMs: number,
): Promise<ExchangeResult | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const sock = net.connect({ host, port });
    const finish = (truncated: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(parseResponse(Buffer.concat(chunks).subarray(0, MAX_BYTES), truncated));
    };
    // Data that came while the event loop was busy is read before we give up (setImmediate runs
    // after the poll phase).
    const timer = setTimeout(() => setImmediate(() => finish(false)), timeoutMs);
    sock.setNoDelay(true);
    sock.on('connect', () => sock.write(request));
    sock.on('data', (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      if (size >= MAX_BYTES) finish(true);
      else if (complete(Buffer.concat(chunks))) finish(false);
    });
    sock.on('end', () => finish(false));
    sock.on('error', () => finish(false));
  });
}

/** Whether a response is whole: headers ended and Content-Length bytes of body arrived (else wait for close). */
function complete(buf: Buffer): boolean {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const m = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('latin1'));
  return !!m && buf.length - end - 4 >= Number(m[1]);
}

export function parseResponse(buf: Buffer, truncated: boolean): ExchangeResult | null {
  const text = buf.toString('latin1');
  const end = text.indexOf('\r\n\r\n');
  const head = end < 0 ? text : text.slice(0, end);
  const lines = head.split('\r\n');
  const m = /^((?:HTTP|RTSP)\/\d\.\d) (\d{3})/.exec(lines[0] ?? '');
  if (!m) return null;
  const headers = new Map<string, string[]>();
  for (const l of lines.slice(1)) {
    const i = l.indexOf(':');
    if (i <= 0) continue;
    const k = l.slice(0, i).trim().toLowerCase();
    const v = l.slice(i + 1).trim();
    headers.set(k, [...(headers.get(k) ?? []), v]);
  }
  // Bodies are decoded as UTF-8 (what the pages declare); headers stay Latin-1 as HTTP defines them.
  const body = end < 0 ? '' : buf.subarray(end + 4).toString('utf8');
  return { protocol: m[1], status: Number(m[2]), headers, body, truncated };
}

/** The realm of the first WWW-Authenticate challenge that has one. */
export function realmOf(r: ExchangeResult): string | null {
  for (const h of r.headers.get('www-authenticate') ?? []) {
    const m = /realm="([^"]*)"/i.exec(h) ?? /realm=([^\s,]+)/i.exec(h);
    if (m) return m[1];
  }
  return null;
}
