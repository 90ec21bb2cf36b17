// SNMP messages in BER, built and read by hand. A sweep sends tens of thousands of identical small
// GETs from one socket and must read replies from agents it does not trust: a tiny encoder that
// writes straight into a Buffer, and a decoder that checks every length and throws BerError on
// anything malformed (the caller drops that datagram and goes on).

export class BerError extends Error {}

export const PDU = {
  get: 0xa0,
  getNext: 0xa1,
  response: 0xa2,
  set: 0xa3,
  trapV1: 0xa4,
  getBulk: 0xa5,
  inform: 0xa6,
  trapV2: 0xa7,
  report: 0xa8,
} as const;

/** SNMP versions as they appear on the wire. */
export type WireVersion = 0 | 1 | 3; // v1, v2c, v3

export type VarValue =
  | { type: 'int'; value: number }
  | { type: 'string'; value: Buffer }
  | { type: 'null' }
  | { type: 'oid'; value: string }
  | { type: 'ip'; value: string }
  | { type: 'counter' | 'gauge' | 'ticks'; value: number }
  | { type: 'counter64'; value: bigint }
  | { type: 'opaque'; value: Buffer }
  | { type: 'noSuchObject' | 'noSuchInstance' | 'endOfMibView' };

export interface VarBind {
  oid: string;
  value: VarValue;
}

export interface Pdu {
  type: number;
  requestId: number;
  /** errorStatus for most PDUs; non-repeaters for GETBULK. */
  errorStatus: number;
  /** errorIndex for most PDUs; max-repetitions for GETBULK. */
  errorIndex: number;
  varbinds: VarBind[];
}

export interface CommunityMessage {
  version: 0 | 1;
  community: Buffer;
  pdu: Pdu;
}

/** True when the varbind carries no value (an exception or NULL). */
export function isException(v: VarValue): boolean {
  return (
    v.type === 'noSuchObject' || v.type === 'noSuchInstance' || v.type === 'endOfMibView' || v.type === 'null'
  );
}

// ---------------------------------------------------------------- encoding

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

function tlv(tag: number, body: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag, ...lengthBytes(body.length)]), body]);
}

export function encInt(n: number, tag = 0x02): Buffer {
  // Two's complement, minimal length.
  const bytes: number[] = [];
  let v = Math.trunc(n);
  do {
    bytes.unshift(v & 0xff);
    v = Math.floor(v / 256);
  } while (!(v === 0 && (bytes[0] & 0x80) === 0) && !(v === -1 && (bytes[0] & 0x80) !== 0));
  return tlv(tag, Buffer.from(bytes));
}

export function encOctets(b: Buffer | string, tag = 0x04): Buffer {
  return tlv(tag, typeof b === 'string' ? Buffer.from(b, 'utf8') : b);
}

export function encOid(oid: string): Buffer {
  const parts = oid
    .replace(/^\./, '')
    .split('.')
    .map((p) => Number(p));
  if (parts.length < 2 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 0xffffffff))
    throw new BerError(`bad OID ${oid}`);
  const out: number[] = [];
  const sub = (v: number) => {
    const b: number[] = [v & 0x7f];
    for (let x = Math.floor(v / 128); x > 0; x = Math.floor(x / 128)) b.unshift(0x80 | (x & 0x7f));
    out.push(...b);
  };
  sub(parts[0] * 40 + parts[1]);
  for (let i = 2; i < parts.length; i++) sub(parts[i]);
  return tlv(0x06, Buffer.from(out));
}

export function encSeq(items: Buffer[], tag = 0x30): Buffer {
  return tlv(tag, Buffer.concat(items));
}

const NULL = Buffer.from([0x05, 0x00]);

