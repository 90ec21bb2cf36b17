// A conversation with one agent: GET, GETNEXT, GETBULK with timeouts and retries. v1/v2c requests
// go over the sweep's shared socket (transport.ts); v3 uses a net-snmp session (v3.ts) behind
// the same interface, so walks and identification do not care which.
import { BerError, encodeRequest, PDU, type VarBind } from './ber';
import type { SnmpVersion } from './discover';
import type { Endpoint, Transport } from './transport';

export const ERR = { tooBig: 1, noSuchName: 2, genErr: 5 } as const;

export interface Response {
  errorStatus: number;
  errorIndex: number;
  varbinds: VarBind[];
}

/** Per-request limits on top of the client's timeout and retries. */
export interface RequestControl {
  /** performance.now() by which the request ends, answered or not. */
  until?: number;
  /** Retries for this request instead of the client's. */
  retries?: number;
}

/**
 * A request that could not be made from what the agent sent (an OID built from a broken index), or
 * a reply that could not be accepted (v3 authentication or decryption failed): the agent's doing,
 * not a timeout and not a bug of ours.
 */
export class AgentError extends Error {}

export interface AgentClient {
  readonly version: SnmpVersion;
  /** null when the agent did not answer within the timeout and retries (or `ctl.until`). */
  get(oids: string[], ctl?: RequestControl): Promise<Response | null>;
  getNext(oids: string[], ctl?: RequestControl): Promise<Response | null>;
  /** v2c/v3 only. */
  getBulk(
    oids: string[],
    maxRepetitions: number,
    nonRepeaters?: number,
    ctl?: RequestControl,
  ): Promise<Response | null>;
  close(): void;
  /**
   * The same agent in another context: for v1/v2c the community `community@context` (Cisco serves
   * BRIDGE-MIB per VLAN that way). Absent where contexts are not supported (v3 here).
   */
  inContext?(context: string): AgentClient;
}

export interface ClientOptions {
  timeoutMs: number;
  retries: number;
}

export class CommunityClient implements AgentClient {
  constructor(
    private readonly t: Transport,
    private readonly ep: Endpoint,
    private readonly community: Buffer,
    readonly version: 'v1' | 'v2c',
    private readonly o: ClientOptions,
  ) {}

  private request(
    type: number,
    oids: string[],
    a = 0,
    b = 0,
    ctl: RequestControl = {},
  ): Promise<Response | null> {
    const wire = this.version === 'v1' ? 0 : 1;
    const encode = (id: number) => encodeRequest(wire, this.community, type, id, oids, a, b);
    try {
      encode(1); // an OID built from an agent's broken index cannot be asked
    } catch (e) {
      if (e instanceof BerError)
        return Promise.reject(new AgentError(`cannot ask ${oids.join(' ')}: ${e.message}`));
      throw e;
    }
    const retries = ctl.retries ?? this.o.retries;
    const until = ctl.until ?? Number.POSITIVE_INFINITY;
    return new Promise((resolve) => {
      const ids: number[] = [];
      let timer: NodeJS.Timeout | undefined;
      let done = false;
      const end = (r: Response | null) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        for (const id of ids) this.t.forget(id);
        resolve(r);
      };
      const attempt = (n: number) => {
        const left = until - performance.now();
        if (left <= 0) return end(null);
        const id = this.t.allocId();
        ids.push(id);
        this.t.expect(id, {
          ep: this.ep,
          community: this.community,
          onReply: (reply) => {
            if (reply.kind !== 'community') return;
            const { pdu } = reply.msg;
            end({ errorStatus: pdu.errorStatus, errorIndex: pdu.errorIndex, varbinds: pdu.varbinds });
          },
        });
        this.t.send(this.ep, encode(id), id);
        // Earlier attempts stay valid: a slow agent's late answer still counts.
        timer = setTimeout(
          () => (n < retries ? attempt(n + 1) : end(null)),
          Math.min(this.o.timeoutMs, left),
        );
      };
      attempt(0);
    });
  }

  get(oids: string[], ctl?: RequestControl) {
    return this.request(PDU.get, oids, 0, 0, ctl);
  }

  getNext(oids: string[], ctl?: RequestControl) {
    return this.request(PDU.getNext, oids, 0, 0, ctl);
  }

  getBulk(oids: string[], maxRepetitions: number, nonRepeaters = 0, ctl?: RequestControl) {
    return this.request(PDU.getBulk, oids, nonRepeaters, maxRepetitions, ctl);
  }

  close(): void {}

  inContext(context: string): AgentClient {
    const community = Buffer.concat([this.community, Buffer.from(`@${context}`)]);
    return new CommunityClient(this.t, this.ep, community, this.version, this.o);
  }
}

/**
 * GET that survives v1 agents: a v1 GET fails whole when one object is missing (noSuchName with
 * its index), so drop that object and ask again. Returns the varbinds that have values.
 */
export async function getSome(c: AgentClient, oids: string[]): Promise<Map<string, VarBind['value']> | null> {
  let ask = [...oids];
  const out = new Map<string, VarBind['value']>();
  for (let round = 0; round <= oids.length && ask.length; round++) {
    const r = await c.get(ask);
    if (!r) return round === 0 ? null : out;
    if (r.errorStatus === ERR.noSuchName && r.errorIndex >= 1 && r.errorIndex <= ask.length) {
      ask = ask.filter((_, i) => i !== r.errorIndex - 1);
      continue;
    }
    if (r.errorStatus === ERR.tooBig && ask.length > 1) {
      // Ask in halves.
      const half = Math.ceil(ask.length / 2);
      const a = await getSome(c, ask.slice(0, half));
      const b = await getSome(c, ask.slice(half));
      for (const m of [a, b]) if (m) for (const [k, v] of m) out.set(k, v);
      return out;
    }
    if (r.errorStatus !== 0) return out;
    for (const vb of r.varbinds) out.set(vb.oid, vb.value);
    return out;
  }
  return out;
}
