// /etc/coverscan/agent.conf: what a package-installed agent needs, one `key = value` per line ('#'
// comments), so a fleet tool can write it. Keys: collector, ca, enroll_secret, state_dir.
// The enrollment secret is read once: it moves to the state directory (0600, beside the node key it
// buys) and its line leaves the config file; it is deleted there once the agent has enrolled.
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { ensureDir, loadState } from './state';

export const DEFAULT_CONFIG = '/etc/coverscan/agent.conf';
const KEYS = new Set(['collector', 'ca', 'enroll_secret', 'state_dir']);

export type AgentConfig = Partial<Record<'collector' | 'ca' | 'enroll_secret' | 'state_dir', string>>;

export class ConfigError extends Error {}

export function parseAgentConfig(text: string, path: string): AgentConfig {
  const out: AgentConfig = {};
  for (const [i, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^([a-z_]+)\s*=\s*(.*)$/.exec(line);
    if (!m) throw new ConfigError(`${path}:${i + 1}: expected "key = value", got "${line}"`);
    if (!KEYS.has(m[1]))
      throw new ConfigError(`${path}:${i + 1}: unknown key "${m[1]}" (known: ${[...KEYS].join(', ')})`);
    const v = m[2].replace(/^"(.*)"$/, '$1').trim();
    if (v) out[m[1] as keyof AgentConfig] = v;
  }
  return out;
}

export function readAgentConfig(path: string): AgentConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read ${path}: ${(e as Error).message}`);
  }
  return parseAgentConfig(text, path);
}

const pendingFile = (stateDir: string) => join(stateDir, 'enroll-secret');

/**
 * The enrollment secret to use: from the command line or environment, else the config file's (moved to
 * the state directory, its line removed from the file), else one moved there before. Once the agent has
 * enrolled (agent.json exists) no secret is kept anywhere.
 */
export function takeEnrollSecret(o: {
  flag?: string;
  configPath?: string;
  config: AgentConfig;
  stateDir: string;
  /** Whether the state directory holds an identity (loadState). */
  enrolled: boolean;
}): string | undefined {
  if (o.configPath && o.config.enroll_secret) {
    if (!o.enrolled) {
      ensureDir(o.stateDir);
      writeFileAtomic(pendingFile(o.stateDir), `${o.config.enroll_secret}\n`, 0o600);
    }
    removeSecretLine(o.configPath);
  }
  if (o.enrolled) {
    rmSync(pendingFile(o.stateDir), { force: true });
    return o.flag;
  }
  if (o.flag) return o.flag;
  try {
    return readFileSync(pendingFile(o.stateDir), 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** After a welcome: the secret bought the node key; it is kept nowhere any more. */
export function forgetEnrollSecret(stateDir: string): void {
  if (loadState(stateDir)) rmSync(pendingFile(stateDir), { force: true });
}

/** Drops the enroll_secret line, keeping every other line and the file's mode. */
function removeSecretLine(path: string): void {
  const text = readFileSync(path, 'utf8');
  const kept = text
    .split('\n')
    .map((l) =>
      /^\s*enroll_secret\s*=/.test(l)
        ? '# enroll_secret: moved to the state directory, then removed once enrolled'
        : l,
    )
    .join('\n');
  writeFileAtomic(path, kept, statSync(path).mode & 0o777);
}

/** Settings checked before anything is collected or spooled: one line saying what is wrong. */
export function checkDeliverySettings(o: {
  collector?: string;
  ca?: string;
  stateDir: string;
  enrolled: boolean;
  enrollSecret?: string;
  configPath?: string;
}): void {
  const where = o.configPath ? ` (--collector or "collector =" in ${o.configPath})` : ' (--collector URL)';
  if (!o.collector) throw new ConfigError(`no collector URL${where}`);
  let url: URL;
  try {
    url = new URL(o.collector);
  } catch {
    throw new ConfigError(
      `collector "${o.collector}" is not a URL; expected wss://host:port or ws://host:port`,
    );
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:')
    throw new ConfigError(`--collector must be a ws:// or wss:// URL, got "${o.collector}"`);
  if (o.ca) {
    if (url.protocol !== 'wss:')
      throw new ConfigError(`a CA file (${o.ca}) only applies to a wss:// collector, got ${o.collector}`);
    let pem: string;
    try {
      pem = readFileSync(o.ca, 'utf8');
    } catch (e) {
      throw new ConfigError(
        `CA file ${o.ca} cannot be read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
      );
    }
    if (!pem.includes('-----BEGIN CERTIFICATE-----'))
      throw new ConfigError(`CA file ${o.ca} holds no PEM certificate ("-----BEGIN CERTIFICATE-----")`);
  }
  if (!o.enrollSecret && !o.enrolled)
    throw new ConfigError(
      `not enrolled yet and no enrollment secret: pass --enroll-secret, set COVERSCAN_ENROLL_SECRET${o.configPath ? ` or "enroll_secret =" in ${o.configPath}` : ''} (state dir ${o.stateDir})`,
    );
}
