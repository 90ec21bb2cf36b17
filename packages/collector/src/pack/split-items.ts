// Where the pack's items are cut to print them in parts, in parallel (pdf.ts): one renderer lays out and
// paints a document on one thread, so a thousand items in one document use one core whatever the machine has.

/**
 * Cuts items of the given sizes into at most `parts` runs: consecutive, in order, never inside an item, each
 * about the same size. Size stands for the work of laying an item out and printing it (its markup's length:
 * an item's elements and text). The first run also carries `before` (the sections before the items), the last
 * `after`. Every run has an item, so there are fewer runs than `parts` when there are fewer items; no item
 * at all is one empty run. Returns [from, to) index ranges covering every item exactly once.
 */
export function splitItems(
  sizes: readonly number[],
  before: number,
  after: number,
  parts: number,
): [number, number][] {
  const runs = Math.max(1, Math.min(Math.floor(parts), sizes.length));
  const total = before + after + sizes.reduce((a, b) => a + b, 0);
  const ranges: [number, number][] = [];
  let from = 0;
  let done = before;
  for (let k = 1; k < runs; k++) {
    const cut = (total * k) / runs;
    let to = from + 1; // every run has an item
    done += sizes[from];
    // Take the next item while at least half of it falls before the cut and the runs after keep one each.
    while (to < sizes.length - (runs - k) && done + sizes[to] / 2 <= cut) done += sizes[to++];
    ranges.push([from, to]);
    from = to;
  }
  ranges.push([from, sizes.length]);
  return ranges;
}
