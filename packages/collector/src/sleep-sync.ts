// Blocks the thread for `ms`: for command-line work that is synchronous (better-sqlite3) and must leave
// the database to another process for a moment.
const cell = new Int32Array(new SharedArrayBuffer(4));

export function sleepSync(ms: number): void {
  Atomics.wait(cell, 0, 0, ms);
}
