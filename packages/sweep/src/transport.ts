// One UDP socket per address family for the whole sweep. Requests carry a request id (msgID for
// v3) from a counter; a reply is accepted only when its id is pending AND it comes from the address
// and port the request went to (and, for v1/v2c, echoes the community). Sends go through a paced
// queue in small batches, yielding to the event loop between batches so replies are read while
// we send: a sender that blasts everything first overflows its own receive buffer.
import dgram from 'node:dgram';
import {
  BerError,
  type CommunityMessage,
  decodeCommunityBody,
  decodeCommunityHeader,
  decodeV3Header,
  peekVersion,
  type V3Report,
} from './ber';
import type { RateController } from './rate';

export interface Endpoint {
  address: string;
  port: number;
}

export type Reply = { kind: 'community'; msg: CommunityMessage } | { kind: 'v3'; report: V3Report };

interface Pending {
  ep: Endpoint;
  community?: Buffer;
  /**
   * Whether the reply's delay feeds the rate controller (discovery probes). Identification
   * replies do not: a busy device that takes its time over a GETBULK says nothing about the
   * network, and must not shrink the window that admits new addresses.
   */
  paces?: boolean;
  sentAt: number;
  onReply: (r: Reply, rtt: number) => void;
}

interface Queued {
  ep: Endpoint;
  buf: Buffer;
  id: number;
}

export interface TransportStats {
  sent: number;
  received: number;
  malformed: number;
  unmatched: number;
  sendErrors: number;
}

const BATCH = 128;

export class Transport {
  readonly rate: RateController;
  readonly stats: TransportStats = { sent: 0, received: 0, malformed: 0, unmatched: 0, sendErrors: 0 };
  private sock4: dgram.Socket | null = null;
  private sock6: dgram.Socket | null = null;
  private readonly pending = new Map<number, Pending>();
  private readonly queue: Queued[] = [];
  private qHead = 0;
  private nextId = (Math.random() * 0x3fffffff) | 0;
  private pumping = false;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  private constructor(rate: RateController) {
    this.rate = rate;
  }

  static async open(rate: RateController, opts: { v6?: boolean } = {}): Promise<Transport> {
    const t = new Transport(rate);
    t.sock4 = await t.bind('udp4');
    if (opts.v6) t.sock6 = await t.bind('udp6');
    return t;
  }

  private bind(type: 'udp4' | 'udp6'): Promise<dgram.Socket> {
    return new Promise((resolve, reject) => {
      const s = dgram.createSocket({
        type,
        recvBufferSize: 4 << 20,
        sendBufferSize: 4 << 20,
        // Every destination is an address literal: dns.lookup would only check that and defer each
        // send to the next tick (130,000 times for a /16).
        lookup: (address, _family, cb) => cb(null, address, type === 'udp4' ? 4 : 6),
      });
      s.once('error', reject);
      s.on('message', (msg, rinfo) => this.onMessage(msg, rinfo));
      s.bind(0, () => {
        s.removeListener('error', reject);
        // ICMP errors and the like must not end the sweep.
        s.on('error', () => this.stats.sendErrors++);
        resolve(s);
      });
    });
  }

  /**
   * A fresh request id in [2^24, 2^31): positive for every agent, and always four bytes in BER,
   * so a request can be stamped into a prebuilt template (see ber.ts stampId).
   */
  allocId(): number {
    for (;;) {
      this.nextId = this.nextId >= 0x7fffffff || this.nextId < 0x1000000 ? 0x1000000 : this.nextId + 1;
      if (!this.pending.has(this.nextId)) return this.nextId;
    }
  }

  /** Registers a pending id; the reply handler runs at most once per id. */
  expect(id: number, p: Omit<Pending, 'sentAt'>): void {
    // One object shape for every pending request (this runs once per probe).
    const { ep, community, paces = false, onReply } = p;
    this.pending.set(id, { ep, community, paces, onReply, sentAt: performance.now() });
  }

