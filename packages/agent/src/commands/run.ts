// `coverscan-agent run --collector URL …`: the service loop. Collect on an interval (± jitter), spool,
// deliver over one WebSocket session held open between collections (the collector's pings keep it
// alive; `ws` answers them); when it closes or fails, reconnect with capped exponential backoff and
// keep spooling on schedule. A refusal (bad secret, revoked key) is logged and retried at the
// interval: an administrator may fix it on the collector.
import type { Command } from 'commander';
import { forgetEnrollSecret } from '../agent-config';
import { backoffDelay, jittered } from '../backoff';
import { collect } from '../collect';
import { addDeliveryOptions, type DeliveryCliOptions, resolveDelivery } from '../delivery-options';
import { refusalHint } from '../refusal-hint';
import { spoolInventory } from '../report';
import { describeDrain, openSession, RefusedError, type Session } from '../session';

/** A held session pings the collector this often when idle, to notice a peer that vanished. */
const KEEPALIVE_MS = 60_000;

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
      /** Resolves after `ms`, on a stop signal, or (with the reason) when `ended` resolves first. */
      const sleep = (ms: number, ended?: Promise<Error>) =>
        new Promise<Error | null>((r) => {
          const t = setTimeout(() => r(null), ms);
          wake = () => {
            clearTimeout(t);
            r(null);
          };
          ended?.then((e) => {
            clearTimeout(t);
            r(e);
          });
        });
      for (const sig of ['SIGINT', 'SIGTERM'] as const)
        process.on(sig, () => {
          stopping = true;
          log(`${sig}: stopping (unacknowledged reports stay in ${spool.dir})`);
          wake?.();
        });
      const connect = {
        url: o.collector,
        stateDir,
        spool,
        enrollSecret,
        caFile: o.ca,
        log,
        keepaliveMs: KEEPALIVE_MS,
      };
      let intervalMs = (o.interval ?? 3600) * 1000;
      let nextCollect = 0;
      let attempt = 0;
      let session: Session | null = null;
      while (!stopping) {
        if (Date.now() >= nextCollect) {
          const id = spoolInventory(spool, await collect({ timeoutMs: o.timeout }));
          log(`inventory ${id} spooled (${spool.list().length} waiting)`);
          nextCollect = Date.now() + jittered(intervalMs);
        }
        let wait: number;
        try {
          if (!session) {
            session = await openSession(connect);
            log(`connected to ${o.collector} as agent ${session.agentId}`);
            forgetEnrollSecret(stateDir);
          }
          const r = await session.drain();
          if (r.sent) log(describeDrain(r, session.agentId));
          if (o.interval === undefined) intervalMs = session.settings.reportIntervalSec * 1000;
          attempt = 0;
          if (stopping) break;
          // Idle until the next collection, the session held open; if it ends meanwhile, reconnect.
          const ended = await sleep(Math.max(0, nextCollect - Date.now()), session.ended);
          if (!ended) continue;
          throw ended;
        } catch (e) {
          session?.close();
          session = null;
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
          const hint = refused ? refusalHint(e.code, stateDir, o.collector) : null;
          if (hint) log(hint);
        }
        if (!stopping) await sleep(wait);
      }
      session?.close();
    });
}
