// Session ids, CSRF tokens, API tokens and generated passwords: 256 random bits, and the digest under which
// the high-entropy ones are stored (a fast hash is enough when guessing the input is hopeless).
import { createHash, randomBytes } from 'node:crypto';

export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function secretDigest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
