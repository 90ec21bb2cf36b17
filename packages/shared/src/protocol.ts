// The agent ↔ collector wire protocol (JSON text frames over WebSocket), version 1.
//   agent → hello { enrollSecret | agentId+nodeKey }   collector → welcome { agentId, nodeKey?, settings, maxFrameBytes? }
//   agent → report { reportId, inventory }             collector → ack { reportId } after commit
//   agent → report { reportId, unchanged: digest }     (the inventory of the digest in welcome.inventoryHash)
//           collector → ack, or error inventory_needed { reportId }: send that report in full
//   either side → error { code, message } (and the collector may close)
// Sweepers (agents enrolled with `enroll create --site NAME --sweeper`; welcome.sweeper names the site):
//   collector → sweep_job { runId, targets, credentials, ... }     agent → sweep_progress { runId, ... } (no ack)
//   agent → sweep_report { reportId, runId, part, parts, assets }  collector → ack { reportId } after commit
// Namespace import, so bundles keep only the parts of zod we use (see inventory.ts).
import * as z from 'zod';
import { inventorySchema } from './inventory';

export const PROTOCOL_VERSION = 1;
/** Largest frame the collector accepts; a ~800-package inventory is 30-60 KB. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/**
 * Largest frame the collector reads before a connection has authenticated: a hello is well under 1 KB
 * (its longest fields are capped below), so nothing big is buffered or parsed for a stranger.
 */
export const MAX_HELLO_BYTES = 4096;
/** Deepest JSON nesting the collector parses; an inventory is about 6 levels deep. */
export const MAX_FRAME_DEPTH = 32;

export const helloSchema = z.object({
  type: z.literal('hello'),
  protocol: z.literal(PROTOCOL_VERSION),
  agentVersion: z.string().max(64),
  hostname: z.string().max(256),
  enrollSecret: z.string().max(256).optional(),
  agentId: z.string().max(64).optional(),
  nodeKey: z.string().max(256).optional(),
});

export const reportSchema = z.object({
  type: z.literal('report'),
  reportId: z.string().min(8).max(64),
  inventory: inventorySchema,
});

/**
 * A re-report of an unchanged inventory: only the digest (`reportFingerprint`) of the full report frame,
 * sent when it equals the `inventoryHash` the collector's welcome named. Nothing is lost if the collector
 * no longer holds that inventory: it answers `inventory_needed` and the agent sends the full report.
 */
export const unchangedReportSchema = z.object({
  type: z.literal('report'),
  reportId: z.string().min(8).max(64),
  unchanged: z.string().min(16).max(64),
});

const identitySchema = z.object({
  type: z.enum(['mac', 'serial', 'ip', 'sysname', 'agent', 'uuid', 'usb', 'machine']),
  value: z.string().max(1024),
});
/** The fields every observation has; the others (textClass, raw, firmware, ...) pass as the engine made them. */
const observationSchema = z.looseObject({
  kind: z.string().max(32),
  source: z.string().max(64),
  field: z.string().max(256),
  value: z.string().max(65_536),
});
/** An asset a sweep found (shared/asset.ts AssetDraft), as a sweeper delivers it. */
export const sweptAssetSchema = z.object({
  kind: z.enum(['network-device', 'neighbor', 'peripheral']),
  ip: z.string().max(64).nullable(),
  mac: z.string().max(64).nullable(),
  hostname: z.string().max(1024).nullable(),
  vendor: z.string().max(1024).nullable(),
  model: z.string().max(1024).nullable(),
  serial: z.string().max(1024).nullable(),
  identities: z.array(identitySchema).max(64),
  observations: z.array(observationSchema).max(10_000),
  attachedTo: identitySchema.optional(),
  location: z.string().max(1024).optional(),
  incomplete: z.array(z.string().max(64)).max(64).optional(),
});

export const sweepRunStatuses = ['done', 'interrupted', 'failed'] as const;

/**
 * One part of a sweep job run's results. A run's results are split in parts under the frame limit,
 * each spooled and acked like an inventory; `parts` is how many the run has, and the last part carries
 * the run's counters and how it ended.
 */
export const sweepReportSchema = z.object({
  type: z.literal('sweep_report'),
  reportId: z.string().min(8).max(64),
  runId: z.number().int().positive(),
  part: z.number().int().positive(),
  parts: z.number().int().positive(),
  assets: z.array(sweptAssetSchema).max(100_000),
  status: z.enum(sweepRunStatuses).optional(),
  counters: z.record(z.string().max(64), z.number()).optional(),
});

