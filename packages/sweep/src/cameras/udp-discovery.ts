// The camera discovery protocols over one UDP socket: SADP, Dahua's DHIP discovery and ONVIF
// WS-Discovery, unicast to every IPv4 target (and, when asked, once to their multicast groups).
// Packets go out through the sweep's rate controller (`grant`), so --rate caps SNMP and camera
// probes together. Each address has --timeout from its first probe; a protocol it has not answered
// is asked again within it (--retries, evenly spaced). A reply counts only when it parses, comes
// from an address we probed while its probe is open (multicast: from a target, while the multicast
// probe is open) and, for SADP and ONVIF, echoes the UUID we sent that address. Everything else is
// counted (malformed, spoofed, unsolicited) and dropped.
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import type { RateController } from '../rate';
import { DAHUA_GROUP, type DahuaDevice, dahuaSearch, parseDahuaReply } from './dahua-discovery';
import { ONVIF_GROUP, type OnvifMatch, onvifProbe, parseProbeMatch } from './onvif-probe';
import { parseSadpReply, SADP_GROUP, type SadpDevice, sadpInquiry } from './sadp';

export type UdpProtocol = 'sadp' | 'dahua-discovery' | 'onvif';
export const UDP_PROTOCOLS: readonly UdpProtocol[] = ['sadp', 'dahua-discovery', 'onvif'];

export type CameraReply =
  | { protocol: 'sadp'; device: SadpDevice }
  | { protocol: 'dahua-discovery'; device: DahuaDevice }
  | { protocol: 'onvif'; match: OnvifMatch };

export interface UdpDiscoveryOptions {
  /** Destination port per protocol (3702, 37020, 37810 on real devices). */
  ports: Record<UdpProtocol, number>;
  timeoutMs: number;
  retries: number;
  /** Also probe the protocols' multicast groups, from this interface address (undefined: the OS's choice). */
  multicast?: { iface?: string };
  /** Whether a multicast reply's source is one of the sweep's targets. */
  inTargets: (address: string) => boolean;
  signal?: AbortSignal;
  onReply: (address: string, reply: CameraReply) => void;
}

export interface UdpDiscoveryStats {
  sent: number;
  received: number;
  replies: number;
  malformed: number;
  spoofed: number;
  unsolicited: number;
  oversized: number;
  /** Discovery traffic that is not a reply (our own multicast probe looped back, another client's). */
  ignored: number;
  sendErrors: number;
}

/** Larger than any discovery reply (a few KiB): a bigger datagram is not read. */
const MAX_REPLY = 16 * 1024;
/** Addresses probed at once: bounds the state and the timer scan, not the rate. */
const MAX_OPEN = 2048;
const BATCH = 128;

interface Open {
  /** When its first probe actually left (the send queue may hold it a while under a low --rate). */
  start: number;
  sent: boolean;
  /** When its latest probe left, and how many of its probes are still queued. */
  lastSent: number;
  queued: number;
  tries: number;
  answered: Set<UdpProtocol>;
  /** The UUID sent to this address (SADP Uuid, ONVIF MessageID). */
  uuid: string;
}

export class UdpDiscovery {
  readonly stats: UdpDiscoveryStats = {
    sent: 0,
    received: 0,
    replies: 0,
    malformed: 0,
    spoofed: 0,
    unsolicited: 0,
    oversized: 0,
    ignored: 0,
    sendErrors: 0,
  };
  /** protocol|address of multicast replies already taken. */
  private readonly mcastSeen = new Set<string>();
  private sock: dgram.Socket | null = null;
  private readonly open = new Map<string, Open>();
  private readonly queue: { address: string; port: number; buf: Buffer; st?: Open }[] = [];
  private qHead = 0;
  private pumping = false;
  private readonly mcastUuid = randomUUID();
  private mcast: { until: number; tries: number } | null = null;
  private readonly o: UdpDiscoveryOptions;
  private readonly rate: RateController;

  constructor(rate: RateController, o: UdpDiscoveryOptions) {
    this.rate = rate;
    this.o = o;
  }

