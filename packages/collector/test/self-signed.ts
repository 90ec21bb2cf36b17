// A throwaway self-signed certificate for 127.0.0.1, made with openssl (Debian package `openssl`),
// for the wss tests of the collector and of the agent.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Writes `<name>.pem` and `<name>.key` (EC P-256, one day, CN=name, SAN IP 127.0.0.1) into dir. */
export function selfSignedCert(dir: string, name: string): { cert: string; key: string } {
  const cert = join(dir, `${name}.pem`);
  const key = join(dir, `${name}.key`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}
