// `once`-style delivery: open a session (session.ts), drain the spool, close.
import type { Welcome } from '@coverscan/shared';
import { type DrainResult, openSession, type SessionOptions } from './session';

export { RefusedError } from './session';
export type DeliverOptions = SessionOptions;

export interface DeliverResult extends DrainResult {
  agentId: string;
  settings: Welcome['settings'];
}

/** Connects, authenticates (enrolling or re-enrolling as needed), drains the spool and closes. */
export async function deliver(o: DeliverOptions): Promise<DeliverResult> {
  const s = await openSession(o);
  try {
    const r = await s.drain();
    return { agentId: s.agentId, settings: s.settings, ...r };
  } finally {
    s.close();
  }
}