  /** Probes every address (consumed lazily) and resolves when each has answered all or timed out. */
  async run(addresses: Iterable<string>): Promise<void> {
    this.sock = await bindSocket(
      (msg, rinfo) => this.onMessage(msg, rinfo.address),
      () => this.stats.sendErrors++,
    );
    const it = addresses[Symbol.iterator]();
    let exhausted = false;
    const gap = this.o.timeoutMs / (this.o.retries + 1);
    if (this.o.multicast) {
      if (this.o.multicast.iface) this.sock.setMulticastInterface(this.o.multicast.iface);
      this.sock.setMulticastTTL(1);
      this.sock.setMulticastLoopback(true);
      this.mcast = { until: performance.now() + this.o.timeoutMs, tries: 1 };
      this.sendAll(null, this.mcastUuid);
    }
    try {
      for (;;) {
        const now = performance.now();
        if (this.o.signal?.aborted) break;
        // Admit new addresses while the send queue is short: the rate, not this loop, paces them.
        while (!exhausted && this.open.size < MAX_OPEN && this.queued < BATCH) {
          const n = it.next();
          if (n.done) {
            exhausted = true;
            break;
          }
          const st: Open = {
            start: now,
            sent: false,
            lastSent: now,
            queued: 0,
            tries: 1,
            answered: new Set(),
            uuid: randomUUID(),
          };
          this.open.set(n.value, st);
          this.sendAll(n.value, st.uuid, st);
        }
        for (const [address, st] of this.open) {
          // Nothing is judged while its probes wait in the queue: the rate, not the device, holds them.
          if (!st.sent || st.queued) continue;
          const waited = now - st.lastSent;
          if (st.answered.size === UDP_PROTOCOLS.length) this.open.delete(address);
          else if (now - st.start < this.o.timeoutMs && st.tries <= this.o.retries && waited >= gap) {
            st.tries++;
            this.sendAll(address, st.uuid, st);
          } else if (now - st.start >= this.o.timeoutMs && waited >= gap) this.open.delete(address);
        }
        if (this.mcast) {
          if (now >= this.mcast.until) this.mcast = null;
          else if (now - (this.mcast.until - this.o.timeoutMs) >= gap * this.mcast.tries) {
            this.mcast.tries++;
            this.sendAll(null, this.mcastUuid);
          }
        }
        if (exhausted && this.open.size === 0 && !this.mcast) break;
        // While addresses wait to be admitted, come back soon: the short send queue, not this nap,
        // paces them (a 50 ms nap admitted ~40 addresses per nap, 1.2 s for a /22 at any --rate).
        const nap = exhausted ? Math.max(5, Math.min(50, gap / 4)) : 5;
        await new Promise((r) => setTimeout(r, nap));
        // Replies that came during a long event-loop turn are read before any deadline is judged,
        // and the time the loop was blocked is not counted against the addresses.
        await new Promise((r) => setImmediate(r));
        const over = performance.now() - now - nap;
        if (over > 20) {
          for (const st of this.open.values()) st.start += over;
          if (this.mcast) this.mcast.until += over;
        }
      }
    } finally {
      this.sock.close();
      this.queue.length = 0;
    }
  }

  private get queued(): number {
    return this.queue.length - this.qHead;
  }

  /** Queues each protocol's probe to an address (null: the multicast groups), except those it answered. */
  private sendAll(address: string | null, uuid: string, st?: Open): void {
    const p = this.o.ports;
    const skip = st?.answered;
    if (!skip?.has('sadp')) this.enqueue(address ?? SADP_GROUP, p.sadp, sadpInquiry(uuid.toUpperCase()), st);
    if (!skip?.has('dahua-discovery'))
      this.enqueue(address ?? DAHUA_GROUP, p['dahua-discovery'], DAHUA_SEARCH, st);
    if (!skip?.has('onvif')) this.enqueue(address ?? ONVIF_GROUP, p.onvif, onvifProbe(uuid), st);
  }

  private enqueue(address: string, port: number, buf: Buffer, st?: Open): void {
    if (st) st.queued++;
    this.queue.push({ address, port, buf, st });
    if (!this.pumping) {
      this.pumping = true;
      setImmediate(() => this.pump());
    }
  }

