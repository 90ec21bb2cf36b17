// The collector's log: JSON lines on stderr (stdout carries command output), level from LOG_LEVEL.
import pino, { type Logger } from 'pino';

export function stderrLogger(): Logger {
  return pino({ name: 'coverscan', level: process.env.LOG_LEVEL ?? 'info' }, pino.destination(2));
}
