// One authenticated WebSocket session with a collector (protocol v1, shared/protocol.ts): hello
// (enrollment secret the first time, agent id + node key after) → welcome; then `drain()` sends every
// spooled report, a few in flight, and resolves when each is acked; a report file is deleted only when
// its ack arrives. `once` drains and closes; `run` keeps the session open between collections.
//
// Digest reports: a report whose fingerprint (shared reportFingerprint) equals the digest the collector
// is known to hold — welcome.inventoryHash, then the digest of each full report it acks — is sent as
// `{reportId, unchanged: digest}`. If the collector no longer holds it, it answers inventory_needed and
// the report goes in full, once.
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  type CollectorMessage,
  describeIssues,
  MAX_FRAME_BYTES,
  PROTOCOL_VERSION,
  reportFingerprint,
  type SweepJobMessage,
  type SweepProgressMessage,
  sweepJobSchema,
  type Welcome,
} from '@coverscan/shared';
import type WebSocket from 'ws';
import { ConnectError, explainConnectError } from './connect-error';
import { fitFrame, readSpooled } from './fit-frame';
import type { Spool, SpooledReport } from './spool';
import { type AgentState, checkStateWritable, loadState, saveEnrolledState } from './state';
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

export interface SessionOptions {
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
  /** While idle, ping the collector this often and end the session if the pong does not come back
   * before the next ping: a held connection to a vanished host otherwise looks alive until the next
   * report times out. 0: never (a session that is drained and closed needs none). */
  keepaliveMs?: number;
  log?: (msg: string) => void;
  /** A sweep job from the collector (this agent is a sweeper). */
  onJob?: (job: SweepJobMessage) => void;
}

export interface DrainResult {
  /** Reports acked, digests included. */
  sent: number;
  /** Of those, acked as a digest of an inventory the collector already held. */
  digests: number;
  /** Reports the collector refused as invalid (moved to spool/rejected). */
  rejected: number;
  /** Spool files that could not be sent (empty, truncated, unreadable; moved to spool/rejected). */
  unsendable: number;
  /** Reports sent with lists cut to fit the collector's frame limit. */
  trimmed: number;
}

const refusals = new Set(['bad_secret', 'node_invalid', 'revoked', 'not_enrolled']);

interface InFlight {
  r: SpooledReport;
  text: string;
  /** The report's fingerprint, null when it has none (then it always goes in full). */
  hash: string | null;
  /** Sent (or being re-sent) in full: a second inventory_needed for it is a protocol fault. */
  full: boolean;
}

/** One line for a log: what a drain delivered. */
export function describeDrain(r: DrainResult, agentId: string): string {
  return `delivered ${r.sent} report(s) as agent ${agentId}${r.digests ? ` (${r.digests} unchanged, sent as digest)` : ''}${r.trimmed ? `; ${r.trimmed} cut to fit the frame limit` : ''}${r.rejected ? `; ${r.rejected} refused` : ''}${r.unsendable ? `; ${r.unsendable} unsendable set aside` : ''}`;
}

/** Opens a session, enrolling again when the collector forgot this agent and a secret is at hand. */
export async function openSession(o: SessionOptions): Promise<Session> {
  try {
    return await Session.open(o, false);
  } catch (e) {
    // osquery's rule: a node key the collector no longer knows means enroll again, if we can.
    // The old identity stays until the new one is saved (atomically, over it): a re-enrollment that
    // fails (bad secret, lost connection) leaves the agent as it was.
    if (e instanceof RefusedError && e.code === 'node_invalid' && o.enrollSecret) {
      o.log?.('collector does not know this agent any more: enrolling again');
      return Session.open(o, true);
    }
    if (e instanceof ConnectError) throw new Error(await explainConnectError(e, o.caFile));
    throw e;
  }
}