  private pump(): void {
    const sock = this.sock;
    if (!sock || this.o.signal?.aborted) {
      this.pumping = false;
      return;
    }
    const granted = this.rate.grant(Math.min(BATCH, this.queued));
    for (let i = 0; i < granted; i++) {
      const q = this.queue[this.qHead++];
      // The address's time starts when its first round of probes has left, not when it was queued: the
      // rate may hold one protocol's probe well after another's, and that wait must not eat the window
      // its retry is sent in.
      if (q.st) {
        const t = performance.now();
        if (!q.st.sent || q.st.tries === 1) q.st.start = t;
        q.st.sent = true;
        q.st.lastSent = t;
        q.st.queued--;
      }
      sock.send(q.buf, q.port, q.address);
      this.stats.sent++;
    }
    if (this.qHead > 4096 && this.qHead * 2 > this.queue.length) {
      this.queue.splice(0, this.qHead);
      this.qHead = 0;
    }
    if (this.queued) {
      if (granted < BATCH) setTimeout(() => this.pump(), Math.max(1, Math.ceil(1000 / this.rate.rate)));
      else setImmediate(() => this.pump());
    } else this.pumping = false;
  }

  private onMessage(msg: Buffer, from: string): void {
    this.stats.received++;
    if (msg.length > MAX_REPLY) {
      this.stats.oversized++;
      return;
    }
    const st = this.open.get(from);
    const viaMcast = !!this.mcast && this.o.inTargets(from);
    if (!st && !viaMcast) {
      this.stats.unsolicited++;
      return;
    }
    const uuids = [st?.uuid, viaMcast ? this.mcastUuid : undefined].filter((u): u is string => !!u);
    const reply = parseAny(msg, uuids);
    if (!reply.ok) {
      this.stats[reply.why]++;
      return;
    }
    // One reply per protocol and address: a device that answers each retry is one device.
    const proto = reply.reply.protocol;
    if (st ? st.answered.has(proto) : this.mcastSeen.has(`${proto}|${from}`)) return;
    if (st) st.answered.add(proto);
    else this.mcastSeen.add(`${proto}|${from}`);
    this.stats.replies++;
    this.o.onReply(from, reply.reply);
  }
}

const DAHUA_SEARCH = dahuaSearch();

type Parsed = { ok: true; reply: CameraReply } | { ok: false; why: 'malformed' | 'spoofed' | 'ignored' };

/** Which protocol a datagram is, by its content (devices reply from whatever port they like). */
function parseAny(msg: Buffer, uuids: string[]): Parsed {
  if (msg.length >= 8 && msg.toString('latin1', 4, 8) === 'DHIP') {
    const r = parseDahuaReply(msg);
    if (r.ok) return { ok: true, reply: { protocol: 'dahua-discovery', device: r.device } };
    return { ok: false, why: r.why === 'not-a-reply' ? 'ignored' : 'malformed' };
  }
  const head = msg.toString('utf8', 0, Math.min(msg.length, 4096));
  // A SOAP envelope that is not ProbeMatches is a Probe, Hello or Bye: discovery traffic, not a reply.
  if (/Envelope/i.test(head) && !/ProbeMatches/i.test(head)) return { ok: false, why: 'ignored' };
  if (/ProbeMatches/i.test(head))
    return withUuids(uuids, (u) => {
      const r = parseProbeMatch(msg, u);
      return r.ok ? { ok: true, reply: { protocol: 'onvif', match: r.match } } : r;
    });
  if (/<Probe>/i.test(head)) return { ok: false, why: 'ignored' }; // our own SADP inquiry, looped back
  return withUuids(uuids, (u) => {
    const r = parseSadpReply(msg, u);
    return r.ok ? { ok: true, reply: { protocol: 'sadp', device: r.device } } : r;
  });
}

/** The first parse that accepts one of the UUIDs we sent; else why the last one refused. */
function withUuids(uuids: string[], parse: (uuid: string) => Parsed): Parsed {
  let last: Parsed = { ok: false, why: 'malformed' };
  for (const u of uuids) {
    last = parse(u);
    if (last.ok) return last;
  }
  return last;
}

function bindSocket(
  onMessage: (msg: Buffer, rinfo: dgram.RemoteInfo) => void,
  onError: () => void,
): Promise<dgram.Socket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket({
      type: 'udp4',
      recvBufferSize: 4 << 20,
      sendBufferSize: 4 << 20,
      // Destinations are address literals: no lookup (see transport.ts).
      lookup: (address, _family, cb) => cb(null, address, 4),
    });
    s.once('error', reject);
    s.on('message', onMessage);
    s.bind(0, () => {
      s.removeListener('error', reject);
      // ICMP errors (port unreachable on an empty address) must not end the sweep.
      s.on('error', onError);
      resolve(s);
    });
  });
}
