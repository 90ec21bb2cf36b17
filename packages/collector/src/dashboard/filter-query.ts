// A GET form sends every field, the empty ones as `name=`: those are dropped before the API's schema reads
// the query, so "any verdict" is an empty select and not a 400.
import type * as z from 'zod';
import { parseQuery } from '../web/web-app';

export function formQuery<S extends z.ZodType>(schema: S, url: URL, drop: string[] = []): z.output<S> {
  const kept = new URL(url.href);
  kept.search = '';
  for (const [k, v] of url.searchParams)
    if (v.trim() !== '' && !drop.includes(k)) kept.searchParams.append(k, v);
  return parseQuery(schema, kept);
}

/** The same query string with these parameters replaced (null: removed), for links that keep the filter. */
export function withParams(url: URL, changes: Record<string, string | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of url.searchParams) if (v.trim() !== '' && !(k in changes)) p.append(k, v);
  for (const [k, v] of Object.entries(changes)) if (v !== null) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}
