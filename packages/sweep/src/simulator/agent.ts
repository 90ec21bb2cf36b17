// A small simulated SNMP v1/v2c agent that answers from a recording, one UDP socket per address.
// It lets `coverscan demo` run a whole sweep on a fresh machine with nothing but Node installed;
// the test suite uses snmpsim, a real third-party agent, instead.
import { createSocket, type Socket } from 'node:dgram';
import {
  type CommunityMessage,
  decodeCommunityMessage,
  encInt,
  encOctets,
  encOid,
  encSeq,
  encValue,
  PDU,
  type VarValue,
} from '../ber';
import { nextRecord, type Record } from './snmprec';

export interface SimulatedDevice {
  address: string;
  records: Record[];
}

const END: VarValue = { type: 'endOfMibView' };

/** The varbinds answering one request, as an agent implementing RFC 3416 would. */
export function answer(table: Record[], msg: CommunityMessage): { oid: string; value: VarValue }[] {
  const { pdu } = msg;
  const exact = (oid: string) => table.find((r) => r.oid === oid);
  const next = (oid: string) => nextRecord(table, oid) ?? { oid, value: END };
  if (pdu.type === PDU.get)
    return pdu.varbinds.map(({ oid }) => exact(oid) ?? { oid, value: { type: 'noSuchObject' } });
  if (pdu.type === PDU.getNext) return pdu.varbinds.map(({ oid }) => next(oid));
  if (pdu.type === PDU.getBulk) {
    const nonRep = Math.max(0, pdu.errorStatus);
    const reps = Math.min(Math.max(0, pdu.errorIndex), 50);
    const out = pdu.varbinds.slice(0, nonRep).map(({ oid }) => next(oid));
    let cursors = pdu.varbinds.slice(nonRep).map((v) => v.oid);
    for (let i = 0; i < reps && cursors.length; i++) {
      const row = cursors.map(next);
      out.push(...row);
      cursors = row.map((r) => r.oid);
      if (row.every((r) => r.value.type === 'endOfMibView')) break;
    }
    return out;
  }
  return [];
}

function response(msg: CommunityMessage, vbs: { oid: string; value: VarValue }[]): Buffer {
  // SNMPv1 has no exception values: a missing object is a noSuchName error on the request's varbinds.
  const missing = vbs.findIndex((v) =>
    ['noSuchObject', 'noSuchInstance', 'endOfMibView'].includes(v.value.type),
  );
  const v1Error = msg.version === 0 && missing >= 0;
  if (v1Error) vbs = msg.pdu.varbinds;
  const list = encSeq(vbs.map((v) => encSeq([encOid(v.oid), encValue(v.value)])));
  const pdu = encSeq(
    [encInt(msg.pdu.requestId), encInt(v1Error ? 2 : 0), encInt(v1Error ? missing + 1 : 0), list],
    PDU.response,
  );
  return encSeq([encInt(msg.version), encOctets(msg.community), pdu]);
}

export class SimulatedNetwork {
  private constructor(private readonly sockets: Socket[]) {}

  /** Serves every device on its own address at `port`; only `community` gets answers, like a real agent. */
  static async start(
    devices: SimulatedDevice[],
    port: number,
    community = 'public',
  ): Promise<SimulatedNetwork> {
    const sockets: Socket[] = [];
    for (const d of devices) {
      if (!d.address.startsWith('127.'))
        throw new Error(`simulated devices live on loopback only, not ${d.address}`);
      const sock = createSocket('udp4');
      sock.on('message', (buf, rinfo) => {
        let msg: CommunityMessage;
        try {
          msg = decodeCommunityMessage(buf);
        } catch {
          return; // a real agent drops what it cannot parse
        }
        if (msg.community.toString('latin1') !== community) return;
        if (msg.version === 0 && msg.pdu.type === PDU.getBulk) return;
        sock.send(response(msg, answer(d.records, msg)), rinfo.port, rinfo.address);
      });
      await new Promise<void>((resolve, reject) => {
        sock.once('error', reject);
        sock.bind(port, d.address, () => resolve());
      });
      sockets.push(sock);
    }
    return new SimulatedNetwork(sockets);
  }

  close(): void {
    for (const s of this.sockets) s.close();
  }
}