  forget(id: number): void {
    this.pending.delete(id);
  }

  get inFlight(): number {
    return this.pending.size;
  }

  get queued(): number {
    return this.queue.length - this.qHead;
  }

  /** Queues a datagram for paced sending. */
  send(ep: Endpoint, buf: Buffer, id: number): void {
    if (this.closed) return;
    this.queue.push({ ep, buf, id });
    if (!this.pumping) {
      this.pumping = true;
      setImmediate(() => this.pump());
    }
  }

  /** Resolves when the send queue is empty. */
  drained(): Promise<void> {
    if (!this.queued) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  private pump(): void {
    if (this.closed) return;
    const now = performance.now();
    const granted = this.rate.grant(Math.min(BATCH, this.queue.length - this.qHead), now);
    let n = granted;
    while (n-- > 0 && this.qHead < this.queue.length) {
      const q = this.queue[this.qHead++];
      const p = this.pending.get(q.id);
      if (p) p.sentAt = now; // time from the actual send, not from queueing
      const sock = q.ep.address.includes(':') ? this.sock6 : this.sock4;
      if (!sock) {
        this.stats.sendErrors++;
        continue;
      }
      // No per-packet callback: it costs a quarter of the send time; errors arrive as 'error'.
      sock.send(q.buf, q.ep.port, q.ep.address);
      this.stats.sent++;
    }
    if (this.qHead > 4096 && this.qHead * 2 > this.queue.length) {
      this.queue.splice(0, this.qHead);
      this.qHead = 0;
    }
    if (this.qHead < this.queue.length) {
      // Out of tokens: wait for the bucket to refill; otherwise let the event loop read replies.
      if (granted < BATCH) setTimeout(() => this.pump(), Math.max(1, Math.ceil(1000 / this.rate.rate)));
      else setImmediate(() => this.pump());
    } else {
      this.pumping = false;
      const w = this.idleWaiters;
      this.idleWaiters = [];
      for (const f of w) f();
    }
  }

  /**
   * A datagram is matched from its header alone (request id, source, community) and only then
   * decoded further: what nobody asked for costs a few header bytes whatever it carries, so a device
   * flooding the socket cannot spend the sweep's time on its values.
   */
  private onMessage(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    this.stats.received++;
    try {
      if (peekVersion(msg) === 3) {
        const report = decodeV3Header(msg);
        const p = this.match(report.msgId, rinfo);
        if (p) this.accept(report.msgId, p, { kind: 'v3', report });
        return;
      }
      const h = decodeCommunityHeader(msg);
      const p = this.match(h.requestId, rinfo, h.community);
      // Decoded only once it answers a request; malformed, it is dropped and the request still waits.
      if (p) this.accept(h.requestId, p, { kind: 'community', msg: decodeCommunityBody(msg, h) });
    } catch (e) {
      if (e instanceof BerError || e instanceof RangeError) {
        this.stats.malformed++;
        return;
      }
      throw e;
    }
  }

  /** The pending request a datagram with this id answers, if it comes from where the request went. */
  private match(id: number, rinfo: dgram.RemoteInfo, community?: Buffer): Pending | null {
    const p = this.pending.get(id);
    if (
      !p ||
      p.ep.port !== rinfo.port ||
      normAddr(p.ep.address) !== normAddr(rinfo.address) ||
      (p.community && community && !p.community.equals(community))
    ) {
      this.stats.unmatched++;
      return null;
    }
    return p;
  }

  private accept(id: number, p: Pending, reply: Reply): void {
    this.pending.delete(id);
    const now = performance.now();
    const rtt = now - p.sentAt;
    if (p.paces) this.rate.onReply(rtt, now);
    p.onReply(reply, rtt);
  }

  close(): void {
    this.closed = true;
    this.pending.clear();
    this.sock4?.close();
    this.sock6?.close();
  }
}

function normAddr(a: string): string {
  return a.replace(/^::ffff:/i, '').toLowerCase();
}
