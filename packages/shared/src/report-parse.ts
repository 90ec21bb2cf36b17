// Validation of an agent report on the collector's hot path. The zod `reportSchema` is the definition;
// this gives the same answer faster: zod checks everything but the software list, and the software
// entries (~800 per report, 85 % of zod's time and a copy of each) are checked by a loop that mirrors
// `softwareSchema` field by field. tests/report-parse.test.ts holds the two to the same verdicts.
// Namespace import, so bundles keep only the parts of zod we use (see inventory.ts).
import * as z from 'zod';
import { inventorySchema, type Software, softwareSchema } from './inventory';
import { describeIssues, type Report, reportSchema } from './protocol';

// reportSchema with the software list left to softwareIssue (its bound as in inventorySchema).
const envelope = reportSchema.extend({
  inventory: inventorySchema.extend({ software: z.array(z.unknown()).max(20000) }),
});

/** The maximum length of a (possibly nullable, optional) string field of softwareSchema. */
function maxLength(field: z.ZodType): number {
  let s = field;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
  if (!(s instanceof z.ZodString) || s.maxLength === null)
    throw new Error('softwareSchema: expected string fields with a maximum length');
  return s.maxLength;
}

const SOURCES: ReadonlySet<unknown> = new Set(softwareSchema.shape.source.options);
const NAME_MAX = maxLength(softwareSchema.shape.name);
/** The optional string fields of a software entry and their maximum lengths, read from softwareSchema. */
const OPTIONAL = Object.entries(softwareSchema.shape)
  .filter(([, field]) => field instanceof z.ZodOptional)
  .map(([k, field]) => [k as keyof Software, maxLength(field)] as const);

/** Why a software entry is invalid ("field: message"), or null when softwareSchema accepts it. */
export function softwareIssue(e: unknown): string | null {
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return '(entry): expected an object';
  const o = e as Record<string, unknown>;
  if (typeof o.name !== 'string') return 'name: expected a string';
  if (o.name.length > NAME_MAX) return `name: longer than ${NAME_MAX}`;
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
  if (!r.success) return { success: false, issues: describeIssues(r.error) };
  const software = r.data.inventory.software;
  for (let i = 0; i < software.length; i++) {
    const issue = softwareIssue(software[i]);
    if (issue) return { success: false, issues: `inventory.software.${i}.${issue}` };
  }
  // Every entry passed the same checks as softwareSchema.
  return { success: true, data: r.data as Report };
}
