// The agent ↔ collector wire protocol (JSON text frames over WebSocket), version 1.
//   agent → hello { enrollSecret | agentId+nodeKey }   collector → welcome { agentId, nodeKey?, settings }
//   agent → report { reportId, inventory }             collector → ack { reportId } after commit
//   either side → error { code, message } (and the collector may close)
import { z } from 'zod';
import { inventorySchema } from './inventory';

export const PROTOCOL_VERSION = 1;
/** Largest frame the collector accepts; a ~800-package inventory is 30-60 KB. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

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

export const agentMessageSchema = z.discriminatedUnion('type', [helloSchema, reportSchema]);

export const welcomeSchema = z.object({
  type: z.literal('welcome'),
  agentId: z.string(),
  /** Sent once, at enrollment; the collector keeps only its hash. */
  nodeKey: z.string().optional(),
  settings: z.object({ reportIntervalSec: z.number().int().positive() }),
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
export type AgentMessage = z.infer<typeof agentMessageSchema>;
export type Welcome = z.infer<typeof welcomeSchema>;
export type Ack = z.infer<typeof ackSchema>;
export type ErrorMessage = z.infer<typeof errorSchema>;
export type CollectorMessage = z.infer<typeof collectorMessageSchema>;

/** WebSocket close codes (4000-4999 are ours). */
export const closeCodes = {
  badSecret: 4001,
  nodeInvalid: 4002,
  revoked: 4003,
  protocol: 4004,
  rateLimited: 4008,
} as const;
