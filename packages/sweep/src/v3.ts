// SNMPv3 (USM) conversations through net-snmp: one session per host, kept for the whole
// identification of that host, because each new session pays for engine discovery again.
// Discovery itself does not need credentials (see ber.ts encodeV3Discovery); only responders get
// a session here, so a /16 never opens more sockets than --concurrency.
import type snmp from 'net-snmp';
import type { Logger } from 'pino';
import type { VarBind, VarValue } from './ber';
import {
  type AgentClient,
  AgentError,
  type ClientOptions,
  type RequestControl,
  type Response,
} from './client';
import type { Endpoint } from './transport';

// Loaded on first use: a v1/v2c sweep should not pay for parsing net-snmp at startup. A dynamic import
// of the bare name, not createRequire: bundlers see it, so the single-file agent (scripts/package.mjs)
// carries net-snmp inside (lazily evaluated), while the node bundles keep it external.
let lib: typeof snmp | undefined;
/** Loads net-snmp; a V3Client can be made once this has resolved. */
export async function loadNetSnmp(): Promise<void> {
  if (lib) return;
  const m = (await import('net-snmp')) as typeof snmp & { default?: typeof snmp };
  lib = m.default ?? m;
}
function netSnmp(): typeof snmp {
  if (!lib) throw new Error('net-snmp is not loaded yet (await loadNetSnmp() first)');
  return lib;
}

export type AuthProto = 'md5' | 'sha' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type PrivProto = 'des' | 'aes' | 'aes256b' | 'aes256r';

export interface V3Credentials {
  user: string;
  authProto?: AuthProto;
  authKey?: string;
  privProto?: PrivProto;
  privKey?: string;
}

export const AUTH_PROTOS: AuthProto[] = ['md5', 'sha', 'sha224', 'sha256', 'sha384', 'sha512'];
export const PRIV_PROTOS: PrivProto[] = ['des', 'aes', 'aes256b', 'aes256r'];

/** Checks a credential set before anything is sent; throws a readable error. */
export function checkV3(c: V3Credentials): void {
  if (!c.user) throw new Error('--v3-user is empty');
  if (c.authProto && !AUTH_PROTOS.includes(c.authProto))
    throw new Error(`--v3-auth-proto must be one of ${AUTH_PROTOS.join(', ')}`);
  if (c.privProto && !PRIV_PROTOS.includes(c.privProto))
    throw new Error(`--v3-priv-proto must be one of ${PRIV_PROTOS.join(', ')}`);
  if (c.authProto && !c.authKey) throw new Error('--v3-auth-proto needs --v3-auth-key');
  if (c.authKey && c.authKey.length < 8)
    throw new Error('the v3 auth key must have at least 8 characters (RFC 3414)');
  if (c.privProto && !c.authProto) throw new Error('--v3-priv-proto needs --v3-auth-proto (authPriv)');
  if (c.privProto && !c.privKey) throw new Error('--v3-priv-proto needs --v3-priv-key');
  if (c.privKey && c.privKey.length < 8)
    throw new Error('the v3 priv key must have at least 8 characters (RFC 3414)');
}

interface NsVarbind {
  oid: string;
  type: number;
  value: unknown;
}

function toValue(vb: NsVarbind): VarValue {
  const T = netSnmp().ObjectType;
  const v = vb.value;
  switch (vb.type) {
    case T.Integer:
      return { type: 'int', value: Number(v) };
    case T.OctetString:
      return { type: 'string', value: Buffer.isBuffer(v) ? v : Buffer.from(String(v)) };
    case T.OID:
      return { type: 'oid', value: String(v) };
    case T.IpAddress:
      return { type: 'ip', value: String(v) };
    case T.Counter:
      return { type: 'counter', value: Number(v) };
    case T.Gauge:
      return { type: 'gauge', value: Number(v) };
    case T.TimeTicks:
      return { type: 'ticks', value: Number(v) };
    case T.Counter64:
      return {
        type: 'counter64',
        value: Buffer.isBuffer(v) ? BigInt(`0x${v.toString('hex') || '0'}`) : BigInt(0),
      };
    case T.NoSuchObject:
      return { type: 'noSuchObject' };
    case T.NoSuchInstance:
      return { type: 'noSuchInstance' };
    case T.EndOfMibView:
      return { type: 'endOfMibView' };
    case T.Null:
      return { type: 'null' };
    default:
      return { type: 'opaque', value: Buffer.isBuffer(v) ? v : Buffer.alloc(0) };
  }
}

