// A hostile SNMP peer for tests: answers discovery like an agent, then floods whoever asked with
// unsolicited ~60 KB datagrams (a v2c Response whose one varbind is a Counter64 tens of kilobytes
// long, random request ids, some echoing its own pending request), by default 2,000 a second: what
// a gigabit link carries (~120 MB/s). It runs in a worker thread so
// the flood does not share the sweep's event loop, as a real remote device would not.
import { Worker } from 'node:worker_threads';
import { encInt, encOctets, encOid, encSeq, makeTemplate, PDU, TEMPLATE_ID } from '../src/ber';

/** A v2c Response datagram of about `bytes` bytes whose request id sits at `at` (4 bytes). */
function floodDatagram(bytes: number): { buf: Buffer; at: number } {
  const counter = encOctets(Buffer.alloc(bytes - 64, 0x7f), 0x46);
  const vb = encSeq([encOid('1.3.6.1.2.1.31.1.1.1.6.1'), counter]);
  const pdu = encSeq([encInt(TEMPLATE_ID), encInt(0), encInt(0), encSeq([vb])], PDU.response);
  const t = makeTemplate(encSeq([encInt(1), encOctets('public'), pdu]));
  return { buf: t.buf, at: t.at };
}

// Plain JS: a worker is not transformed by the test runner. A discovery GET is answered by echoing
// it as a Response (tag 0xa2, same length): a reply with the right id and community, values NULL.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const dgram = require('node:dgram');
const { address, port, datagram, at, perSecond } = workerData;
const buf = Buffer.from(datagram);
const s = dgram.createSocket('udp4');
let target = null;
let lastId = 0;
let sent = 0;
s.on('message', (msg, rinfo) => {
  const i = msg.indexOf(0xa0);
  if (i > 0 && !target) {
    const reply = Buffer.from(msg);
    reply[i] = 0xa2;
    s.send(reply, rinfo.port, rinfo.address);
  }
  const id = msg.indexOf(Buffer.from([0x02, 0x04]), i);
  if (id > 0) lastId = msg.readUInt32BE(id + 2);
  if (target) return;
  target = rinfo;
  const started = Date.now();
  const flood = () => {
    // Paced to perSecond from the start, whatever the timer's granularity.
    const due = Math.floor(((Date.now() - started) * perSecond) / 1000) - sent;
    for (let k = 0; k < due; k++) {
      const d = Buffer.from(buf);
      d.writeUInt32BE(k % 4 === 0 && lastId ? lastId : 0x1000000 + Math.floor(Math.random() * 0x7effffff), at);
      s.send(d, target.port, target.address);
      sent++;
    }
    setTimeout(flood, 2);
  };
  flood();
});
parentPort.on('message', () => parentPort.postMessage(sent));
s.bind(port, address, () => parentPort.postMessage('ready'));
`;

export interface Flooder {
  /** Datagrams sent so far. */
  sent(): Promise<number>;
  close(): Promise<void>;
}

export async function startFlooder(
  address: string,
  port: number,
  o: { bytes?: number; perSecond?: number } = {},
): Promise<Flooder> {
  const { buf, at } = floodDatagram(o.bytes ?? 60_000);
  const w = new Worker(WORKER, {
    eval: true,
    workerData: { address, port, datagram: buf, at, perSecond: o.perSecond ?? 2000 },
  });
  await new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
  });
  return {
    sent: () =>
      new Promise((r) => {
        w.once('message', r);
        w.postMessage('count');
      }),
    close: async () => {
      await w.terminate();
    },
  };
}
