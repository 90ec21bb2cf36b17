// Options shared by `once` and `run`.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { checkDeliverySettings, DEFAULT_CONFIG, readAgentConfig, takeEnrollSecret } from './agent-config';
import { defaultSpoolLimits, Spool } from './spool';
import { defaultStateDir, loadState } from './state';

export interface DeliveryCliOptions {
  config?: string;
  collector: string;
  enrollSecret?: string;
  stateDir?: string;
  ca?: string;
  spoolMax: number;
  spoolMaxBytes: number;
  timeout: number;
}

const int = (v: string) => {
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive number, got "${v}"`);
  return n;
};

export function addDeliveryOptions(cmd: Command): Command {
  return cmd
    .option('--config <file>', `settings file (default ${DEFAULT_CONFIG} when it exists; flags win)`)
    .option('--collector <url>', 'collector WebSocket URL, ws://host:port or wss://host:port')
    .option('--enroll-secret <secret>', 'enrollment secret (first contact; also COVERSCAN_ENROLL_SECRET)')
    .option('--state-dir <dir>', `where the node key and spool live (default ${defaultStateDir()})`)
    .option('--ca <file>', 'PEM CA certificate that the collector’s TLS certificate must chain to')
    .option(
      '--spool-max <n>',
      'most reports kept while the collector is unreachable',
      int,
      defaultSpoolLimits.maxReports,
    )
    .option('--spool-max-bytes <n>', 'most bytes kept in the spool', int, defaultSpoolLimits.maxBytes)
    .option('--timeout <ms>', 'time limit per inventory collector (ms)', int, 8000);
}

/**
 * Flags over the config file, checked before anything is collected or spooled (a wrong URL, an
 * unreadable CA file or a missing first-run secret is one line, not a spooled report that never
 * leaves). Fills `o.collector` and `o.ca` from the config file.
 */
export function resolveDelivery(o: DeliveryCliOptions) {
  const configPath = o.config ?? (existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : undefined);
  const config = configPath ? readAgentConfig(configPath) : {};
  o.collector ??= config.collector as string;
  o.ca ??= config.ca;
  const stateDir = o.stateDir ?? config.state_dir ?? defaultStateDir();
  const enrolled = loadState(stateDir) !== null;
  const enrollSecret = takeEnrollSecret({
    flag: o.enrollSecret ?? process.env.COVERSCAN_ENROLL_SECRET,
    configPath,
    config,
    stateDir,
    enrolled,
  });
  checkDeliverySettings({ collector: o.collector, ca: o.ca, stateDir, enrolled, enrollSecret, configPath });
  const spool = new Spool(join(stateDir, 'spool'), { maxReports: o.spoolMax, maxBytes: o.spoolMaxBytes });
  return { stateDir, spool, enrollSecret };
}
