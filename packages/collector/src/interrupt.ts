// Ctrl-C while a command works. The first Ctrl-C (or SIGTERM) asks it to stop and keep what it has; our
// handlers are then removed, so a second one ends the process at once by the default action, even while
// the main thread waits on SQLite: a transaction it cuts short is rolled back, never half stored.
export interface Interruptible {
  /** Aborted by the first signal. */
  signal: AbortSignal;
  /** Stops listening (the default action applies again). */
  dispose(): void;
}

export function interruptible(onFirst: (signal: NodeJS.Signals) => void): Interruptible {
  const ac = new AbortController();
  const dispose = () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
  const handler = (sig: NodeJS.Signals) => {
    dispose();
    onFirst(sig);
    ac.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return { signal: ac.signal, dispose };
}
