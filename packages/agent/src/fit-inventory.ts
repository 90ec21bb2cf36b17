// An inventory the collector would refuse is a report lost. Before a report is spooled, values over
// the protocol's limits (a 3 kB program name, 30,000 packages) are cut to fit, and the cut is
// recorded in errors[] so the collector's user sees that something was shortened.
import { type Inventory, inventorySchema } from '@coverscan/shared';

type Path = PropertyKey[];

function at(root: unknown, path: Path): { parent: Record<PropertyKey, unknown>; key: PropertyKey } | null {
  let cur = root as Record<PropertyKey, unknown>;
  for (const k of path.slice(0, -1)) {
    const next = cur?.[k];
    if (typeof next !== 'object' || next === null) return null;
    cur = next as Record<PropertyKey, unknown>;
  }
  return path.length ? { parent: cur, key: path[path.length - 1] } : null;
}

/** The inventory, shortened where it exceeds the schema's maximums; throws if it is wrong otherwise. */
export function fitInventory(inv: Inventory): Inventory {
  const out = structuredClone(inv);
  const notes: string[] = [];
  for (let pass = 0; pass < 5; pass++) {
    const r = inventorySchema.safeParse(out);
    if (r.success) break;
    const other = r.error.issues.filter((i) => i.code !== 'too_big');
    if (other.length)
      throw new Error(
        `inventory does not match protocol v1: ${other.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      );
    for (const issue of r.error.issues) {
      const loc = at(out, issue.path);
      if (!loc || issue.code !== 'too_big') continue;
      const v = loc.parent[loc.key];
      const max = Number(issue.maximum);
      if (typeof v === 'string') loc.parent[loc.key] = v.slice(0, max);
      else if (Array.isArray(v)) v.length = max;
      else continue;
      notes.push(`${issue.path.join('.')} cut to ${max}`);
    }
  }
  if (notes.length) {
    out.errors = out.errors.slice(0, 63);
    out.errors.push({
      collector: 'protocol-limits',
      message:
        `${notes.length} value(s) over the protocol's limits were shortened: ${notes.slice(0, 10).join(', ')}`.slice(
          0,
          2048,
        ),
      timedOut: false,
    });
  }
  return inventorySchema.parse(out);
}
