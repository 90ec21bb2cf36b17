// Work waiting for the report workers, taken round-robin by key (an agent, or a connection before it
// has one): an agent with many frames waiting gets one turn, then every other agent gets theirs, so a
// busy or hostile agent delays others by at most one frame each.

export class FairQueue<T> {
  /** Keys in turn order; a key that was served goes to the back. */
  private readonly byKey = new Map<string, T[]>();
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(key: string, item: T): void {
    const q = this.byKey.get(key);
    if (q) q.push(item);
    else this.byKey.set(key, [item]);
    this.count++;
  }

  /** The next item of the first key in turn that `skip` does not exclude (e.g. one already running). */
  shift(skip: (key: string) => boolean = () => false): { key: string; item: T } | undefined {
    for (const [key, q] of this.byKey) {
      if (skip(key)) continue;
      const item = q.shift() as T;
      this.byKey.delete(key);
      if (q.length) this.byKey.set(key, q);
      this.count--;
      return { key, item };
    }
    return undefined;
  }

  /** Removes and returns every item (a pool closing). */
  clear(): T[] {
    const all = [...this.byKey.values()].flat();
    this.byKey.clear();
    this.count = 0;
    return all;
  }
}
