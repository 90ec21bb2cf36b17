// A conversation with one agent: GET, GETNEXT, GETBULK with timeouts and retries. v1/v2c requests
// go over the sweep's shared socket (transport.ts); v3 uses a net-snmp session (v3.ts) behind
// the same interface, so walks and identification do not care which.
import { encodeRequest, PDU, type VarBind } from './ber';
import type { SnmpVersion } from './discover';
import type { Endpoint, Transport } from './transport';

export const ERR = { tooBig: 1, noSuchName: 2, genErr: 5 } as const;

export interface Response {
  errorStatus: number;
  errorIndex: number;
  varbinds: VarBind[];
}

export interface AgentClient {
  readonly version: SnmpVersion;
  /** null when the agent did not answer within the timeout and retries. */
  get(oids: string[]): Promise<Response | null>;
  getNext(oids: string[]): Promise<Response | null>;
  /** v2c/v3 only. */
  getBulk(oids: string[], maxRepetitions: number, nonRepeaters?: number): Promise<Response | null>;
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

  private request(type: number, oids: string[], a = 0, b = 0): Promise<Response | null> {
    const wire = this.version === 'v1' ? 0 : 1;
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
        let msg: Buffer;
        try {
          msg = encodeRequest(wire, this.community, type, id, oids, a, b);
        } catch {
          // An OID built from an agent's broken index cannot be asked: treat it as no answer.
          end(null);
          return;
        }
        this.t.send(this.ep, msg, id);
        // Earlier attempts stay valid: a slow agent's late answer still counts.
        timer = setTimeout(() => (n < this.o.retries ? attempt(n + 1) : end(null)), this.o.timeoutMs);
      };
      attempt(0);
    });
  }

  get(oids: string[]) {
    return this.request(PDU.get, oids);
  }

  getNext(oids: string[]) {
    return this.request(PDU.getNext, oids);
  }

  getBulk(oids: string[], maxRepetitions: number, nonRepeaters = 0) {
    return this.request(PDU.getBulk, oids, nonRepeaters, maxRepetitions);
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
