// Which `coverscan serve` runs on this database, if any: it records itself in the settings and refreshes
// the record every few seconds. Commands that would re-judge (catalog update, sweep --policy) leave the
// work to it then: one writer re-judging between its own group commits keeps acks prompt, where a second
// process taking the write lock again and again would make the collector's commits wait.
import { hostname } from 'node:os';
import type { JudgingSettings } from './judging';
import { processAlive } from './process-alive';

export interface Serving {
  pid: number;
  host: string;
  at: string;
}

const KEY = 'serving';
/** A record older than this is a collector that stopped without clearing it (killed). */
export const SERVING_STALE_MS = 20_000;

export function markServing(settings: JudgingSettings): void {
  settings.set(KEY, JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }));
}

export function clearServing(settings: JudgingSettings): void {
  const s = liveServer(settings, 0);
  if (s?.pid === process.pid && s.host === hostname()) settings.delete(KEY);
}

/** The collector serving this database now, or null. `staleMs` 0: any record of this process. */
export function liveServer(settings: JudgingSettings, staleMs = SERVING_STALE_MS): Serving | null {
  const v = settings.get(KEY);
  if (!v) return null;
  const s = JSON.parse(v) as Serving;
  if (staleMs && Date.now() - Date.parse(s.at) > staleMs) return null;
  if (staleMs && s.host === hostname() && !processAlive(s.pid)) return null;
  return s;
}
