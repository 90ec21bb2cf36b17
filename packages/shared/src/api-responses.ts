// What the collector's HTTP API answers, as schemas: the contract its tests check answers against and a
// client (the dashboard, a script) can validate with. Objects are loose: a field added later breaks no client.
// Namespace import, so bundles keep only the parts of zod we use (see inventory.ts).
import * as z from 'zod';
import { assetKinds, findingStatuses } from './api-requests';

const instant = z.string().min(10);
const nullable = <T extends z.ZodType>(t: T) => t.nullable();
const verdict = z.enum(['covered', 'review', 'clear']);

export const apiErrorSchema = z.strictObject({ error: z.string().min(1) });

export const sessionSchema = z.union([
  z.looseObject({
    user: z.string(),
    via: z.literal('session'),
    csrfToken: z.string().min(20),
    expiresAt: instant,
  }),
  z.looseObject({ user: z.string(), via: z.literal('token'), by: z.string() }),
]);

/** One asset as the report and the assets list give it (the collector's ReportRow). */
export const assetRowSchema = z.looseObject({
  id: z.number().int(),
  ip: nullable(z.string()),
  mac: nullable(z.string()),
  hostname: nullable(z.string()),
  kind: z.enum(assetKinds),
  vendor: nullable(z.string()),
  model: nullable(z.string()),
  verdict,
  entity: nullable(z.string()),
  lists: z.array(z.looseObject({ id: z.string(), name: z.string() })),
  evidence: z.array(z.looseObject({ rule: z.string(), ruleSource: z.string(), entity: z.string() })),
  findingId: nullable(z.number().int()),
  findingStatus: nullable(z.enum(findingStatuses)),
  firstSeen: instant,
  lastSeen: instant,
  stale: z.boolean(),
  why: nullable(z.string()),
  site: nullable(z.string()),
});

export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.strictObject({ items: z.array(item), next: nullable(z.string()) });
export const assetsPageSchema = pageSchema(assetRowSchema);

export const auditEntrySchema = z.looseObject({
  at: instant,
  findingId: nullable(z.number().int()),
  action: z.string(),
  from: nullable(z.string()),
  to: nullable(z.string()),
  by: nullable(z.string()),
  why: nullable(z.string()),
});

export const findingSchema = z.looseObject({
  id: z.number().int(),
  entity: z.string(),
  verdict: z.enum(['covered', 'review']),
  status: z.enum(findingStatuses),
  statusBy: nullable(z.string()),
  statusWhy: nullable(z.string()),
  statusAt: nullable(instant),
  active: z.boolean(),
  firstSeen: instant,
  lastSeen: instant,
});
export const findingDetailSchema = findingSchema.extend({ history: z.array(auditEntrySchema) });
export const findingsPageSchema = pageSchema(
  findingSchema.extend({ asset: z.looseObject({ id: z.number().int(), kind: z.enum(assetKinds) }) }),
);
export const findingDecisionResultSchema = z.strictObject({
  finding: findingDetailSchema,
  /** The decision it replaced. */
  was: z.looseObject({
    status: z.enum(findingStatuses),
    by: nullable(z.string()),
    why: nullable(z.string()),
  }),
});

export const sightingSchema = z.strictObject({
  assetId: z.number().int(),
  at: instant,
  sweepId: nullable(z.number().int()),
  role: nullable(z.enum(['switch', 'router'])),
  switchName: nullable(z.string()),
  switchIp: nullable(z.string()),
  port: nullable(z.string()),
  vlan: nullable(z.string()),
  remotePort: nullable(z.string()),
  via: nullable(z.enum(['lldp', 'cdp', 'fdb', 'arp'])),
  location: z.string(),
});

export const assetDetailSchema = z.strictObject({
  asset: assetRowSchema,
  observations: z.array(
    z.looseObject({
      at: instant,
      source: z.enum(['agent', 'sweep', 'import']),
      current: z.boolean(),
      observations: z.array(z.looseObject({ kind: z.string(), field: z.string(), value: z.string() })),
    }),
  ),
  sightings: z.array(sightingSchema),
  attached: z.array(z.looseObject({ id: z.number().int(), kind: z.enum(assetKinds) })),
  findings: z.array(findingDetailSchema),
  history: z.array(auditEntrySchema),
});

export const whereSchema = z.strictObject({
  query: z.union([z.strictObject({ mac: z.string() }), z.strictObject({ ip: z.string() })]),
  assets: z.array(z.looseObject({ id: z.number().int(), kind: z.enum(assetKinds) })),
  sightings: z.array(sightingSchema),
});

export const sweepSchema = z.looseObject({
  id: z.number().int(),
  targets: z.array(z.string()),
  status: z.enum(['running', 'done', 'interrupted', 'failed']),
  counters: nullable(z.record(z.string(), z.number())),
  startedAt: instant,
  finishedAt: nullable(instant),
  assetsChanged: z.number().int(),
});
export const sweepsPageSchema = pageSchema(sweepSchema);

export const agentSchema = z.looseObject({
  id: z.string(),
  hostname: nullable(z.string()),
  lastSeen: instant,
  revokedAt: nullable(instant),
  connected: z.boolean(),
  stale: z.boolean(),
  state: z.enum(['active', 'stale', 'revoked']),
});
