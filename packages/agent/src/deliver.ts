// Delivery of the spool to a collector over one WebSocket connection (protocol v1, shared/protocol.ts):
// hello (enrollment secret the first time, agent id + node key after) → welcome; then each spooled
// report → ack, a few in flight; a report file is deleted only when its ack arrives.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { type CollectorMessage, PROTOCOL_VERSION, type Welcome } from '@coverscan/shared';
import type { Spool } from './spool';
import { clearState, loadState, saveState } from './state';
import { AGENT_VERSION } from './version';

/** The collector said no to this agent (bad secret, unknown or revoked key): retrying will not help. */
export class RefusedError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface DeliverOptions {
  url: string;
  stateDir: string;
  spool: Spool;
  enrollSecret?: string;
  /** PEM file: only a collector certificate issued by this CA is accepted (pinning). */
  caFile?: string;
  /** Reports sent before waiting for acks. */
  window?: number;
  /** Messages per second at most: the collector closes a connection that sends more than 20/s
   * (burst 40), so a long spool after an outage is sent a little below that. */
  maxPerSecond?: number;
  /** Time for connect + hello, and for each ack. */
  timeoutMs?: number;
  log?: (msg: string) => void;
}

export interface DeliverResult {
  agentId: string;
  sent: number;
  rejected: number;
  settings: Welcome['settings'];
}

const refusals = new Set(['bad_secret', 'node_invalid', 'revoked', 'not_enrolled']);

/** Connects, authenticates (enrolling or re-enrolling as needed) and drains the spool. */
export async function deliver(o: DeliverOptions): Promise<DeliverResult> {
  try {
    return await session(o, false);
  } catch (e) {
    // osquery's rule: a node key the collector no longer knows means enroll again, if we can.
    if (e instanceof RefusedError && e.code === 'node_invalid' && o.enrollSecret) {
      o.log?.('collector does not know this agent any more: enrolling again');
      clearState(o.stateDir);
      return session(o, true);
    }
    throw e;
  }
}

async function session(o: DeliverOptions, reenrolled: boolean): Promise<DeliverResult> {
  // Loaded here: `inventory` never needs a socket library.
  const { default: WebSocket } = await import('ws');
  const state = loadState(o.stateDir);
  const timeoutMs = o.timeoutMs ?? 30_000;
  const window = o.window ?? 4;
  const perSecond = o.maxPerSecond ?? 15;
  if (!state && !o.enrollSecret)
    throw new RefusedError(
      'not_enrolled',
      `not enrolled yet: pass --enroll-secret (state dir ${o.stateDir})`,
    );
  const ws = new WebSocket(o.url, {
    handshakeTimeout: timeoutMs,
    ...(o.caFile ? { ca: readFileSync(o.caFile) } : {}),
    maxPayload: 1024 * 1024,
  });
  return new Promise<DeliverResult>((resolve, reject) => {
    let done = false;
    let agentId = state?.agentId ?? '';
    let settings: Welcome['settings'] = { reportIntervalSec: 3600 };
    let sent = 0;
    let rejected = 0;
    const queue = o.spool.list();
    const inFlight = new Map<string, (typeof queue)[number]>();
    const sentAt: number[] = []; // send times of the last `perSecond` messages
    let paced: NodeJS.Timeout | undefined;
    let timer: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(
        () => finish(new Error(`collector ${o.url} did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
    };
    const finish = (err: Error | null) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearTimeout(paced);
      ws.removeAllListeners('close');
      ws.on('error', () => {}); // late socket errors after we are done are not news
      if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'done');
      else ws.terminate();
      if (err) reject(err);
      else resolve({ agentId, sent, rejected, settings });
    };
    const pump = () => {
      if (done) return;
      paced = undefined;
      while (inFlight.size < window && queue.length) {
        const wait = sentAt.length >= perSecond ? sentAt[sentAt.length - perSecond] + 1000 - Date.now() : 0;
        if (wait > 0) {
          paced ??= setTimeout(pump, wait);
          break;
        }
        const r = queue.shift()!;
        let text: string;
        try {
          text = o.spool.read(r);
        } catch {
          continue; // dropped by the spool bound meanwhile
        }
        inFlight.set(r.reportId, r);
        sentAt.push(Date.now());
        if (sentAt.length > perSecond) sentAt.shift();
        ws.send(text, (err) => err && finish(err));
      }
      if (!inFlight.size && !queue.length) finish(null);
      else arm();
    };
    arm();
    ws.on('open', () => {
      const hello = {
        type: 'hello',
        protocol: PROTOCOL_VERSION,
        agentVersion: AGENT_VERSION,
        hostname: hostname(),
        ...(state ? { agentId: state.agentId, nodeKey: state.nodeKey } : { enrollSecret: o.enrollSecret }),
      };
      sentAt.push(Date.now());
      ws.send(JSON.stringify(hello));
    });
    ws.on('message', (data) => {
      let m: CollectorMessage;
      try {
        m = JSON.parse(data.toString()) as CollectorMessage;
      } catch {
        return finish(new Error('collector sent a frame that is not JSON'));
      }
      if (m.type === 'welcome') {
        agentId = m.agentId;
        settings = m.settings ?? settings;
        if (m.nodeKey) {
          saveState(o.stateDir, { agentId: m.agentId, nodeKey: m.nodeKey, collector: o.url });
          o.log?.(`enrolled as agent ${m.agentId}${reenrolled ? ' (again)' : ''}`);
        } else if (!state) return finish(new Error('collector welcomed an enrollment without a node key'));
        return pump();
      }
      if (m.type === 'ack') {
        const r = inFlight.get(m.reportId);
        if (r) {
          o.spool.acked(r);
          inFlight.delete(m.reportId);
          sent++;
        }
        return pump();
      }
      if (m.type === 'error') {
        if (refusals.has(m.code))
          return finish(new RefusedError(m.code, `collector refused: ${m.code}: ${m.message}`));
        const r = m.reportId ? inFlight.get(m.reportId) : undefined;
        if (r && m.code === 'bad_message') {
          // This report will never validate: set it aside, keep the queue moving.
          o.spool.reject(r, m.message);
          inFlight.delete(r.reportId);
          rejected++;
          return pump();
        }
        // Anything else (internal, rate_limited, protocol): try again later; the spool still has it.
        return finish(new Error(`collector error ${m.code}: ${m.message}`));
      }
    });
    ws.on('close', (code, reason) => {
      const why = reason.toString();
      if (code >= 4001 && code <= 4003)
        finish(new RefusedError(why || String(code), `collector refused: close ${code} ${why}`));
      else
        finish(
          new Error(
            `connection closed (${code}${why ? ` ${why}` : ''}) with ${inFlight.size + queue.length} reports unacknowledged`,
          ),
        );
    });
    ws.on('error', (err) => finish(new Error(`cannot reach collector ${o.url}: ${err.message}`)));
  });
}
