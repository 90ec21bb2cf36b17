// Thirty snmpsim devices of the fixtures' kinds (switches, a camera, a UPS, servers) on one /24 of
// loopback: the crowd a misbehaving device is swept beside (sweep-flood.test.ts, bench/sweep-flood.ts).
import { runSweep, type SweepResult } from '../src/run';
import { parseTargets } from '../src/targets';
import { type Sim, startSnmpsim } from './sweep-sim';

const FILES = [
  'huawei-switch.snmprec',
  'hikvision-camera.snmprec',
  'ups-card.snmprec',
  'cisco-switch.snmprec',
  'linux-server.snmprec',
  'zyxel-gs1900.snmprec',
];

/** The sweep's defaults for a request: `--timeout 1000 --retries 2`. */
export const FLEET_TIMEOUT_MS = 1000;
export const FLEET_RETRIES = 2;

export interface Fleet {
  /** The 30 devices' addresses, `prefix`.1 to `prefix`.30; `prefix`.31 is left for the odd one. */
  addresses: string[];
  odd: string;
  /** A sweep of `targets` with the defaults, timed. */
  sweep(targets: string[]): Promise<{ ms: number; r: SweepResult }>;
  stop(): Promise<void>;
}

export async function startFleet(prefix: string, port: number): Promise<Fleet> {
  const addresses = Array.from({ length: 30 }, (_, i) => `${prefix}.${i + 1}`);
  const sim: Sim = await startSnmpsim(
    addresses.map((address, i) => ({ address, file: FILES[i % FILES.length] })),
    port,
  );
  return {
    addresses,
    odd: `${prefix}.31`,
    sweep: async (targets) => {
      const t0 = performance.now();
      const r = await runSweep({
        targets: parseTargets(targets),
        port,
        communities: ['public'],
        rate: 2000,
        timeoutMs: FLEET_TIMEOUT_MS,
        retries: FLEET_RETRIES,
        concurrency: 32,
        discoverOnly: false,
      });
      return { ms: performance.now() - t0, r };
    },
    stop: () => sim.stop(),
  };
}