export class V3Client implements AgentClient {
  readonly version = 'v3' as const;
  private readonly session: snmp.Session;
  private closed = false;

  constructor(ep: Endpoint, cred: V3Credentials, o: ClientOptions, log?: Logger) {
    const ns = netSnmp();
    const level = cred.privProto
      ? ns.SecurityLevel.authPriv
      : cred.authProto
        ? ns.SecurityLevel.authNoPriv
        : ns.SecurityLevel.noAuthNoPriv;
    const user: snmp.User = { name: cred.user, level };
    if (cred.authProto) {
      user.authProtocol = ns.AuthProtocols[cred.authProto];
      user.authKey = cred.authKey;
    }
    if (cred.privProto) {
      user.privProtocol = ns.PrivProtocols[cred.privProto];
      user.privKey = cred.privKey;
    }
    this.session = ns.createV3Session(ep.address, user, {
      port: ep.port,
      timeout: o.timeoutMs,
      retries: o.retries,
      transport: ep.address.includes(':') ? 'udp6' : 'udp4',
      version: ns.Version3,
    });
    // A socket error must not crash the sweep; it is the device's (or the network's) problem.
    this.session.on('error', (e: Error) =>
      log?.warn({ address: ep.address, err: e }, 'SNMPv3 session error'),
    );
  }

  private wrap(
    start: (cb: (err: Error | null, vbs?: NsVarbind[]) => void) => void,
    ctl: RequestControl = {},
  ): Promise<Response | null> {
    return new Promise((resolve, reject) => {
      // The session's own timeout and retries apply; `until` cuts them short (the request stays
      // pending in net-snmp until the session closes, which cancels it).
      const cut =
        ctl.until === undefined
          ? undefined
          : setTimeout(() => resolve(null), Math.max(0, ctl.until - performance.now()));
      const settle = (f: () => void) => {
        clearTimeout(cut);
        f();
      };
      try {
        start((err, vbs) => {
          if (err) {
            const status = (err as { status?: number }).status;
            if (typeof status === 'number')
              settle(() => resolve({ errorStatus: status, errorIndex: 0, varbinds: [] }));
            else if (err.name === 'RequestTimedOutError' || this.closed) settle(() => resolve(null));
            // Authentication or decryption failed, a malformed reply: the agent's doing, said so.
            else settle(() => reject(new AgentError(`${err.name}: ${err.message}`)));
            return;
          }
          const varbinds: VarBind[] = (vbs ?? []).map((vb) => ({ oid: vb.oid, value: toValue(vb) }));
          settle(() => resolve({ errorStatus: 0, errorIndex: 0, varbinds }));
        });
      } catch (e) {
        // net-snmp refuses to encode the request (an OID built from a broken index).
        settle(() => reject(new AgentError(`cannot send the request: ${(e as Error).message}`)));
      }
    });
  }

  get(oids: string[], ctl?: RequestControl) {
    return this.wrap((cb) => this.session.get(oids, cb as snmp.ResponseCallback), ctl);
  }

  getNext(oids: string[], ctl?: RequestControl) {
    return this.wrap((cb) => this.session.getNext(oids, cb as snmp.ResponseCallback), ctl);
  }

  getBulk(oids: string[], maxRepetitions: number, nonRepeaters = 0, ctl?: RequestControl) {
    // net-snmp returns repeaters as one array per requested OID (column-major); walk.ts expects
    // the wire order (row-major), so interleave them back.
    return this.wrap(
      (cb) =>
        this.session.getBulk(oids, nonRepeaters, maxRepetitions, ((err: Error | null, vbs?: unknown[]) => {
          if (err || !vbs) return cb(err);
          const flat: NsVarbind[] = [];
          const cols = vbs as (NsVarbind | NsVarbind[])[];
          const lists = cols.map((x) => (Array.isArray(x) ? x : [x]));
          const rows = Math.max(0, ...lists.map((l) => l.length));
          for (let r = 0; r < rows; r++) for (const l of lists) if (l[r]) flat.push(l[r]);
          cb(null, flat);
        }) as snmp.GetBulkCallback),
      ctl,
    );
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.close();
  }
}