/** One value in its BER form (agents and test responders answer with these). */
export function encValue(v: VarValue): Buffer {
  switch (v.type) {
    case 'int':
      return encInt(v.value);
    case 'string':
      return encOctets(v.value);
    case 'null':
      return Buffer.from([0x05, 0x00]);
    case 'oid':
      return encOid(v.value);
    case 'ip':
      return encOctets(Buffer.from(v.value.split('.').map(Number)), 0x40);
    case 'counter':
      return encInt(v.value, 0x41);
    case 'gauge':
      return encInt(v.value, 0x42);
    case 'ticks':
      return encInt(v.value, 0x43);
    case 'opaque':
      return encOctets(v.value, 0x44);
    case 'counter64': {
      const bytes: number[] = [];
      for (let x = v.value; bytes.length === 0 || x > 0n; x >>= 8n) bytes.unshift(Number(x & 0xffn));
      if (bytes[0] & 0x80) bytes.unshift(0);
      return encOctets(Buffer.from(bytes), 0x46);
    }
    case 'noSuchObject':
      return Buffer.from([0x80, 0x00]);
    case 'noSuchInstance':
      return Buffer.from([0x81, 0x00]);
    case 'endOfMibView':
      return Buffer.from([0x82, 0x00]);
  }
}

export function encPdu(type: number, requestId: number, oids: string[], a = 0, b = 0): Buffer {
  const vbs = oids.map((o) => encSeq([encOid(o), NULL]));
  return encSeq([encInt(requestId), encInt(a), encInt(b), encSeq(vbs)], type);
}

/** A v1/v2c request. For GETBULK, a = non-repeaters and b = max-repetitions. */
export function encodeRequest(
  version: 0 | 1,
  community: Buffer | string,
  type: number,
  requestId: number,
  oids: string[],
  a = 0,
  b = 0,
): Buffer {
  return encSeq([encInt(version), encOctets(community), encPdu(type, requestId, oids, a, b)]);
}

/**
 * An SNMPv3 discovery probe (RFC 3414 §4): noAuthNoPriv, reportable, empty engine id and user.
 * An agent answers with a Report carrying its snmpEngineID, boots and time; no credential needed.
 */
export function encodeV3Discovery(msgId: number, requestId: number): Buffer {
  const usm = encSeq([encOctets(''), encInt(0), encInt(0), encOctets(''), encOctets(''), encOctets('')]);
  const header = encSeq([encInt(msgId), encInt(65507), encOctets(Buffer.from([0x04])), encInt(3)]);
  const scoped = encSeq([encOctets(''), encOctets(''), encPdu(PDU.get, requestId, [])]);
  return encSeq([encInt(3), header, encOctets(usm), scoped]);
}

/** A request with a 4-byte request id that stampId() rewrites: one encoding per sweep, not per packet. */
export interface Template {
  buf: Buffer;
  at: number;
}

export const TEMPLATE_ID = 0x1000000;

export function makeTemplate(msg: Buffer): Template {
  // The id is the first INTEGER inside the PDU: 02 04 01 00 00 00.
  const at = msg.indexOf(Buffer.from([0x02, 0x04, 0x01, 0x00, 0x00, 0x00]));
  if (at < 0) throw new BerError('template without a 4-byte request id');
  return { buf: msg, at: at + 2 };
}

/** A copy of the template carrying `id` (which must be in [2^24, 2^31)). */
export function stampId(t: Template, id: number): Buffer {
  const b = Buffer.from(t.buf);
  b.writeUInt32BE(id, t.at);
  return b;
}

// ---------------------------------------------------------------- decoding

class Reader {
  constructor(
    readonly buf: Buffer,
    public pos: number,
    readonly end: number,
  ) {}

  /** Reads a tag and length; returns the tag and the end of its content. */
  header(): { tag: number; start: number; end: number } {
    if (this.pos + 2 > this.end) throw new BerError('truncated header');
    const tag = this.buf[this.pos++];
    if ((tag & 0x1f) === 0x1f) throw new BerError('multi-byte tags are not SNMP');
    let len = this.buf[this.pos++];
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) throw new BerError('bad length');
      if (this.pos + n > this.end) throw new BerError('truncated length');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + this.buf[this.pos++];
    }
    const start = this.pos;
    const end = start + len;
    if (end > this.end) throw new BerError('length beyond message');
    return { tag, start, end };
  }

  expect(tag: number): { start: number; end: number } {
    const h = this.header();
    if (h.tag !== tag) throw new BerError(`expected tag 0x${tag.toString(16)}, got 0x${h.tag.toString(16)}`);
    return h;
  }

  int(tag = 0x02): number {
    const h = this.expect(tag);
    this.pos = h.end;
    return readInt(this.buf, h.start, h.end);
  }

  octets(tag = 0x04): Buffer {
    const h = this.expect(tag);
    this.pos = h.end;
    return this.buf.subarray(h.start, h.end);
  }
}

