// The IANA Private Enterprise Number registry (catalog/enterprises.json): who registered an
// enterprise number. A registrant's name is a fallback for naming and, run through the text rules,
// evidence for a number the catalog does not claim (a listed group's subsidiary or joint venture).
import * as z from 'zod';
import registryJson from '../catalog/enterprises.json' with { type: 'json' };
import { CatalogError } from './catalog';

const registrySchema = z.strictObject({
  source: z.string().url(),
  via: z.string(),
  updated: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  tsv: z.string().min(1),
});

let names: Map<string, string> | undefined;

/** Parsed on first use (62,000 lines): commands that name no vendor never pay for it. */
function registry(): Map<string, string> {
  if (names) return names;
  const r = registrySchema.safeParse(registryJson);
  if (!r.success) throw new CatalogError(`invalid catalog:\nenterprises.json: ${r.error.issues[0]?.message}`);
  names = new Map();
  for (const line of r.data.tsv.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab > 0) names.set(line.slice(0, tab), line.slice(tab + 1));
  }
  return names;
}

/** The IANA registrant of an enterprise number, or null. */
export function enterpriseRegistrant(n: string): string | null {
  return registry().get(n) ?? null;
}

export const enterpriseRegistrySource = (registryJson as { source: string }).source;
