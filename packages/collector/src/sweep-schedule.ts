// When a sweep job is due. The cron expression is parsed by croner (npm), not by us: it is kept up
// (releases through 2025), has no dependencies, handles the awkward parts of cron (day-of-month OR
// day-of-week, ranges with steps, `L`, nicknames like @daily, daylight-saving jumps) and also takes a
// seconds field, which the tests use to fire within seconds. Times are the collector's local time, as
// in crontab.
import { lazyRequire } from '@coverscan/sweep/lazy-require';

const croner = lazyRequire<typeof import('croner')>(import.meta.url, 'croner');

/** Throws a readable error when `expr` is not a cron expression croner accepts. */
export function checkSchedule(expr: string): void {
  try {
    new (croner().Cron)(expr, { paused: true }).stop();
  } catch (e) {
    throw new Error(`--schedule "${expr}" is not a cron expression: ${(e as Error).message}`);
  }
}

/** The first time the schedule fires after `after`, or null when it never fires again. */
export function nextFire(expr: string, after: Date): Date | null {
  const c = new (croner().Cron)(expr, { paused: true });
  try {
    return c.nextRun(after);
  } finally {
    c.stop();
  }
}

export interface DueInput {
  schedule: string | null;
  createdAt: string;
  requestedAt: string | null;
  last: { status: string; startedAt: string } | null;
}

/**
 * Whether a job is due now: never while a run of it is going on; at once when asked (`sweep-job run`
 * of an agent job) or when its last run was interrupted (it runs again at the next opportunity);
 * otherwise when its schedule has fired since its last run started (or since it was created).
 */
export function isDue(j: DueInput, now: Date): boolean {
  if (j.last?.status === 'running') return false;
  if (j.requestedAt && (!j.last || j.requestedAt > j.last.startedAt)) return true;
  if (j.last?.status === 'interrupted') return true;
  if (!j.schedule) return false;
  const fire = nextFire(j.schedule, new Date(j.last?.startedAt ?? j.createdAt));
  return fire !== null && fire <= now;
}