// Longest content each type may have (RFC 2578 §7.1, RFC 3416 §3): checked from the header, before
// a byte of the value is read, so an agent cannot make us spend time on a value no MIB allows.
// Integer32 and the 32-bit unsigned types fit in 4 octets (5 with the leading zero agents pad with),
// Counter64 in 8 (9), IpAddress is exactly 4, OCTET STRING and Opaque at most 65535, an OID at most
// 128 sub-identifiers of up to 5 octets each. (A sub-identifier over 2^32-1 that fits 5 octets is
// read: no request can carry it, and client.ts reports that as the agent's error.)
const MAX_OCTETS: Record<number, number> = {
  2: 5,
  4: 65535,
  5: 0,
  6: 128 * 5,
  64: 4,
  65: 5,
  66: 5,
  67: 5,
  68: 65535,
  70: 9,
  128: 0,
  129: 0,
  130: 0,
};
const MAX_OID_ARCS = 128;

function readInt(buf: Buffer, start: number, end: number): number {
  if (end <= start) throw new BerError('empty integer');
  if (end - start > 6) throw new BerError('integer too long');
  let v = buf[start] & 0x80 ? -1 : 0;
  for (let i = start; i < end; i++) v = v * 256 + buf[i];
  return v;
}

function readUnsigned(buf: Buffer, start: number, end: number): number {
  let v = 0;
  // Agents pad unsigned values with a leading zero, some send 5 bytes for 32-bit values.
  for (let i = start; i < end; i++) v = v * 256 + buf[i];
  return v;
}

/** An unsigned value of up to 9 octets, in two 32-bit halves: one BigInt step, not one per octet. */
function readCounter64(buf: Buffer, start: number, end: number): bigint {
  let hi = 0;
  let lo = 0;
  for (let i = start; i < end; i++) {
    // hi keeps the octets above the low 32 bits; a 9th (padding) octet lands there too.
    hi = hi * 256 + Math.floor(lo / 0x1000000);
    lo = (lo % 0x1000000) * 256 + buf[i];
  }
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function readOid(buf: Buffer, start: number, end: number): string {
  if (end <= start) throw new BerError('empty OID');
  const parts: number[] = [];
  let v = 0;
  let digits = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i];
    v = v * 128 + (b & 0x7f);
    if (++digits > 5) throw new BerError('OID sub-identifier too long');
    if (!(b & 0x80)) {
      if (parts.length === 0) {
        const first = v < 40 ? 0 : v < 80 ? 1 : 2;
        parts.push(first, v - first * 40);
      } else parts.push(v);
      if (parts.length > MAX_OID_ARCS) throw new BerError('OID with more than 128 sub-identifiers');
      v = 0;
      digits = 0;
    }
  }
  if (digits) throw new BerError('OID ends inside a sub-identifier');
  return parts.join('.');
}

function readValue(r: Reader): VarValue {
  const h = r.header();
  // Unknown application types are kept as opaque bytes (bounded like Opaque).
  const max = MAX_OCTETS[h.tag] ?? 65535;
  if (h.end - h.start > max)
    throw new BerError(`value of type 0x${h.tag.toString(16)} longer than ${max} octets`);
  r.pos = h.end;
  const { buf } = r;
  switch (h.tag) {
    case 0x02:
      return { type: 'int', value: readInt(buf, h.start, h.end) };
    case 0x04:
      return { type: 'string', value: buf.subarray(h.start, h.end) };
    case 0x05:
      return { type: 'null' };
    case 0x06:
      return { type: 'oid', value: readOid(buf, h.start, h.end) };
    case 0x40:
      if (h.end - h.start !== 4) throw new BerError('IpAddress is not 4 bytes');
      return { type: 'ip', value: [...buf.subarray(h.start, h.end)].join('.') };
    case 0x41:
      return { type: 'counter', value: readUnsigned(buf, h.start, h.end) };
    case 0x42:
      return { type: 'gauge', value: readUnsigned(buf, h.start, h.end) };
    case 0x43:
      return { type: 'ticks', value: readUnsigned(buf, h.start, h.end) };
    case 0x44:
      return { type: 'opaque', value: buf.subarray(h.start, h.end) };
    case 0x46:
      return { type: 'counter64', value: readCounter64(buf, h.start, h.end) };
    case 0x80:
      return { type: 'noSuchObject' };
    case 0x81:
      return { type: 'noSuchInstance' };
    case 0x82:
      return { type: 'endOfMibView' };
    default:
      return { type: 'opaque', value: buf.subarray(h.start, h.end) };
  }
}

