// Replies for hand-written agents (see sweep-sim.ts rawAgent): the system group, a small MIB served
// with GET/GETNEXT/GETBULK as an agent serves it, and whatever misbehaviour a test scripts.

import {
  type CommunityMessage,
  decodeCommunityMessage,
  encInt,
  encOctets,
  encOid,
  encSeq,
  encValue,
  PDU,
  type VarBind,
} from '../src/ber';
import { compareOid } from '../src/mib';
import { answer } from '../src/simulator/agent';

export const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
export const SYS_OID = '1.3.6.1.2.1.1.2.0';
export const SYS_UPTIME = '1.3.6.1.2.1.1.3.0';
export const SYS_NAME = '1.3.6.1.2.1.1.5.0';

export type Answer = {
  errorStatus?: number;
  errorIndex?: number;
  varbinds: VarBind[];
  /** Varbinds encoded by hand, after `varbinds` (for what our encoder refuses to write). */
  raw?: Buffer[];
} | null;

const encodeVarbind = (vb: VarBind): Buffer => encSeq([encOid(vb.oid), encValue(vb.value)]);

export function respond(m: CommunityMessage, a: NonNullable<Answer>): Buffer {
  const pdu = encSeq(
    [
      encInt(m.pdu.requestId),
      encInt(a.errorStatus ?? 0),
      encInt(a.errorIndex ?? 0),
      encSeq([...a.varbinds.map(encodeVarbind), ...(a.raw ?? [])]),
    ],
    PDU.response,
  );
  return encSeq([encInt(m.version), encOctets(m.community), pdu]);
}

export const str = (oid: string, s: string | Buffer): VarBind => ({
  oid,
  value: { type: 'string', value: Buffer.isBuffer(s) ? s : Buffer.from(s) },
});
export const oidv = (oid: string, o: string): VarBind => ({ oid, value: { type: 'oid', value: o } });
export const int = (oid: string, n: number): VarBind => ({ oid, value: { type: 'int', value: n } });

/** An agent that answers GETs of the system group, and hands everything else to `rest`. */
export function scripted(
  sys: { descr: string; oid: string; name: string },
  rest: (m: CommunityMessage) => Answer,
  v1Only = false,
) {
  return (msg: Buffer, reply: (b: Buffer) => void) => {
    let m: CommunityMessage;
    try {
      m = decodeCommunityMessage(msg);
    } catch {
      return; // not SNMP: a real agent drops it too
    }
    if (v1Only && m.version !== 0) return;
    const known: Record<string, VarBind> = {
      [SYS_DESCR]: str(SYS_DESCR, sys.descr),
      [SYS_OID]: oidv(SYS_OID, sys.oid),
      [SYS_NAME]: str(SYS_NAME, sys.name),
    };
    if (m.pdu.type === PDU.get && m.pdu.varbinds.every((vb) => known[vb.oid])) {
      reply(respond(m, { varbinds: m.pdu.varbinds.map((vb) => known[vb.oid]) }));
      return;
    }
    const a = rest(m);
    if (a) reply(respond(m, a));
  };
}

/** v1 semantics for anything unknown: noSuchName on the first object. */
export const noSuchName = (m: CommunityMessage): Answer => ({
  errorStatus: 2,
  errorIndex: 1,
  varbinds: m.pdu.varbinds,
});

/** GET, GETNEXT and GETBULK over a fixed set of objects, answered as the demo's simulated agent does. */
export function serveMib(objects: VarBind[]): (m: CommunityMessage) => Answer {
  const mib = [...objects].sort((a, b) => compareOid(a.oid, b.oid));
  return (m) =>
    m.pdu.type === PDU.getBulk || m.pdu.type === PDU.getNext || m.pdu.type === PDU.get
      ? { varbinds: answer(mib, m) }
      : null;
}
