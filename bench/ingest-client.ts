// The ingest benchmark's load generator: one TCP connection speaking just enough WebSocket (RFC 6455) to
// act as an agent — upgrade, masked text frames out, text/ping/close frames in. It runs on the same 2
// cores as the collector, so it must cost little: frames are prebuilt Buffers sent without copying
// (mask key 0, which the protocol allows and which the server unmasks like any other), and it keeps no
// per-message machinery beyond parsing the collector's small replies.
import { type Socket, connect as tcp } from 'node:net';
import type { CollectorMessage } from '../packages/shared/src/index';

const UPGRADE_END = Buffer.from('\r\n\r\n');

/** The header of a client text frame (FIN, opcode 1) of `len` bytes, masked with key 0. */
function header(opcode: number, len: number): Buffer {
  if (len < 126) return Buffer.from([0x80 | opcode, 0x80 | len, 0, 0, 0, 0]);
  if (len < 65536) {
    const h = Buffer.alloc(8);
    h[0] = 0x80 | opcode;
    h[1] = 0x80 | 126;
    h.writeUInt16BE(len, 2);
    return h;
  }
  const h = Buffer.alloc(14);
  h[0] = 0x80 | opcode;
  h[1] = 0x80 | 127;
  h.writeBigUInt64BE(BigInt(len), 2);
  return h;
}

export class BenchAgent {
  private buf: Buffer = Buffer.alloc(0);
  private upgraded = false;
  private readonly inbox: CollectorMessage[] = [];
  private readonly waiters: { ok: (m: CollectorMessage) => void; fail: (e: Error) => void }[] = [];
  private closedErr: Error | null = null;

  private constructor(private readonly sock: Socket) {}

  /** Connects and completes the WebSocket upgrade. */
  static open(host: string, port: number): Promise<BenchAgent> {
    return new Promise((resolve, reject) => {
      const sock = tcp({ host, port, noDelay: true });
      const a = new BenchAgent(sock);
      let opened = false;
      sock.on('connect', () =>
        sock.write(
          `GET / HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
            'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: Y292ZXJzY2FuLWJlbmNoIQ==\r\n\r\n',
        ),
      );
      sock.on('data', (d: Buffer) => {
        a.buf = a.buf.length ? Buffer.concat([a.buf, d]) : d;
        if (!a.upgraded) {
          const end = a.buf.indexOf(UPGRADE_END);
          if (end < 0) return;
          const head = a.buf.subarray(0, end).toString('latin1');
          if (!head.startsWith('HTTP/1.1 101')) {
            sock.destroy();
            return reject(new Error(`upgrade refused: ${head.split('\r\n')[0]}`));
          }
          a.upgraded = true;
          opened = true;
          a.buf = a.buf.subarray(end + 4);
          resolve(a);
        }
        a.parse();
      });
      sock.on('error', (e) => {
        if (!opened) reject(e);
        a.fail(e);
      });
      sock.on('close', () => a.fail(new Error('connection closed')));
    });
  }

  private fail(e: Error): void {
    this.closedErr ??= e;
    for (const w of this.waiters.splice(0)) w.fail(e);
  }

  /** Takes every complete frame out of the buffer. The collector's frames are unmasked and small. */
  private parse(): void {
    for (;;) {
      const b = this.buf;
      if (b.length < 2) return;
      const opcode = b[0] & 0x0f;
      let len = b[1] & 0x7f;
      let at = 2;
      if (len === 126) {
        if (b.length < 4) return;
        len = b.readUInt16BE(2);
        at = 4;
      } else if (len === 127) {
        if (b.length < 10) return;
        len = Number(b.readBigUInt64BE(2));
        at = 10;
      }
      if (b.length < at + len) return;
      const payload = b.subarray(at, at + len);
      this.buf = b.subarray(at + len);
      if (opcode === 1) {
        const m = JSON.parse(payload.toString()) as CollectorMessage;
        const w = this.waiters.shift();
        if (w) w.ok(m);
        else this.inbox.push(m);
      } else if (opcode === 9) {
        this.frame(0xa, Buffer.from(payload));
      } else if (opcode === 8) {
        this.sock.end();
      }
    }
  }

  private frame(opcode: number, payload: Buffer): void {
    if (this.sock.destroyed) return;
    this.sock.cork();
    this.sock.write(header(opcode, payload.length));
    // Key 0: the masked payload is the payload itself (not copied; the caller keeps it unchanged
    // until the reply arrives).
    this.sock.write(payload);
    this.sock.uncork();
  }

  /** A text frame; `payload` must stay unchanged until the collector has answered it. */
  send(payload: Buffer | string): void {
    this.frame(1, typeof payload === 'string' ? Buffer.from(payload) : payload);
  }

  next(ms = 60_000): Promise<CollectorMessage> {
    const m = this.inbox.shift();
    if (m) return Promise.resolve(m);
    if (this.closedErr) return Promise.reject(this.closedErr);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
      this.waiters.push({
        ok: (x) => {
          clearTimeout(t);
          resolve(x);
        },
        fail: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
    });
  }

  /** The closing handshake: close frame (1000); the collector answers and ends the connection. */
  close(): void {
    this.frame(8, Buffer.from([0x03, 0xe8]));
  }

  terminate(): void {
    this.sock.destroy();
  }
}