export class Session {
  agentId: string;
  settings: Welcome['settings'] = { reportIntervalSec: 3600 };
  /** Resolves (never rejects) with the reason once the session is over, whoever ended it. */
  readonly ended: Promise<Error>;
  private endedWith: Error | null = null;
  private resolveEnded!: (e: Error) => void;
  private welcomed: { resolve: () => void; reject: (e: Error) => void } | null = null;
  private drained: { resolve: (r: DrainResult) => void; reject: (e: Error) => void } | null = null;
  private result: DrainResult = { sent: 0, digests: 0, rejected: 0, unsendable: 0, trimmed: 0 };
  /** The collector's frame limit: its welcome says, else the protocol's. */
  private maxFrame = MAX_FRAME_BYTES;
  /** The site this agent sweeps for, when the collector's welcome says it is a sweeper. */
  sweeperSite: string | null = null;
  /** The digest of the inventory the collector holds for this agent, as far as we know. */
  private known: string | undefined;
  private queue: SpooledReport[] = [];
  private readonly inFlight = new Map<string, InFlight>();
  /** In-flight reports the collector asked for in full, waiting for their turn under the pacing. */
  private readonly resend: InFlight[] = [];
  private readonly sentAt: number[] = []; // send times of the last `perSecond` messages
  private paced: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private keepalive: NodeJS.Timeout | undefined;
  private awaitingPong = false;
  private readonly timeoutMs: number;
  private readonly window: number;
  private readonly perSecond: number;

  private constructor(
    private readonly ws: WebSocket,
    private readonly o: SessionOptions,
    private readonly state: AgentState | null,
    private readonly reenrolled: boolean,
  ) {
    this.agentId = state?.agentId ?? '';
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.window = o.window ?? 4;
    this.perSecond = o.maxPerSecond ?? 15;
    this.ended = new Promise((r) => {
      this.resolveEnded = r;
    });
  }

  /** Connects and authenticates; resolves once welcomed. */
  static async open(o: SessionOptions, reenrolled: boolean): Promise<Session> {
    // Loaded here: `inventory` never needs a socket library.
    const { default: WS } = await import('ws');
    // Re-enrolling: hello with the secret, as a new agent.
    const state = reenrolled ? null : loadState(o.stateDir);
    if (!state && !o.enrollSecret)
      throw new RefusedError(
        'not_enrolled',
        `not enrolled yet: pass --enroll-secret (state dir ${o.stateDir})`,
      );
    // Before the collector makes an agent of us, make sure its key can be kept.
    if (!state) checkStateWritable(o.stateDir);
    const ws = new WS(o.url, {
      handshakeTimeout: o.timeoutMs ?? 30_000,
      ...(o.caFile ? { ca: readFileSync(o.caFile) } : {}),
      maxPayload: 1024 * 1024,
    });
    const s = new Session(ws, o, state, reenrolled);
    await s.start();
    return s;
  }

  /** Sends everything in the spool that is not in flight yet; resolves when all of it is acked (or
   * refused as invalid). Rejects when the session ends first: the spool keeps what was not acked. */
  drain(): Promise<DrainResult> {
    if (this.endedWith) return Promise.reject(this.endedWith);
    if (this.drained) return Promise.reject(new Error('drain() called while a drain is running'));
    this.result = { sent: 0, digests: 0, rejected: 0, unsendable: 0, trimmed: 0 };
    this.queue = this.o.spool.list().filter((r) => !this.inFlight.has(r.reportId));
    const p = new Promise<DrainResult>((resolve, reject) => {
      this.drained = { resolve, reject };
    });
    this.stopKeepalive();
    this.pump();
    return p;
  }

  close(): void {
    this.end(null);
  }

  /** The collector's frame limit, as its welcome said. */
  get frameLimit(): number {
    return this.maxFrame;
  }

  /** A message that needs no answer (sweep progress): sent if the session is open, else dropped. */
  notify(m: SweepProgressMessage): void {
    if (this.endedWith || this.welcomed || this.ws.readyState !== this.ws.OPEN) return;
    this.transmit(JSON.stringify(m));
  }

  private start(): Promise<void> {
    const ws = this.ws;
    const p = new Promise<void>((resolve, reject) => {
      this.welcomed = { resolve, reject };
    });
    this.arm();
    ws.on('open', () => {
      const s = this.state;
      this.transmit(
        JSON.stringify({
          type: 'hello',
          protocol: PROTOCOL_VERSION,
          agentVersion: AGENT_VERSION,
          hostname: hostname(),
          ...(s ? { agentId: s.agentId, nodeKey: s.nodeKey } : { enrollSecret: this.o.enrollSecret }),
        }),
      );
    });
    ws.on('message', (data) => this.onMessage(data.toString()));
    ws.on('pong', () => {
      this.awaitingPong = false;
    });
    ws.on('close', (code, reason) => {
      const why = reason.toString();
      if (code >= 4001 && code <= 4003)
        this.end(new RefusedError(why || String(code), `collector refused: close ${code} ${why}`));
      else
        this.end(
          new Error(
            `connection closed (${code}${why ? ` ${why}` : ''})${this.pending() ? ` with ${this.pending()} reports unacknowledged` : ''}`,
          ),
        );
    });
    ws.on('error', (err) => this.end(new ConnectError(this.o.url, err)));
    return p;
  }

