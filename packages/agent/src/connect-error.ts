// Why the collector could not be reached, in one line that says what to do. The usual causes are a
// scheme that does not match the collector (ws:// to its TLS port, wss:// to a plain one) and a
// certificate the agent cannot verify.
import { isIP } from 'node:net';
import { type PeerCertificate, connect as tlsConnect } from 'node:tls';

/** A socket or TLS error met while talking to the collector at `url`. */
export class ConnectError extends Error {
  constructor(
    readonly url: string,
    readonly reason: Error & { code?: string },
  ) {
    // OpenSSL's messages end with a newline and a source location: one line is enough.
    super(`cannot reach collector ${url}: ${reason.message.split('\n')[0]}`);
  }
}

/** Certificate errors that mean "no trusted CA vouches for it". */
const unverifiable = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
]);

/**
 * A TLS handshake with host:port, whatever its certificate: the certificate it presents, or null when
 * no handshake completes (nothing listens, it does not speak TLS, no answer in time).
 */
function tlsHandshake(host: string, port: number, timeoutMs = 3000): Promise<PeerCertificate | null> {
  return new Promise((resolve) => {
    const s = tlsConnect({
      host,
      port,
      rejectUnauthorized: false,
      ...(isIP(host) ? {} : { servername: host }),
    });
    const done = (cert: PeerCertificate | null) => {
      clearTimeout(timer);
      s.destroy();
      resolve(cert);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    s.once('secureConnect', () => done(s.getPeerCertificate()));
    s.once('error', () => done(null));
  });
}

/** A certificate as "CN=a (issued by CN=b)", or null when it carries no subject. */
function describeCertificate(c: PeerCertificate | null): string | null {
  const name = (x: { CN?: string | string[]; O?: string | string[] } | undefined) =>
    x?.CN ? `CN=${[x.CN].flat().join(',')}` : x?.O ? `O=${[x.O].flat().join(',')}` : '(no name)';
  return c?.subject ? `${name(c.subject)} (issued by ${name(c.issuer)})` : null;
}

export async function explainConnectError(e: ConnectError, caFile?: string): Promise<string> {
  const u = new URL(e.url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const tls = u.protocol === 'wss:';
  const port = Number(u.port || (tls ? 443 : 80));
  const code = e.reason.code ?? '';
  const why = e.reason.message.split('\n')[0];
  const at = `cannot reach collector ${e.url}`;
  const other = (scheme: string) => `--collector ${scheme}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  if (!tls && (code === 'ECONNRESET' || code === 'EPIPE') && (await tlsHandshake(host, port)) !== null)
    return `${at}: the collector speaks TLS there; use ${other('wss:')}${caFile ? '' : ' (and --ca FILE if its certificate is self-signed)'}`;
  if (tls && (code === 'EPROTO' || /wrong version number|packet length too long/i.test(why)))
    return `${at}: the collector does not speak TLS there (it was started without --tls-cert); use ${other('ws:')}`;
  if (unverifiable.has(code)) {
    // Which certificate: the one to look for on the collector, or the CA to ask for.
    const presented = describeCertificate(await tlsHandshake(host, port));
    const its = presented ? `its certificate ${presented}` : 'its certificate';
    return caFile
      ? `${at}: ${its} does not chain to --ca ${caFile} (${why}); pass the certificate of the CA that issued it`
      : `${at}: ${its} cannot be verified (${why}); pass the CA that issued it with --ca FILE (for a self-signed collector, its --tls-cert file)`;
  }
  if (code === 'CERT_HAS_EXPIRED')
    return `${at}: its certificate has expired; renew the collector's --tls-cert`;
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID')
    return `${at}: its certificate is not issued for ${host} (${why}); connect by a name or address the certificate holds`;
  if (code === 'ECONNREFUSED')
    return `${at}: nothing listens at ${u.host} (is coverscan serve running there?)`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `${at}: ${host} does not resolve`;
  return e.message;
}
