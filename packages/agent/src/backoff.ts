// Reconnect delays: exponential from `min`, capped at `max`, with full jitter so a fleet of agents
// that lost the same collector does not come back in one wave.
export function backoffDelay(attempt: number, minMs: number, maxMs: number, rand = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(attempt, 30));
  return Math.round(minMs + rand() * (ceiling - minMs));
}

/** The next report time: the interval ± 10 %. */
export function jittered(intervalMs: number, rand = Math.random): number {
  return Math.round(intervalMs * (0.9 + 0.2 * rand()));
}