/**
 * The first part of a v1/v2c message, read without touching the varbinds: enough to tell whether
 * it answers a request we sent (request id, community) before paying for the rest.
 */
export interface CommunityHeader {
  version: 0 | 1;
  community: Buffer;
  pduType: number;
  requestId: number;
  /** Where the PDU's fields after the request id start, and where the PDU ends. */
  at: number;
  end: number;
}

/** The message's outer SEQUENCE opened and its version read: where every decoder starts. */
function openMessage(buf: Buffer): { inner: Reader; version: number } {
  const m = new Reader(buf, 0, buf.length).expect(0x30);
  const inner = new Reader(buf, m.start, m.end);
  return { inner, version: inner.int() };
}

export function decodeCommunityHeader(buf: Buffer): CommunityHeader {
  const { inner, version } = openMessage(buf);
  if (version !== 0 && version !== 1) throw new BerError(`not a v1/v2c message (version ${version})`);
  const community = inner.octets();
  const h = inner.header();
  if ((h.tag & 0xe0) !== 0xa0) throw new BerError('not a PDU');
  const pr = new Reader(buf, h.start, h.end);
  const requestId = pr.int();
  return { version, community, pduType: h.tag, requestId, at: pr.pos, end: h.end };
}

/** The rest of the message whose header `h` is: error status and index, and the varbinds. */
export function decodeCommunityBody(buf: Buffer, h: CommunityHeader): CommunityMessage {
  const pr = new Reader(buf, h.at, h.end);
  const errorStatus = pr.int();
  const errorIndex = pr.int();
  const list = pr.expect(0x30);
  const vr = new Reader(buf, list.start, list.end);
  const varbinds: VarBind[] = [];
  while (vr.pos < list.end) {
    const vb = vr.expect(0x30);
    const one = new Reader(buf, vb.start, vb.end);
    const o = one.expect(0x06);
    if (o.end - o.start > MAX_OCTETS[0x06]) throw new BerError('OID longer than 128 sub-identifiers allow');
    one.pos = o.end;
    const oid = readOid(buf, o.start, o.end);
    varbinds.push({ oid, value: readValue(one) });
    vr.pos = vb.end;
  }
  return {
    version: h.version,
    community: h.community,
    pdu: { type: h.pduType, requestId: h.requestId, errorStatus, errorIndex, varbinds },
  };
}

/** Reads the version of any SNMP message, or throws. */
export function peekVersion(buf: Buffer): number {
  return openMessage(buf).version;
}

export function decodeCommunityMessage(buf: Buffer): CommunityMessage {
  return decodeCommunityBody(buf, decodeCommunityHeader(buf));
}

export interface V3Report {
  msgId: number;
  engineId: Buffer;
  engineBoots: number;
  engineTime: number;
}

/** The parts of an SNMPv3 reply that discovery needs (header and USM parameters). */
export function decodeV3Header(buf: Buffer): V3Report {
  const { inner, version } = openMessage(buf);
  if (version !== 3) throw new BerError('not a v3 message');
  const hd = inner.expect(0x30);
  const hr = new Reader(buf, hd.start, hd.end);
  const msgId = hr.int();
  inner.pos = hd.end;
  const sec = inner.octets();
  const sr = new Reader(sec, 0, sec.length);
  const s = sr.expect(0x30);
  const usm = new Reader(sec, s.start, s.end);
  const engineId = usm.octets();
  const engineBoots = usm.int();
  const engineTime = usm.int();
  return { msgId, engineId: Buffer.from(engineId), engineBoots, engineTime };
}
