// Validation of an agent report on the collector's hot path. The zod `reportSchema` is the definition;
// this gives the same answer faster: zod checks everything but the software list, and the software
// entries (~800 per report, 85 % of zod's time and a copy of each) are checked by a loop that mirrors
// `softwareSchema` field by field. tests/report-parse.test.ts holds the two to the same verdicts.
// Namespace import, so bundles keep only the parts of zod we use (see inventory.ts).
import * as z from 'zod';
import { inventorySchema, type Software, softwareSchema } from './inventory';
import type { Report } from './protocol';

const envelope = z.object({
  type: z.literal('report'),
  reportId: z.string().min(8).max(64),
  inventory: inventorySchema.extend({ software: z.array(z.unknown()).max(20000) }),
});

const SOURCES: ReadonlySet<unknown> = new Set(softwareSchema.shape.source.options);
/** Optional string fields of a software entry and their maximum lengths (as in softwareSchema). */
const OPTIONAL: [keyof Software, number][] = [
  ['version', 256],
  ['publisher', 1024],
  ['bundleId', 512],
  ['package', 512],
];

/** Why a software entry is invalid ("field: message"), or null when softwareSchema accepts it. */
export function softwareIssue(e: unknown): string | null {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return '(entry): expected an object';
  const o = e as Record<string, unknown>;
  if (typeof o.name !== 'string') return 'name: expected a string';
  if (o.name.length > 1024) return 'name: longer than 1024';
  for (const [k, max] of OPTIONAL) {
    const v = o[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return `${k}: expected a string or null`;
    if (v.length > max) return `${k}: longer than ${max}`;
  }
  if (!SOURCES.has(o.source)) return `source: expected one of ${[...SOURCES].join(', ')}`;
  return null;
}

export type ReportParse = { success: true; data: Report } | { success: false; issues: string };

/** reportSchema.safeParse, faster; unknown keys of software entries are ignored rather than stripped. */
export function parseReport(msg: unknown): ReportParse {
  const r = envelope.safeParse(msg);
  if (!r.success)
    return {
      success: false,
      issues: r.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
        .join('; '),
    };
  const software = r.data.inventory.software;
  for (let i = 0; i < software.length; i++) {
    const issue = softwareIssue(software[i]);
    if (issue) return { success: false, issues: `inventory.software.${i}.${issue}` };
  }
  // Every entry passed the same checks as softwareSchema.
  return { success: true, data: r.data as Report };
}