  private pending(): number {
    return this.inFlight.size + this.queue.length;
  }

  private onMessage(text: string): void {
    let m: CollectorMessage;
    try {
      m = JSON.parse(text) as CollectorMessage;
    } catch {
      this.end(new Error('collector sent a frame that is not JSON'));
      return;
    }
    if (m.type === 'welcome') {
      this.agentId = m.agentId;
      this.settings = m.settings ?? this.settings;
      this.known = m.inventoryHash;
      this.maxFrame = m.maxFrameBytes ?? MAX_FRAME_BYTES;
      this.sweeperSite = m.sweeper?.site ?? null;
      if (m.nodeKey) {
        try {
          saveEnrolledState(this.o.stateDir, {
            agentId: m.agentId,
            nodeKey: m.nodeKey,
            collector: this.o.url,
          });
        } catch (e) {
          this.end(e as Error);
          return;
        }
        this.o.log?.(`enrolled as agent ${m.agentId}${this.reenrolled ? ' (again)' : ''}`);
      } else if (!this.state) {
        this.end(new Error('collector welcomed an enrollment without a node key'));
        return;
      }
      this.idle();
      this.welcomed?.resolve();
      this.welcomed = null;
      return;
    }
    if (m.type === 'sweep_job') {
      const job = sweepJobSchema.safeParse(m);
      // Logged by its ids only: the frame holds credentials.
      if (!job.success || !this.o.onJob) {
        this.o.log?.(
          `collector sent a sweep job this agent cannot run${job.success ? ' (not a sweeper here)' : `: ${describeIssues(job.error)}`}`,
        );
        return;
      }
      this.o.onJob(job.data);
      return;
    }
    if (m.type === 'ack') {
      const f = this.inFlight.get(m.reportId);
      if (f) {
        this.o.spool.acked(f.r);
        this.inFlight.delete(m.reportId);
        this.result.sent++;
        // A full report acked: the collector now holds its inventory. (A digest acked changes nothing.)
        if (f.full && f.hash) this.known = f.hash;
        else if (!f.full) this.result.digests++;
      }
      this.pump();
      return;
    }
    if (m.type === 'error') {
      if (refusals.has(m.code)) {
        this.end(new RefusedError(m.code, `collector refused: ${m.code}: ${m.message}`));
        return;
      }
      const f = m.reportId ? this.inFlight.get(m.reportId) : undefined;
      if (f && m.code === 'inventory_needed') {
        if (f.full) {
          this.end(new Error(`collector asked twice for report ${f.r.reportId} in full; giving up`));
          return;
        }
        // It no longer holds the inventory we named: send the report itself, same id (nothing was stored).
        this.o.log?.(`collector does not hold inventory ${f.hash}: sending report ${f.r.reportId} in full`);
        f.full = true;
        this.known = undefined;
        this.resend.push(f);
        this.pump();
        return;
      }
      if (f && m.code === 'bad_message') {
        // This report will never validate: set it aside, keep the queue moving.
        this.o.spool.reject(f.r, m.message);
        this.inFlight.delete(f.r.reportId);
        this.result.rejected++;
        this.pump();
        return;
      }
      // Anything else (internal, rate_limited, protocol): try again later; the spool still has it.
      this.end(new Error(`collector error ${m.code}: ${m.message}`));
      return;
    }
  }

