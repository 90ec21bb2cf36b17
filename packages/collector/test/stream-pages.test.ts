// A JSON array written page by page, each page in chunks (web/stream-pages.ts): whatever pages or chunks
// come empty, the text is one valid array of every row, in order.
import { describe, expect, it } from 'vitest';
import { jsonArrayText } from '../src/web/stream-pages';

const chunk = (...ids: number[]) => ids.map((id) => JSON.stringify({ id })).join(',');

describe('jsonArrayText', () => {
  it('joins pages of chunks into one array, empty pages and all', () => {
    const pages = [[], [chunk(1, 2), chunk(3)], [], [chunk(4)], [chunk(5, 6), chunk(7), chunk(8)], []];
    const json = jsonArrayText();
    const text = pages.flatMap((p, i) => json(p, i === 0)).join('') + ']';
    expect(JSON.parse(text)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((id) => ({ id })));
  });

  it('writes an empty array when no page holds a row', () => {
    const json = jsonArrayText();
    expect(`${[[], []].flatMap((p, i) => json(p, i === 0)).join('')}]`).toBe('[]');
  });
});
