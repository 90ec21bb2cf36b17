// `coverscan-agent run --collector URL …`: the service loop. Collect on an interval (± jitter), spool,
// deliver; while the collector is unreachable, retry with capped exponential backoff and keep
// spooling on schedule. A refusal (bad secret, revoked key) is logged and retried at the interval:
// an administrator may fix it on the collector.
import type { Command } from 'commander';
import { backoffDelay, jittered } from '../backoff';
import { collect } from '../collect';
import { deliver, RefusedError } from '../deliver';
import { addDeliveryOptions, type DeliveryCliOptions, resolveDelivery } from '../delivery-options';
import { spoolInventory } from '../report';

const sec = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`expected a positive number of seconds, got "${v}"`);
  return n;
};

export function registerRun(program: Command): void {
  addDeliveryOptions(
    program.command('run').description('run as a service: inventory on an interval, delivered with retries'),
  )
    .option(
      '--interval <sec>',
      'seconds between inventories (default: what the collector says, else 3600)',
      sec,
    )
    .option('--backoff-min <sec>', 'first reconnect delay', sec, 1)
    .option('--backoff-max <sec>', 'longest reconnect delay', sec, 300)
    .action(async (o: DeliveryCliOptions & { interval?: number; backoffMin: number; backoffMax: number }) => {
      const { stateDir, spool, enrollSecret } = resolveDelivery(o);
      const log = (m: string) => console.error(`${new Date().toISOString()} ${m}`);
      let stopping = false;
      let wake: (() => void) | null = null;
      const sleep = (ms: number) =>
        new Promise<void>((r) => {
          const t = setTimeout(r, ms);
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
      for (const sig of ['SIGINT', 'SIGTERM'] as const)
        process.on(sig, () => {
          stopping = true;
          log(`${sig}: stopping (unacknowledged reports stay in ${spool.dir})`);
          wake?.();
        });
      let intervalMs = (o.interval ?? 3600) * 1000;
      let nextCollect = 0;
      let attempt = 0;
      while (!stopping) {
        if (Date.now() >= nextCollect) {
          const id = spoolInventory(spool, await collect({ timeoutMs: o.timeout }));
          log(`inventory ${id} spooled (${spool.list().length} waiting)`);
          nextCollect = Date.now() + jittered(intervalMs);
        }
        let wait: number;
        try {
          const r = await deliver({ url: o.collector, stateDir, spool, enrollSecret, caFile: o.ca, log });
          if (r.sent) log(`delivered ${r.sent} report(s) as agent ${r.agentId}`);
          if (o.interval === undefined) intervalMs = r.settings.reportIntervalSec * 1000;
          attempt = 0;
          wait = Math.max(0, nextCollect - Date.now());
        } catch (e) {
          const refused = e instanceof RefusedError;
          wait = refused
            ? Math.max(0, nextCollect - Date.now())
            : Math.min(
                backoffDelay(attempt++, o.backoffMin * 1000, o.backoffMax * 1000),
                Math.max(0, nextCollect - Date.now()) || Number.POSITIVE_INFINITY,
              );
          log(
            `${(e as Error).message}; ${spool.list().length} report(s) kept; next try in ${Math.round(wait / 100) / 10} s`,
          );
        }
        if (!stopping) await sleep(wait);
      }
    });
}
