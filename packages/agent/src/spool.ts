// Reports wait in a spool directory from the moment they are made until the collector acknowledges
// them: written atomically before sending, deleted only on ack, re-sent after a restart. Inventories
// are bounded by count and bytes; when full, the oldest inventory is dropped with a warning (a newer
// inventory of the same machine supersedes it). Sweep result parts are never dropped: nothing
// supersedes them, and a sweep acknowledged must not lose a part. They have their own bound instead,
// which a sweeper respects by not starting its next job while the parts waiting exceed it (sweeper.ts).
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-write';

export interface SpoolLimits {
  /** Inventories kept (sweep parts do not count). */
  maxReports: number;
  /** Bytes of inventories kept (sweep parts do not count). */
  maxBytes: number;
  /** Bytes of sweep parts past which a sweeper starts no job (never a reason to drop one); default 1 GiB. */
  maxSweepBytes?: number;
}

export const defaultSpoolLimits: Required<SpoolLimits> = {
  maxReports: 100,
  maxBytes: 50 * 1024 * 1024,
  maxSweepBytes: 1024 * 1024 * 1024,
};

/** Report ids of sweep result parts (sweeper.ts names them so). */
const isSweepPart = (reportId: string) => reportId.startsWith('sweep-');

export interface SpooledReport {
  file: string;
  reportId: string;
  bytes: number;
}

export class Spool {
  readonly dir: string;
  readonly rejectedDir: string;

  constructor(
    dir: string,
    private readonly limits: SpoolLimits = defaultSpoolLimits,
    private readonly warn: (msg: string) => void = (m) => console.error(`coverscan-agent: warning: ${m}`),
  ) {
    this.dir = dir;
    this.rejectedDir = join(dir, 'rejected');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.sweepTemporaries();
  }

  /** A crash between write and rename leaves a temporary file: never a report, removed once it is
   * old enough that no live writer can own it. */
  private sweepTemporaries(now = Date.now()): void {
    for (const f of readdirSync(this.dir)) {
      if (!f.endsWith('.tmp')) continue;
      const p = join(this.dir, f);
      try {
        if (now - statSync(p).mtimeMs > 10 * 60_000) rmSync(p, { force: true });
      } catch {
        // gone meanwhile
      }
    }
  }

  /** Queued reports, oldest first (file names start with a fixed-width timestamp). */
  list(): SpooledReport[] {
    return readdirSync(this.dir)
      .filter((f) => /^\d{13}-[\w-]+\.json$/.test(f))
      .sort()
      .map((f) => ({
        file: join(this.dir, f),
        reportId: f.slice(14, -5),
        bytes: statSync(join(this.dir, f)).size,
      }));
  }

  /** Stores one report message (already serialized) and enforces the bounds. */
  add(reportId: string, message: string, now = Date.now()): SpooledReport {
    if (!/^[\w-]{8,64}$/.test(reportId)) throw new Error(`bad report id ${reportId}`);
    const file = join(this.dir, `${String(now).padStart(13, '0')}-${reportId}.json`);
    writeFileAtomic(file, message, 0o600);
    this.enforce(reportId);
    return { file, reportId, bytes: Buffer.byteLength(message) };
  }

  read(r: SpooledReport): string {
    return readFileSync(r.file, 'utf8');
  }

  /** The collector acknowledged it: now, and only now, it may go. */
  acked(r: SpooledReport): void {
    rmSync(r.file, { force: true });
  }

  /** The collector refuses this report for good (it fails validation): keep it aside for a person,
   * out of the queue, so it neither blocks newer reports nor vanishes. */
  reject(r: SpooledReport, why: string): void {
    this.moveAside(r);
    this.warn(`collector refused report ${r.reportId} (${why}); moved to ${this.rejectedDir}`);
  }

  /** A file that cannot be sent (empty, truncated, unreadable, too big to fit): aside, never retried. */
  unsendable(r: SpooledReport, why: string): void {
    this.moveAside(r);
    this.warn(`spooled report ${r.reportId} cannot be sent (${why}); moved to ${this.rejectedDir}`);
  }

  private moveAside(r: SpooledReport): void {
    mkdirSync(this.rejectedDir, { recursive: true, mode: 0o700 });
    renameSync(r.file, join(this.rejectedDir, r.file.slice(this.dir.length + 1)));
  }

  /** Whether the sweep parts waiting exceed their bound: a sweeper then waits before its next job. */
  sweepPartsFull(): boolean {
    const bytes = this.list()
      .filter((r) => isSweepPart(r.reportId))
      .reduce((n, r) => n + r.bytes, 0);
    return bytes > (this.limits.maxSweepBytes ?? defaultSpoolLimits.maxSweepBytes);
  }

  private enforce(keep: string): void {
    const all = this.list().filter((r) => !isSweepPart(r.reportId));
    let bytes = all.reduce((n, r) => n + r.bytes, 0);
    let count = all.length;
    for (const r of all) {
      if (count <= this.limits.maxReports && bytes <= this.limits.maxBytes) break;
      if (r.reportId === keep) continue; // never drop the report just made
      rmSync(r.file, { force: true });
      count--;
      bytes -= r.bytes;
      this.warn(
        `spool full (${this.limits.maxReports} reports / ${this.limits.maxBytes} bytes): dropped the oldest unsent report ${r.reportId} from ${new Date(Number(r.file.slice(this.dir.length + 1, this.dir.length + 14))).toISOString()}`,
      );
    }
  }
}
