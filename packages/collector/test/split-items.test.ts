// The pack's items cut into runs for printing in parallel: every item in exactly one run, in order, whole,
// and the runs about equally big, so that no one renderer is left with most of the work.
import { describe, expect, it } from 'vitest';
import { splitItems } from '../src/pack/split-items';

const flat = (ranges: [number, number][]) =>
  ranges.flatMap(([a, b]) => Array.from({ length: b - a }, (_, k) => a + k));

describe('splitItems', () => {
  it('puts every item in exactly one run, in order, and every run has an item', () => {
    const sizes = Array.from({ length: 1000 }, (_, i) => 600 + ((i * 7919) % 1400));
    for (const parts of [1, 2, 3, 4, 7]) {
      const ranges = splitItems(sizes, 30_000, 20_000, parts);
      expect(ranges).toHaveLength(parts);
      expect(flat(ranges)).toEqual(sizes.map((_, i) => i));
      for (const [a, b] of ranges) expect(b).toBeGreaterThan(a);
    }
  });

  it('makes the runs as big as each other within one item, counting the sections before and after', () => {
    // Items of very different sizes (one piece of evidence or twenty), and heavy sections around them.
    const sizes = Array.from({ length: 500 }, (_, i) => (i % 13 === 0 ? 9000 : 700 + ((i * 31) % 500)));
    const before = 60_000;
    const after = 25_000;
    for (const parts of [2, 3, 4]) {
      const ranges = splitItems(sizes, before, after, parts);
      const weight = ranges.map(
        ([a, b], k) =>
          sizes.slice(a, b).reduce((x, y) => x + y, 0) +
          (k === 0 ? before : 0) +
          (k === ranges.length - 1 ? after : 0),
      );
      const ideal = weight.reduce((x, y) => x + y, 0) / parts;
      for (const w of weight) expect(Math.abs(w - ideal)).toBeLessThanOrEqual(Math.max(...sizes));
    }
  });

  it('makes fewer runs when there are fewer items than parts, and one empty run for no item', () => {
    expect(splitItems([5, 5], 100, 100, 4)).toEqual([
      [0, 1],
      [1, 2],
    ]);
    expect(splitItems([], 100, 100, 3)).toEqual([[0, 0]]);
    // The sections before the items outweigh everything: the first run still has its one item.
    expect(splitItems([1, 1, 1], 1_000_000, 0, 3)).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
  });
});
