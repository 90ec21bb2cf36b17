// What the collector's HTTP API accepts: query strings and bodies, validated before any I/O. Every query is a
// strict object: a misspelt parameter is a 400 naming it, not a silently ignored filter.
// Namespace import, so bundles keep only the parts of zod we use (see inventory.ts).
import * as z from 'zod';

const id = z.string().regex(/^[a-z0-9-]+$/, 'expected a catalog id (lower-case letters, digits, dashes)');
const instant = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'expected an ISO date or date-time',
  )
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real date');
const limit = z.coerce.number<string>().int().min(1).max(500).default(100);
const cursor = z.string().regex(/^[A-Za-z0-9_-]{1,400}$/, 'expected the `next` value of the previous page');
const order = z.enum(['asc', 'desc']).default('asc');

export const assetKinds = ['endpoint', 'network-device', 'peripheral', 'neighbor'] as const;
export const assetSortKeys = ['id', 'lastSeen', 'firstSeen', 'hostname', 'ip', 'vendor', 'verdict'] as const;

/** GET /api/assets */
export const assetsQuerySchema = z.strictObject({
  /** `flagged`: covered or review. */
  verdict: z.enum(['covered', 'review', 'clear', 'flagged']).optional(),
  entity: id.optional(),
  /** A restriction list's id (lists.json), e.g. `fcc-covered`. */
  list: id.optional(),
  kind: z.enum(assetKinds).optional(),
  /** Seen by this kind of source (any of its observations). */
  source: z.enum(['agent', 'sweep', 'import']).optional(),
  site: z.string().min(1).max(200).optional(),
  /** A CIDR range its IP is in (checked by the collector, which knows IP addresses). */
  subnet: z.string().min(3).max(64).optional(),
  /** Last seen at or after this. */
  since: instant.optional(),
  /** Free text: part of the hostname, IP, MAC, vendor or model (case-insensitive). */
  q: z.string().min(1).max(200).optional(),
  sort: z.enum(assetSortKeys).default('id'),
  order,
  limit,
  cursor: cursor.optional(),
});
export type AssetsQuery = z.infer<typeof assetsQuerySchema>;

export const findingStatuses = ['open', 'accepted', 'remediated'] as const;

/** GET /api/findings */
export const findingsQuerySchema = z.strictObject({
  status: z.enum(findingStatuses).optional(),
  verdict: z.enum(['covered', 'review']).optional(),
  entity: id.optional(),
  /** Only the findings of this site's assets (`coverscan site list`). */
  site: z.string().min(1).max(200).optional(),
  /** Include findings whose evidence is gone (the asset no longer shows the entity). */
  inactive: z.enum(['true', 'false']).default('false'),
  limit,
  cursor: cursor.optional(),
});
export type FindingsQuery = z.infer<typeof findingsQuerySchema>;

/** POST /api/findings/:id/accept|remediate|reopen: every decision says why. */
export const findingDecisionSchema = z.strictObject({
  why: z.string().trim().min(1, 'say why (a justification is required)').max(2000),
});
export const findingActions = { accept: 'accepted', remediate: 'remediated', reopen: 'open' } as const;

/** GET /api/where?mac=…|ip=… */
export const whereQuerySchema = z
  .strictObject({
    mac: z
      .string()
      .regex(
        /^[0-9A-Fa-f]{2}([:.-]?[0-9A-Fa-f]{2}){5}$|^[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}$/,
        'expected a MAC address',
      )
      .optional(),
    ip: z.union([z.ipv4(), z.ipv6()], { error: 'expected an IPv4 or IPv6 address' }).optional(),
  })
  .refine((q) => !!q.mac !== !!q.ip, { message: 'give mac or ip (one of them)' });

/** GET /api/sweeps, /api/agents: pages of a list ordered by newest first. */
export const pageQuerySchema = z.strictObject({ limit, cursor: cursor.optional() });

/** GET /api/agents */
export const agentsQuerySchema = z.strictObject({
  state: z.enum(['active', 'stale', 'revoked']).optional(),
});

/** GET /api/report, /api/report.csv (the whole report, streamed). */
export const reportQuerySchema = z.strictObject({
  only: z.enum(['covered', 'review', 'flagged']).optional(),
  site: z.string().min(1).max(200).optional(),
});

/** POST /api/login */
export const loginSchema = z.strictObject({
  user: z.string().min(1).max(100),
  password: z.string().min(1).max(1000),
});

/** A query string as the object the schemas check: each parameter once. */
export function queryObject(params: URLSearchParams): { value: Record<string, string>; twice: string[] } {
  const value: Record<string, string> = {};
  const twice: string[] = [];
  for (const [k, v] of params) {
    if (k in value) twice.push(k);
    value[k] = v;
  }
  return { value, twice };
}

/** Every issue, each on its parameter: `limit: too big…; sort: invalid option…`. */
export function describeApiIssues(e: {
  issues: { path: PropertyKey[]; message: string; code?: string; keys?: string[] }[];
}): string {
  return e.issues
    .map((i) =>
      i.code === 'unrecognized_keys' && i.keys
        ? `unknown parameter${i.keys.length > 1 ? 's' : ''} ${i.keys.join(', ')}`
        : `${i.path.map(String).join('.') || '(request)'}: ${i.message}`,
    )
    .join('; ');
}
