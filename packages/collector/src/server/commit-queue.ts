// Group commit: writes queued during one turn of the event loop run in ONE transaction (one fsync),
// each in its own savepoint so one bad write fails alone; callbacks (the acks) run only after COMMIT.
import type { Store } from '../store/store';

interface Job<T> {
  op: () => T;
  done: (err: Error | null, result?: T) => void;
}

export class CommitQueue {
  private jobs: Job<unknown>[] = [];
  private scheduled = false;
  /** Transactions committed and jobs in them, WAL fsyncs and their time, for /api/health and benchmarks. */
  readonly stats = {
    commits: 0,
    jobs: 0,
    maxBatch: 0,
    syncs: 0,
    syncMs: 0,
    maxSyncMs: 0,
    /** Batches that found the write lock taken by another process and were tried again later. */
    lockRetries: 0,
    /** Batches that gave up after lockWaitMs. */
    lockTimeouts: 0,
  };
  /** A retry after the write lock was busy is pending. */
  private retry: NodeJS.Timeout | null = null;
  private lockedSince: number | null = null;
  private backoff = 0;
  private syncing = false;
  /** Committed batches waiting for the next fsync; one fsync covers all of them. */
  private waiting: ((err: Error | null) => void)[] = [];
  private idle: (() => void)[] = [];

  /**
   * @param syncWal when given, the store commits with synchronous=NORMAL (no fsync on the event loop)
   * and this makes the WAL durable off-thread; callbacks run only after it reports success.
   */
  constructor(
    private readonly store: Store,
    private readonly syncWal?: (cb: (err: Error | null) => void) => void,
    private readonly maxBatch = 512,
    private readonly lockWaitMs = 30_000,
  ) {}

  push<T>(op: () => T, done: (err: Error | null, result?: T) => void): void {
    this.jobs.push({ op, done } as Job<unknown>);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  get pending(): number {
    return this.jobs.length;
  }

  private sync(): void {
    if (this.syncing || !this.waiting.length || !this.syncWal) return;
    this.syncing = true;
    const covered = this.waiting.splice(0);
    const t0 = performance.now();
    this.syncWal((err) => {
      this.syncing = false;
      const ms = performance.now() - t0;
      this.stats.syncs++;
      this.stats.syncMs += ms;
      this.stats.maxSyncMs = Math.max(this.stats.maxSyncMs, ms);
      for (const f of covered) f(err);
      if (this.waiting.length) this.sync();
      else for (const f of this.idle.splice(0)) f();
    });
  }

  /** Runs everything queued now and resolves when every batch's callbacks have run. */
  async drain(): Promise<void> {
    while (this.retry) await new Promise((r) => setTimeout(r, 5));
    this.flush();
    if (this.syncing || this.waiting.length) await new Promise<void>((r) => this.idle.push(r));
  }

  /**
   * Runs everything queued now. When another process (a sweep, a command) holds the write lock, the
   * batch is not waited for here: the store's connection has no busy timeout, BEGIN fails at once, and
   * the batch goes back to the front of the queue and is tried again shortly (backing off to 10 ms) —
   * the event loop never sleeps on a lock. Acks still go out only after commit. Past `lockWaitMs` of
   * trying, the batch fails ("database is locked"): the agents send those reports again.
   */
  flush(): void {
    this.scheduled = false;
    if (this.retry) return;
    while (this.jobs.length) {
      const batch = this.jobs.splice(0, this.maxBatch);
      const results: { err: Error | null; result?: unknown }[] = [];
      try {
        // One IMMEDIATE transaction (Store.transaction): a batch never reads a snapshot another process's
        // write then invalidates.
        this.store.transaction(() => {
          for (const j of batch) {
            try {
              // A nested transaction is a savepoint: a failing job rolls back alone.
              results.push({ err: null, result: this.store.transaction(j.op) });
            } catch (e) {
              results.push({ err: e instanceof Error ? e : new Error(String(e)) });
            }
          }
        });
      } catch (e) {
        if (isBusy(e) && results.length === 0) {
          // The lock is another process's: nothing ran; try again soon, without blocking.
          this.jobs.unshift(...batch);
          this.lockedSince ??= performance.now();
          this.stats.lockRetries++;
          if (performance.now() - this.lockedSince < this.lockWaitMs) {
            this.backoff = Math.min(10, this.backoff * 2 || 1);
            this.retry = setTimeout(() => {
              this.retry = null;
              this.flush();
            }, this.backoff);
            return;
          }
          this.jobs.splice(0, batch.length);
          this.stats.lockTimeouts++;
        }
        // The commit itself failed: nothing of this batch is stored, nothing is acked.
        const err = e instanceof Error ? e : new Error(String(e));
        for (const j of batch) j.done(err);
        continue;
      }
      this.lockedSince = null;
      this.backoff = 0;
      this.stats.commits++;
      this.stats.jobs += batch.length;
      this.stats.maxBatch = Math.max(this.stats.maxBatch, batch.length);
      const finish = (syncErr: Error | null) => {
        for (const [i, j] of batch.entries()) j.done(syncErr ?? results[i].err, results[i].result);
      };
      if (!this.syncWal) {
        finish(null);
        continue;
      }
      this.waiting.push(finish);
      this.sync();
    }
  }
}

/** SQLite's "database is locked": another connection holds the write lock. */
function isBusy(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT';
}
