// Bad input on the command line. `check` exits 2 for it, because its exit 1 means "something is covered".
export class UsageError extends Error {
  readonly exitCode = 2;
}
