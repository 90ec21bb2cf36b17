// SNMP credentials from flags, a credentials file or environment variables, so they can stay out
// of shell history. They are secrets: never logged, never stored (the sweep record keeps only
// how many communities there were and which v3 protocols).
import { readFileSync } from 'node:fs';
import type { AuthProto, PrivProto, V3Credentials } from './v3';

export interface CredentialFlags {
  community?: string[];
  credentials?: string;
  v3User?: string;
  v3AuthProto?: string;
  v3AuthKey?: string;
  v3PrivProto?: string;
  v3PrivKey?: string;
}

export interface Credentials {
  communities: string[];
  v3?: V3Credentials;
}

export const ENV = {
  /** Comma-separated, for people typing it; a community that contains a comma needs communitiesJson. */
  communities: 'COVERSCAN_SNMP_COMMUNITIES',
  /** A JSON array of strings: every community exactly as it is (commas, spaces and all); how programs pass them. */
  communitiesJson: 'COVERSCAN_SNMP_COMMUNITIES_JSON',
  v3User: 'COVERSCAN_V3_USER',
  v3AuthProto: 'COVERSCAN_V3_AUTH_PROTO',
  v3AuthKey: 'COVERSCAN_V3_AUTH_KEY',
  v3PrivProto: 'COVERSCAN_V3_PRIV_PROTO',
  v3PrivKey: 'COVERSCAN_V3_PRIV_KEY',
} as const;

/**
 * A credentials file: `key = value` lines (`#` comments), keys `community` (repeatable),
 * `v3-user`, `v3-auth-proto`, `v3-auth-key`, `v3-priv-proto`, `v3-priv-key`.
 */
function readFile(path: string): Partial<Record<string, string[]>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new Error(`cannot read credentials file ${path}: ${(e as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const out: Partial<Record<string, string[]>> = {};
  text.split(/\r?\n/).forEach((line, i) => {
    const t = line.trim();
    if (!t || t.startsWith('#')) return;
    const m = /^([a-z0-9-]+)\s*[=:]\s*(.*)$/i.exec(t);
    const keys = ['community', 'v3-user', 'v3-auth-proto', 'v3-auth-key', 'v3-priv-proto', 'v3-priv-key'];
    // The error names the line, never its value: it may be a secret.
    if (!m || !keys.includes(m[1].toLowerCase()))
      throw new Error(`${path}:${i + 1}: expected one of ${keys.join(', ')} = value`);
    const k = m[1].toLowerCase();
    const list = out[k] ?? [];
    list.push(m[2]);
    out[k] = list;
  });
  return out;
}

function jsonCommunities(text: string): string[] {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    v = null;
  }
  // The error never shows the value: it holds secrets.
  if (!Array.isArray(v) || !v.every((c) => typeof c === 'string'))
    throw new Error(`${ENV.communitiesJson} must be a JSON array of strings`);
  return v;
}

export function resolveCredentials(f: CredentialFlags, env: NodeJS.ProcessEnv = process.env): Credentials {
  const file = f.credentials ? readFile(f.credentials) : {};
  const pick = (flag: string | undefined, key: string, envName: string) =>
    flag ?? file[key]?.[0] ?? (env[envName] || undefined);
  let communities = f.community?.length ? f.community : (file.community ?? []);
  const json = env[ENV.communitiesJson];
  if (!communities.length && json) communities = jsonCommunities(json);
  if (!communities.length && env[ENV.communities]) communities = env[ENV.communities]!.split(',');
  communities = communities.filter((c) => c.length > 0);
  const user = pick(f.v3User, 'v3-user', ENV.v3User);
  const v3: V3Credentials | undefined = user
    ? {
        user,
        authProto: pick(f.v3AuthProto, 'v3-auth-proto', ENV.v3AuthProto)?.toLowerCase() as
          | AuthProto
          | undefined,
        authKey: pick(f.v3AuthKey, 'v3-auth-key', ENV.v3AuthKey),
        privProto: pick(f.v3PrivProto, 'v3-priv-proto', ENV.v3PrivProto)?.toLowerCase() as
          | PrivProto
          | undefined,
        privKey: pick(f.v3PrivKey, 'v3-priv-key', ENV.v3PrivKey),
      }
    : undefined;
  // Default: the community every agent ships with, unless a v3 user was given alone.
  if (!communities.length && !v3) communities = ['public'];
  return { communities, v3 };
}