  /** Sends what the window and the pacing allow; re-sends asked for in full go first. */
  private pump(): void {
    if (this.endedWith || this.welcomed) return;
    clearTimeout(this.paced);
    this.paced = undefined;
    for (;;) {
      const again = this.resend.length > 0;
      if (!again && (this.inFlight.size >= this.window || !this.queue.length)) break;
      const full = this.sentAt.length >= this.perSecond;
      const wait = full ? this.sentAt[this.sentAt.length - this.perSecond] + 1000 - Date.now() : 0;
      if (wait > 0) {
        this.paced = setTimeout(() => this.pump(), wait);
        break;
      }
      if (again) {
        this.transmit(this.resend.shift()!.text);
        continue;
      }
      const r = this.queue.shift()!;
      const text = this.sendable(r);
      if (text === null) continue;
      const fp = reportFingerprint(text);
      const digest = fp !== null && fp.reportId === r.reportId && fp.hash === this.known;
      this.inFlight.set(r.reportId, { r, text, hash: fp?.hash ?? null, full: !digest });
      this.transmit(
        digest ? JSON.stringify({ type: 'report', reportId: r.reportId, unchanged: fp.hash }) : text,
      );
    }
    if (this.pending()) {
      this.arm();
      return;
    }
    this.idle();
    const d = this.drained;
    this.drained = null;
    d?.resolve(this.result);
  }

  /**
   * The frame to send for a spooled report, fitted under the collector's limit; null when there is
   * none. A file that is not a report is set aside at once: what is behind it goes now, not after
   * a refusal per attempt.
   */
  private sendable(r: SpooledReport): string | null {
    let text: string;
    try {
      text = this.o.spool.read(r);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null; // dropped by the spool bound meanwhile
      this.setAside(r, `unreadable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      return null;
    }
    const m = readSpooled(text, r.reportId);
    if (typeof m === 'string') {
      this.setAside(r, m);
      return null;
    }
    const bytes = Buffer.byteLength(text);
    if (bytes <= this.maxFrame) return text;
    if (m.type === 'sweep_report') {
      // Parts are cut to the limit the collector had when they were made; a smaller one now cannot take it.
      this.setAside(r, `${bytes} bytes, over the collector's ${this.maxFrame}-byte frame limit`);
      return null;
    }
    const fit = fitFrame(m, this.maxFrame);
    if (!fit) {
      this.setAside(
        r,
        `${bytes} bytes, over the collector's ${this.maxFrame}-byte frame limit, and no list to cut`,
      );
      return null;
    }
    this.result.trimmed++;
    this.o.log?.(
      `report ${r.reportId} is ${bytes} bytes, over the collector's ${this.maxFrame}-byte frame limit: sent with ${fit.trimmed.join(', ')}`,
    );
    return fit.text;
  }

  private setAside(r: SpooledReport, why: string): void {
    try {
      this.o.spool.unsendable(r, why);
    } catch {
      // cannot be moved either: at least not sent again in this session
    }
    this.result.unsendable++;
  }

  private transmit(text: string): void {
    this.sentAt.push(Date.now());
    if (this.sentAt.length > this.perSecond) this.sentAt.shift();
    this.ws.send(text, (err) => err && this.end(err));
  }

  /** Waiting for the collector: it must answer within the time limit. */
  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(
      () => this.end(new Error(`collector ${this.o.url} did not answer within ${this.timeoutMs} ms`)),
      this.timeoutMs,
    );
  }

  /** Nothing outstanding: no answer is due, only the keepalive watches the connection. */
  private idle(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const every = this.o.keepaliveMs ?? 0;
    if (!every || this.keepalive) return;
    this.awaitingPong = false;
    this.keepalive = setInterval(() => {
      if (this.awaitingPong) {
        this.end(new Error(`collector ${this.o.url} stopped answering pings`));
        return;
      }
      this.awaitingPong = true;
      this.ws.ping();
    }, every);
  }

  private stopKeepalive(): void {
    clearInterval(this.keepalive);
    this.keepalive = undefined;
  }

  /** Ends the session once: err null = closed by us after success. */
  private end(err: Error | null): void {
    if (this.endedWith) return;
    const why = err ?? new Error('session closed');
    this.endedWith = why;
    clearTimeout(this.timer);
    clearTimeout(this.paced);
    this.stopKeepalive();
    const ws = this.ws;
    ws.removeAllListeners('close');
    ws.on('error', () => {}); // late socket errors after we are done are not news
    if (ws.readyState === ws.OPEN) ws.close(1000, 'done');
    else ws.terminate();
    this.welcomed?.reject(why);
    this.welcomed = null;
    this.drained?.reject(why);
    this.drained = null;
    this.resolveEnded(why);
  }
}
