// `coverscan-agent run --collector URL …`: the service. Two loops: collection on an interval (± jitter)
// into the spool, whatever the collector does; delivery over one WebSocket session held open between
// reports (the collector's pings keep it alive; `ws` answers them), woken by each new report; when
// it closes, fails or hangs past its time limit, reconnect with capped exponential backoff (a new
// report ends a backoff early). A refusal (bad secret, revoked key) or a state directory that
// cannot keep a key is logged and retried with the next report: a person may fix it meanwhile.
import { MAX_FRAME_BYTES, type SweepJobMessage } from '@coverscan/shared';
import type { Command } from 'commander';
import { forgetEnrollSecret } from '../agent-config';
import { backoffDelay, jittered } from '../backoff';
import { collect } from '../collect';
import { addDeliveryOptions, type DeliveryCliOptions, resolveDelivery } from '../delivery-options';
import { refusalHint } from '../refusal-hint';
import { spoolInventory } from '../report';
import { describeDrain, openSession, RefusedError, type Session } from '../session';
import { StateError } from '../state';
import { Sweeper } from '../sweeper';

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
      const stop = new Wakeup();
      /** Rung when a report is spooled: delivery, idle or backing off, goes to send it. */
      const spooled = new Wakeup();
      for (const sig of ['SIGINT', 'SIGTERM'] as const)
        process.on(sig, () => {
          stopping = true;
          log(`${sig}: stopping (unacknowledged reports stay in ${spool.dir})`);
          stop.ring();
          spooled.ring();
        });
      let session: Session | null = null;
      // Jobs come only to an agent the collector enrolled as a sweeper; any agent can take them.
      const sweeper = new Sweeper(spool, {
        frameLimit: () => session?.frameLimit ?? MAX_FRAME_BYTES,
        progress: (p) => session?.notify(p),
        spooled: () => spooled.ring(),
        log,
      });
      const connect = {
        url: o.collector,
        stateDir,
        spool,
        enrollSecret,
        caFile: o.ca,
        log,
        keepaliveMs: KEEPALIVE_MS,
        onJob: (job: SweepJobMessage) => sweeper.take(job),
      };
      let intervalMs = (o.interval ?? 3600) * 1000;

      // Collection keeps its own schedule whatever the collector does: a collector that hangs holds
      // up delivery, never the inventories (they wait in the spool and go when it answers again).
      const collecting = (async () => {
        while (!stopping) {
          const id = spoolInventory(spool, await collect({ timeoutMs: o.timeout }));
          log(`inventory ${id} spooled (${spool.list().length} waiting)`);
          spooled.ring();
          await stop.wait(jittered(intervalMs));
        }
      })();

      const delivering = (async () => {
        let attempt = 0;
        while (!stopping) {
          let wait: number;
          try {
            if (!session) {
              session = await openSession(connect);
              log(
                `connected to ${o.collector} as agent ${session.agentId}${session.sweeperSite ? `, sweeper for site ${session.sweeperSite}` : ''}`,
              );
              forgetEnrollSecret(stateDir);
            }
            const r = await session.drain();
            if (r.sent) log(describeDrain(r, session.agentId));
            if (o.interval === undefined) intervalMs = session.settings.reportIntervalSec * 1000;
            attempt = 0;
            if (stopping) break;
            // Idle until the next report, the session held open; if it ends meanwhile, reconnect.
            const ended = await spooled.wait(Number.POSITIVE_INFINITY, session.ended);
            if (!ended) continue;
            throw ended;
          } catch (e) {
            session?.close();
            session = null;
            // Refused, or no place to keep a key: retrying before the next report would not help.
            const untilNext = e instanceof RefusedError || e instanceof StateError;
            wait = untilNext
              ? Number.POSITIVE_INFINITY
              : backoffDelay(attempt++, o.backoffMin * 1000, o.backoffMax * 1000);
            const next = untilNext
              ? 'next try with the next report'
              : `next try in ${Math.round(wait / 100) / 10} s`;
            log(`${(e as Error).message}; ${spool.list().length} report(s) kept; ${next}`);
            const hint = e instanceof RefusedError ? refusalHint(e.code, stateDir, o.collector) : null;
            if (hint) log(hint);
          }
          // A new report ends the wait early: it is worth a try (at most one per collection).
          if (!stopping) await spooled.wait(wait);
        }
      })();

      await Promise.race([delivering, stop.wait(Number.POSITIVE_INFINITY)]);
      await collecting; // the inventory being made is spooled before we go
      await sweeper.close(); // and what the sweep going on found, marked interrupted
      (session as Session | null)?.close(); // assigned by the delivery loop
      // A connection attempt still in flight would hold the process until its timeout.
      process.exit(0);
    });
}

/**
 * A wait that something else can cut short: `wait(ms, ended?)` resolves with null after `ms` or on
 * `ring()`, or with the reason when `ended` resolves first. A ring reaches every wait in progress;
 * with nobody waiting it is kept for the next wait (a report spooled while delivery was busy is not
 * missed).
 */
class Wakeup {
  private readonly waiters = new Set<() => void>();
  private rung = false;

  ring(): void {
    if (!this.waiters.size) this.rung = true;
    for (const w of [...this.waiters]) w();
  }

  wait(ms: number, ended?: Promise<Error>): Promise<Error | null> {
    if (this.rung) {
      this.rung = false;
      return Promise.resolve(null);
    }
    return new Promise((resolve) => {
      const t = Number.isFinite(ms) ? setTimeout(() => done(null), ms) : undefined;
      const done = (r: Error | null) => {
        clearTimeout(t);
        this.waiters.delete(wake);
        resolve(r);
      };
      const wake = () => done(null);
      this.waiters.add(wake);
      ended?.then(done);
    });
  }
}
