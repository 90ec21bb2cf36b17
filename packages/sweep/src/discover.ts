// Discovery: which addresses answer SNMP, with which credential, and their system group.
// Every address walks a short plan of attempts (v3 engine discovery first when a v3 user is set,
// then each community in order, retried; the last try of a community also goes out as v1 for
// v1-only agents). A reply to ANY attempt of the address is accepted until the address gives up,
// so a slow agent's late answer is not lost. Addresses are fed into flight as the paced send
// queue drains, and deadlines sit in one heap: memory and timers stay flat for a /16.
import {
  encodeRequest,
  encodeV3Discovery,
  makeTemplate,
  PDU,
  stampId,
  TEMPLATE_ID,
  type Template,
} from './ber';
import { DeadlineHeap } from './heap';
import { SYS } from './mib';
import type { Endpoint, Reply, Transport } from './transport';
import { bytesOf, displayOf, displayText, textOf } from './value';

export type SnmpVersion = 'v1' | 'v2c' | 'v3';

export interface Responder {
  address: string;
  port: number;
  version: SnmpVersion;
  /** Index into the community list (never the community itself: it is a secret). */
  communityIndex: number | null;
  sysDescr: string | null;
  /** sysDescr's bytes (hex) when they were not UTF-8 (see value.ts decodeText). */
  sysDescrRaw?: string;
  sysObjectID: string | null;
  sysName: string | null;
  /** Hex snmpEngineID when the reply carried it (v3 discovery). */
  engineId: string | null;
  rttMs: number;
}

export interface DiscoverOptions {
  port: number;
  communities: Buffer[];
  /** Send a v3 engine-discovery probe (USM) before the communities. */
  v3: boolean;
  timeoutMs: number;
  retries: number;
  /** Stop probing: addresses still in flight are left unanswered. */
  signal?: AbortSignal;
  onResponder?: (r: Responder) => void;
  onProbed?: (probed: number) => void;
}

export interface DiscoverStats {
  probed: number;
  responders: number;
  silent: number;
  packets: number;
}

type Step = ({ kind: 'v3' } | { kind: 'community'; index: number; version: 0 | 1; last: boolean }) & {
  /** 0 for the first try of a credential, 1 for its first retry, ... */
  retry: number;
};

interface AddrState {
  ep: Endpoint;
  step: number;
  ids: number[];
  done: boolean;
  slot: Slot;
  /** When the first try of the current credential went out (performance.now()). */
  credStart: number;
}

/** Probes whose first attempt went out in the same short period, and how many were answered. */
interface Slot {
  at: number;
  sent: number;
  answered: number;
}

const SLOT_MS = 10;
/** Weight of the previous density estimate, in probes, when a small batch of probes settles. */
const PRIOR = 8;

/**
 * How many requests we expect agents still owe us. The answer density of recent probes whose
 * fate is known (older than a few round trips) estimates how many of the younger ones will be
 * answered; a dense subnet then counts fully against the window, a dead one hardly at all.
 */
class Expectation {
  private readonly slots: Slot[] = [];
  private density = 1; // assume dense until we know: starting slow is cheap, flooding is not

  get current(): number {
    return Math.max(0.001, this.density);
  }

  slotFor(now: number): Slot {
    const last = this.slots[this.slots.length - 1];
    if (last && now - last.at < SLOT_MS) return last;
    const s: Slot = { at: now, sent: 0, answered: 0 };
    this.slots.push(s);
    return s;
  }

  outstanding(now: number, settleMs: number): number {
    let settledSent = 0;
    let settledAnswered = 0;
    let cut = 0;
    for (const s of this.slots) {
      if (now - s.at <= settleMs) break;
      settledSent += s.sent;
      settledAnswered += s.answered;
      cut++;
    }
    if (settledSent) {
      // A small batch is blended with the previous estimate so one odd slot does not swing it. The
      // previous estimate weighs as PRIOR probes: the first (assumed dense) one must not hold back
      // a sweep of mostly empty space for long, and at 64 it did (five or six settle periods of
      // barely growing admissions, about 0.2 s, before the estimate reached the real density).
      const d = settledAnswered / settledSent;
      this.density = settledSent >= 64 ? d : (this.density * PRIOR + settledAnswered) / (PRIOR + settledSent);
    }
    if (cut) this.slots.splice(0, cut);
    let e = 0;
    for (const s of this.slots) e += Math.max(0, this.density * s.sent - s.answered);
    return e;
  }
}

const DISCOVERY_OIDS = [SYS.descr, SYS.objectId, SYS.name];

function plan(o: DiscoverOptions): Step[] {
  const steps: Step[] = [];
  if (o.v3) for (let r = 0; r <= o.retries; r++) steps.push({ kind: 'v3', retry: r });
  o.communities.forEach((_, index) => {
    for (let r = 0; r <= o.retries; r++) {
      // Alternate v2c and v1: a v1-only agent ignores v2c, and a v2c answer tells us more.
      steps.push({ kind: 'community', index, version: r % 2 ? 0 : 1, last: r === o.retries, retry: r });
    }
  });
  return steps;
}

