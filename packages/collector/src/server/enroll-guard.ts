// Enrollment secrets cannot be guessed at speed: wrong (or revoked) secrets are charged to the source
// address's token bucket (a few tries, then one every 10 s), an address out of tokens is refused
// before its secret is even looked at, and refusals are logged as one summary line per interval
// instead of one line per attempt. Nothing here writes the database: a refusal costs no fsync.
import type { Logger } from 'pino';
import { TokenBucket } from './rate-limit';

export interface EnrollGuardOptions {
  /** Wrong secrets an address may send at once, and how many per second after that. */
  burst?: number;
  perSecond?: number;
  /** How often refusals are summed up in the log (ms). */
  summaryMs?: number;
}

export class EnrollGuard {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly burst: number;
  private readonly perSecond: number;
  /** Since the last summary: refusals per address. */
  private window = new Map<string, { refused: number; throttled: number }>();
  /** Totals for /api/health. */
  readonly counters = { enrollRefused: 0, enrollThrottled: 0 };
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly log: Logger,
    o: EnrollGuardOptions = {},
  ) {
    this.burst = o.burst ?? 5;
    this.perSecond = o.perSecond ?? 0.1;
    this.timer = setInterval(() => this.summarize(), o.summaryMs ?? 10_000);
    this.timer.unref();
  }

  /** Whether this address may try a secret now (it is charged only if the secret is wrong). */
  mayTry(address: string): boolean {
    const ok = this.buckets.get(address)?.peek() ?? true;
    if (!ok) {
      this.counters.enrollThrottled++;
      this.tally(address).throttled++;
    }
    return ok;
  }

  /** A wrong or revoked secret from this address. */
  refused(address: string): void {
    let b = this.buckets.get(address);
    if (!b) {
      b = new TokenBucket(this.perSecond, this.burst);
      this.buckets.set(address, b);
    }
    b.take();
    this.counters.enrollRefused++;
    this.tally(address).refused++;
  }

  private tally(address: string) {
    let t = this.window.get(address);
    if (!t) {
      t = { refused: 0, throttled: 0 };
      this.window.set(address, t);
    }
    return t;
  }

  /** One log line for every refusal since the last one; addresses back to a full bucket are forgotten. */
  summarize(): void {
    if (this.window.size) {
      const byCount = [...this.window].sort(
        (a, b) => b[1].refused + b[1].throttled - a[1].refused - a[1].throttled,
      );
      let refused = 0;
      let throttled = 0;
      for (const [, t] of byCount) {
        refused += t.refused;
        throttled += t.throttled;
      }
      this.log.warn(
        {
          code: 'bad_secret',
          refused,
          throttled,
          addresses: byCount.length,
          top: byCount.slice(0, 5).map(([address, t]) => ({ address, ...t })),
        },
        'enrollment refused: wrong or revoked secrets (throttled: refused before the secret was checked)',
      );
      this.window = new Map();
    }
    for (const [a, b] of this.buckets) if (b.full) this.buckets.delete(a);
  }

  close(): void {
    clearInterval(this.timer);
    this.summarize();
  }
}
