// The web server of a camera or recorder: GET / and keep what identifies its firmware family (the
// Server header, the authentication realm, the page title, and the page itself for login paths).
// Which of those name whose firmware is catalog data (entities.json `fingerprint` identifiers).
import { httpExchange, realmOf } from './http-exchange';

export interface HttpFingerprint {
  server: string | null;
  realm: string | null;
  title: string | null;
  /** The first 64 KiB of the page (login paths, scripts). */
  body: string;
}

export async function httpFingerprint(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<HttpFingerprint | null> {
  const host = port === 80 ? address : `${address}:${port}`;
  const r = await httpExchange(
    address,
    port,
    `GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: coverscan\r\nAccept: text/html\r\nConnection: close\r\n\r\n`,
    timeoutMs,
  );
  if (!r?.protocol.startsWith('HTTP/')) return null;
  const title = /<title[^>]*>([^<]{0,200})<\/title>/i.exec(r.body)?.[1].trim() || null;
  return { server: r.headers.get('server')?.[0] || null, realm: realmOf(r), title, body: r.body };
}
