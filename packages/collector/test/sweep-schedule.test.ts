// When a sweep job is due (sweep-schedule.ts): the schedule counted from the last run's start, never
// while a run goes on, at once after an interrupted run or a request.
import { describe, expect, it } from 'vitest';
import { checkSchedule, isDue } from '../src/sweep-schedule';

// Local time, as cron counts it.
const at = (h: number, m = 0) => new Date(2026, 5, 10, h, m).toISOString();
const now = new Date(2026, 5, 10, 12, 30);
const job = { schedule: '0 * * * *', createdAt: at(9), requestedAt: null, last: null };

describe('isDue', () => {
  it('counts the schedule from the last run, or from the job creation', () => {
    expect(isDue(job, now)).toBe(true);
    expect(isDue({ ...job, last: { status: 'done', startedAt: at(12, 0) } }, now)).toBe(false);
    expect(isDue({ ...job, last: { status: 'done', startedAt: at(11, 5) } }, now)).toBe(true);
    expect(isDue({ ...job, createdAt: at(12, 10) }, now)).toBe(false);
  });
  it('never while a run goes on; at once after an interruption or a request', () => {
    expect(isDue({ ...job, last: { status: 'running', startedAt: at(8) } }, now)).toBe(false);
    expect(isDue({ ...job, last: { status: 'interrupted', startedAt: at(12, 20) } }, now)).toBe(true);
    const byHand = { ...job, schedule: null };
    expect(isDue(byHand, now)).toBe(false);
    expect(isDue({ ...byHand, requestedAt: at(12, 25) }, now)).toBe(true);
    // A request a run has already answered is spent.
    expect(
      isDue({ ...byHand, requestedAt: at(12, 25), last: { status: 'done', startedAt: at(12, 26) } }, now),
    ).toBe(false);
  });
  it('refuses what is not cron', () => {
    expect(() => checkSchedule('every day')).toThrow(/not a cron expression/);
    expect(() => checkSchedule('0 2 * * 1-5')).not.toThrow();
  });
});