/** How far a sweeper's run is (at most every few seconds); not acked: the next one supersedes it. */
export const sweepProgressSchema = z.object({
  type: z.literal('sweep_progress'),
  runId: z.number().int().positive(),
  probed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  responders: z.number().int().nonnegative(),
  identified: z.number().int().nonnegative(),
  etaSec: z.number().nonnegative().nullable(),
  /** The sweeper has not started: its spool holds more undelivered sweep parts than it may (spool.ts). */
  waitingForSpool: z.boolean().optional(),
});

export const agentMessageSchema = z.union([
  helloSchema,
  reportSchema,
  unchangedReportSchema,
  sweepReportSchema,
  sweepProgressSchema,
]);

export const welcomeSchema = z.object({
  type: z.literal('welcome'),
  agentId: z.string(),
  /** Sent once, at enrollment; the collector keeps only its hash. */
  nodeKey: z.string().optional(),
  /** The digest of the last inventory stored for this agent, if any (see unchangedReportSchema). */
  inventoryHash: z.string().optional(),
  settings: z.object({ reportIntervalSec: z.number().int().positive() }),
  /**
   * The largest frame this collector accepts, in bytes: an agent fits its reports under it. Absent
   * from collectors before it was added; they accept MAX_FRAME_BYTES.
   */
  maxFrameBytes: z.number().int().positive().optional(),
  /** Present when this agent was enrolled as a sweeper: the site whose sweep jobs it runs. */
  sweeper: z.object({ site: z.string() }).optional(),
});

/**
 * A sweep job run for a sweeper: what `coverscan sweep-job add` said, with the credentials profile
 * opened. Sent only over an authenticated connection to the sweeper of the job's site; the agent keeps
 * the credentials in memory for the run and never writes or logs them.
 */
export const sweepJobSchema = z.object({
  type: z.literal('sweep_job'),
  jobId: z.number().int().positive(),
  runId: z.number().int().positive(),
  targets: z.array(z.string().max(1024)).max(10_000),
  excludes: z.array(z.string().max(1024)).max(10_000),
  snmpPort: z.number().int().min(1).max(65_535),
  rate: z.number().int().positive(),
  credentials: z.object({
    communities: z.array(z.string().max(256)).max(64),
    v3: z
      .object({
        user: z.string().max(256),
        authProto: z.enum(['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512']).optional(),
        authKey: z.string().max(256).optional(),
        privProto: z.enum(['des', 'aes', 'aes256b', 'aes256r']).optional(),
        privKey: z.string().max(256).optional(),
      })
      .optional(),
  }),
});

export const ackSchema = z.object({ type: z.literal('ack'), reportId: z.string() });

export const errorCodes = [
  'bad_json',
  'bad_message',
  'unknown_type',
  'too_large',
  'rate_limited',
  'not_enrolled',
  'bad_secret',
  'node_invalid',
  'revoked',
  'protocol',
  'internal',
  /** An `unchanged` report named an inventory the collector does not hold (any more): send it in full. */
  'inventory_needed',
] as const;
export type ErrorCode = (typeof errorCodes)[number];

export const errorSchema = z.object({
  type: z.literal('error'),
  code: z.enum(errorCodes),
  message: z.string(),
  reportId: z.string().optional(),
});

export const collectorMessageSchema = z.discriminatedUnion('type', [
  welcomeSchema,
  ackSchema,
  errorSchema,
  sweepJobSchema,
]);

export type Hello = z.infer<typeof helloSchema>;
export type Report = z.infer<typeof reportSchema>;
export type UnchangedReport = z.infer<typeof unchangedReportSchema>;
export type AgentMessage = z.infer<typeof agentMessageSchema>;
export type Welcome = z.infer<typeof welcomeSchema>;
export type Ack = z.infer<typeof ackSchema>;
export type ErrorMessage = z.infer<typeof errorSchema>;
export type CollectorMessage = z.infer<typeof collectorMessageSchema>;
export type SweepJobMessage = z.infer<typeof sweepJobSchema>;
export type SweepReport = z.infer<typeof sweepReportSchema>;
export type SweepProgressMessage = z.infer<typeof sweepProgressSchema>;

/** The first few validation issues as one line ("path: message; …"), for errors sent to agents. */
export function describeIssues(e: { issues: { path: PropertyKey[]; message: string }[] }): string {
  return e.issues
    .slice(0, 3)
    .map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/** WebSocket close codes (4000-4999 are ours). */
export const closeCodes = {
  badSecret: 4001,
  nodeInvalid: 4002,
  revoked: 4003,
  protocol: 4004,
  /** No hello within the collector's hello deadline. */
  helloTimeout: 4005,
  rateLimited: 4008,
} as const;
