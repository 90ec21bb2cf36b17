// The collector's log: JSON lines on stderr (stdout carries command output), level from LOG_LEVEL.
import { lazyRequire } from '@coverscan/sweep/lazy-require';
import type { Logger } from 'pino';

const pino = lazyRequire<typeof import('pino')>(import.meta.url, 'pino');

export function stderrLogger(): Logger {
  const { pino: make, destination } = pino();
  return make({ name: 'coverscan', level: process.env.LOG_LEVEL ?? 'info' }, destination(2));
}
