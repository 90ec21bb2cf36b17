// Assets not seen for a while are `stale`: still shown and kept in the audit trail, but counted apart
// and left out of what is "there now". How long is a collector setting (`coverscan assets stale-after`).
import { parseDuration } from '../duration';
import type { JudgingSettings } from './judging';

/** Agents report hourly and sweeps run weekly or monthly: a month without a sighting is a gone asset. */
export const DEFAULT_STALE_AFTER = '30d';
const KEY = 'stale_after';

export function staleAfter(settings: JudgingSettings): string {
  return settings.get(KEY) ?? DEFAULT_STALE_AFTER;
}

export function setStaleAfter(settings: JudgingSettings, d: string): void {
  parseDuration(d);
  settings.set(KEY, d.trim().toLowerCase());
}

/** Last-seen times before this are stale. */
export function staleBefore(settings: JudgingSettings, now = Date.now()): string {
  return new Date(now - parseDuration(staleAfter(settings))).toISOString();
}
