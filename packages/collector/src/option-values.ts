// Option values the sweep commands share: a repeatable option's list, and a bounded integer (bad input is
// the user's: exit 2 with the option named).
import { UsageError } from './usage-error';

/** commander's reducer for a repeatable option. */
export const collect = (v: string, prev: string[]): string[] => [...prev, v];

export function intOption(name: string, v: string, min: number, max: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`${name} must be an integer from ${min} to ${max}`);
  return n;
}
