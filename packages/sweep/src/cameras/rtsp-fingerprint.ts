// The RTSP server of a camera or recorder: DESCRIBE rtsp://address:port/ without credentials, which
// firmware answers with its Server header and, when it wants credentials, a realm.
import { httpExchange, realmOf } from './http-exchange';

export interface RtspFingerprint {
  server: string | null;
  realm: string | null;
}

export async function rtspFingerprint(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<RtspFingerprint | null> {
  const r = await httpExchange(
    address,
    port,
    `DESCRIBE rtsp://${address}:${port}/ RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: coverscan\r\nAccept: application/sdp\r\n\r\n`,
    timeoutMs,
  );
  if (!r?.protocol.startsWith('RTSP/')) return null;
  const out = { server: r.headers.get('server')?.[0] || null, realm: realmOf(r) };
  return out.server || out.realm ? out : null;
}
