// The agent ↔ collector wire protocol (JSON text frames over WebSocket), version 1.
//   agent → hello { enrollSecret | agentId+nodeKey }   collector → welcome { agentId, nodeKey?, settings, maxFrameBytes? }
//   agent → report { reportId, inventory }             collector → ack { reportId } after commit
//   agent → report { reportId, unchanged: digest }     (the inventory of the digest in welcome.inventoryHash)
//           collector → ack, or error inventory_needed { reportId }: send that report in full
//   either side → error { code, message } (and the collector may close)
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

export const agentMessageSchema = z.union([helloSchema, reportSchema, unchangedReportSchema]);

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

export const collectorMessageSchema = z.discriminatedUnion('type', [welcomeSchema, ackSchema, errorSchema]);

export type Hello = z.infer<typeof helloSchema>;
export type Report = z.infer<typeof reportSchema>;
export type UnchangedReport = z.infer<typeof unchangedReportSchema>;
export type AgentMessage = z.infer<typeof agentMessageSchema>;
export type Welcome = z.infer<typeof welcomeSchema>;
export type Ack = z.infer<typeof ackSchema>;
export type ErrorMessage = z.infer<typeof errorSchema>;
export type CollectorMessage = z.infer<typeof collectorMessageSchema>;

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
