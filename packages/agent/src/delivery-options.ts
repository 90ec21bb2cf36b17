// Options shared by `once` and `run`.
import { join } from 'node:path';
import type { Command } from 'commander';
import { defaultSpoolLimits, Spool } from './spool';
import { defaultStateDir } from './state';

export interface DeliveryCliOptions {
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
    .requiredOption('--collector <url>', 'collector WebSocket URL, ws://host:port or wss://host:port')
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

export function resolveDelivery(o: DeliveryCliOptions) {
  if (!/^wss?:\/\//i.test(o.collector))
    throw new Error(`--collector must be a ws:// or wss:// URL, got "${o.collector}"`);
  const stateDir = o.stateDir ?? defaultStateDir();
  const spool = new Spool(join(stateDir, 'spool'), { maxReports: o.spoolMax, maxBytes: o.spoolMaxBytes });
  return { stateDir, spool, enrollSecret: o.enrollSecret ?? process.env.COVERSCAN_ENROLL_SECRET };
}