function responderFrom(ep: Endpoint, reply: Reply, step: Step, rtt: number): Responder {
  const base = {
    address: ep.address,
    port: ep.port,
    rttMs: Math.round(rtt),
    sysDescr: null,
    sysObjectID: null,
    sysName: null,
    engineId: null,
  };
  if (reply.kind === 'v3') {
    return {
      ...base,
      version: 'v3',
      communityIndex: null,
      engineId: reply.report.engineId.length ? reply.report.engineId.toString('hex') : null,
    };
  }
  const { pdu, version } = reply.msg;
  const get = (oid: string) => pdu.varbinds.find((v) => v.oid === oid)?.value;
  const ok = pdu.errorStatus === 0;
  const oidVal = ok ? get(SYS.objectId) : undefined;
  const descr = ok ? displayText(get(SYS.descr)) : null;
  return {
    ...base,
    version: version === 0 ? 'v1' : 'v2c',
    communityIndex: step.kind === 'community' ? step.index : null,
    sysDescr: descr?.text ?? null,
    ...(descr?.raw ? { sysDescrRaw: descr.raw } : {}),
    sysObjectID: oidVal?.type === 'oid' ? oidVal.value : null,
    sysName: ok
      ? (textOf(get(SYS.name)) ?? (bytesOf(get(SYS.name)) ? displayOf(get(SYS.name)) : null))
      : null,
  };
}

export async function discover(
  t: Transport,
  targets: Iterable<string>,
  o: DiscoverOptions,
): Promise<DiscoverStats> {
  const steps = plan(o);
  const templates = new Map<string, Template>();
  const template = (index: number, version: 0 | 1) => {
    const key = `${index}/${version}`;
    let tp = templates.get(key);
    if (!tp) {
      tp = makeTemplate(encodeRequest(version, o.communities[index], PDU.get, TEMPLATE_ID, DISCOVERY_OIDS));
      templates.set(key, tp);
    }
    return tp;
  };
  if (!steps.length) throw new Error('no credential to discover with: give a community or a v3 user');
  const heap = new DeadlineHeap<AddrState>();
  const expect = new Expectation();
  let lossSeen = false;
  const it = targets[Symbol.iterator]();
  let exhausted = false;
  let active = 0;
  const stats: DiscoverStats = { probed: 0, responders: 0, silent: 0, packets: 0 };

  const finish = (s: AddrState) => {
    s.done = true;
    for (const id of s.ids) t.forget(id);
    s.ids.length = 0;
    active--;
  };

  const sendStep = (s: AddrState) => {
    const step = steps[s.step];
    const attempt = s.step;
    const onReply = (reply: Reply, rtt: number) => {
      if (s.done) return;
      // The retry itself was answered (not a late answer to the first try, which would have
      // arrived first): this network loses requests or replies.
      if (step.retry > 0) lossSeen = true;
      s.slot.answered++;
      // A retry that is answered tells us the network (or the agent) dropped something.
      if (attempt > 0 && attempt === s.step && steps[attempt - 1].kind === step.kind)
        t.rate.onLoss(performance.now());
      const r = responderFrom(s.ep, reply, step, rtt);
      finish(s);
      stats.responders++;
      o.onResponder?.(r);
    };
    if (step.kind === 'v3') {
      const id = t.allocId();
      s.ids.push(id);
      t.expect(id, { ep: s.ep, onReply, paces: true });
      t.send(s.ep, encodeV3Discovery(id, id), id);
      stats.packets++;
    } else {
      const id = t.allocId();
      s.ids.push(id);
      t.expect(id, { ep: s.ep, community: o.communities[step.index], onReply, paces: true });
      t.send(s.ep, stampId(template(step.index, step.version), id), id);
      stats.packets++;
    }
    // Each credential gets --timeout from its first try for an answer (to any of its tries);
    // retries go out within that time, one measured retransmission timeout apart, and the last
    // try still gets two of them. Only then does the address move on to the next community.
    const now = performance.now() + t.queued * (1000 / t.rate.rate);
    if (step.retry === 0) s.credStart = now;
    const lastOfCredential =
      (step.kind === 'v3' ? steps[s.step + 1]?.kind !== 'v3' : step.last) || (step.retry >= 1 && !lossSeen);
    const rto = t.rate.rto(o.timeoutMs);
    heap.push(lastOfCredential ? Math.max(s.credStart + o.timeoutMs, now + 2 * rto) : now + rto, s);
  };

  return new Promise<DiscoverStats>((resolve) => {
    const loop = () => {
      if (o.signal?.aborted) {
        // Late answers to what is still in flight are not taken: the result is what came before.
        while (heap.size) {
          const s = heap.pop()!;
          if (!s.done) finish(s);
        }
        resolve(stats);
        return;
      }
      const now = performance.now();
      while (heap.size && heap.peekKey() <= now) {
        const s = heap.pop()!;
        if (s.done) continue;
        // A second retry is spent only once this network has shown that it loses or delays
        // answers; on a clean network one retry per credential is enough and halves the cost
        // of every empty address.
        let next = s.step + 1;
        while (next < steps.length && steps[next].retry >= 2 && !lossSeen) next++;
        if (next >= steps.length) {
          finish(s);
          stats.silent++;
          continue;
        }
        s.step = next;
        sendStep(s);
      }
      // Keep the send queue short so deadlines start close to the real send time, and keep the
      // requests agents are expected to owe us within the congestion window.
      const room = Math.max(64, Math.ceil(t.rate.rate / 100));
      const settle = t.rate.samples ? Math.max(20, 3 * t.rate.srtt) : 50;
      let owed = expect.outstanding(now, settle);
      const slot = expect.slotFor(now);
      while (!exhausted && t.queued < room && owed < t.rate.window) {
        const n = it.next();
        if (n.done) {
          exhausted = true;
          break;
        }
        slot.sent++;
        owed += expect.current;
        const s: AddrState = {
          ep: { address: n.value, port: o.port },
          step: 0,
          ids: [],
          done: false,
          slot,
          credStart: 0,
        };
        active++;
        stats.probed++;
        sendStep(s);
      }
      o.onProbed?.(stats.probed);
      if (exhausted && active === 0) {
        resolve(stats);
        return;
      }
      const next = heap.size ? Math.max(0, Math.min(heap.peekKey() - now, 5)) : 5;
      setTimeout(loop, exhausted ? Math.max(1, next) : 1);
    };
    loop();
  });
}
