// Secrets at rest (SNMP credentials profiles): AES-256-GCM from node:crypto. The key is 32 random bytes
// in a file beside the database (`<db>.key`, created mode 0600 on first use, never in the database, so
// a copied database alone reveals nothing), or base64 in COVERSCAN_SECRET_KEY (a secret store, a
// container secret). Each sealed value carries its own random 96-bit nonce and GCM tag, and is bound
// to what it belongs to (the additional data, e.g. the profile name), so a value copied onto another
// row does not open.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { closeSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';

export const KEY_ENV = 'COVERSCAN_SECRET_KEY';
const VERSION = 'v1';

/** A secret that cannot be opened (no key, wrong key, tampered): the message never holds the secret. */
export class SecretError extends Error {}

export function keyFileFor(dbFile: string): string {
  return `${dbFile}.key`;
}

function parseKey(text: string, where: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32)
    throw new SecretError(`${where} must hold 32 bytes in base64 (openssl rand -base64 32)`);
  return key;
}

/**
 * The key: from the environment, else the key file; `create` makes the file (0600, exclusive, so two
 * processes starting at once cannot write two keys) when it is missing.
 */
export function loadKey(dbFile: string, create: boolean, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env[KEY_ENV]) return parseKey(env[KEY_ENV], KEY_ENV);
  const file = keyFileFor(dbFile);
  try {
    return readKeyFile(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    if (!create)
      throw new SecretError(
        `no key to open stored credentials: ${file} is missing and ${KEY_ENV} is not set`,
      );
  }
  try {
    const fd = openSync(file, 'wx', 0o600);
    try {
      writeSync(fd, `${randomBytes(32).toString('base64')}\n`);
    } finally {
      closeSync(fd);
    }
  } catch (e) {
    // Another process made it first: use theirs.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return readKeyFile(file);
}

function readKeyFile(file: string): Buffer {
  const text = readFileSync(file, 'utf8');
  // A key others can read is no longer a secret; say so rather than use it quietly.
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0)
    throw new SecretError(`${file} is readable by other users: chmod 600 ${file}`);
  return parseKey(text, file);
}

export function seal(key: Buffer, plaintext: string, boundTo: string): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', key, iv);
  c.setAAD(Buffer.from(boundTo, 'utf8'));
  const body = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
  return `${VERSION}:${Buffer.concat([iv, c.getAuthTag(), body]).toString('base64')}`;
}

export function open(key: Buffer, sealed: string, boundTo: string): string {
  const [version, data] = sealed.split(':');
  if (version !== VERSION || !data) throw new SecretError('not a sealed value of this version');
  const raw = Buffer.from(data, 'base64');
  const d = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  d.setAAD(Buffer.from(boundTo, 'utf8'));
  d.setAuthTag(raw.subarray(12, 28));
  try {
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  } catch {
    throw new SecretError('the stored secret does not open with this key (another key, or altered)');
  }
}
