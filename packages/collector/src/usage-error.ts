// Bad input on the command line. `check` exits 2 for it, because its exit 1 means "something is covered".
export class UsageError extends Error {
  readonly exitCode = 2;
}

/** Runs `fn`; an error of one of `kinds` (input a store or parser refused) becomes a UsageError (exit 2). */
export function refusedAsUsage<T>(fn: () => T, ...kinds: (abstract new (...args: never[]) => Error)[]): T {
  try {
    return fn();
  } catch (e) {
    throw kinds.some((k) => e instanceof k) ? new UsageError((e as Error).message) : e;
  }
}
