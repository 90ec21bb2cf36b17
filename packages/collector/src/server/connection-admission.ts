// Caps on open TCP connections, total and per source address, checked when a socket is accepted
// (before TLS, HTTP or WebSocket cost anything: server.ts accepts on a plain net.Server and hands the
// admitted sockets to the HTTP server). A socket over a cap is answered `503` (total) or
// `429` (per address) with the reason and closed; over TLS, where no plain answer can be read, it is
// only closed. Each refusal is counted for /api/health.
import type { Socket } from 'node:net';

export interface AdmissionLimits {
  maxConnections: number;
  maxPerAddress: number;
}

export class ConnectionAdmission {
  private readonly perAddress = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private open = 0;
  readonly counters = { refusedTotalCap: 0, refusedAddressCap: 0 };

  constructor(
    private readonly limits: AdmissionLimits,
    private readonly tls: boolean,
  ) {}

  get openConnections(): number {
    return this.open;
  }

  /** Counts an accepted socket (true), or answers and closes it when a cap is reached (false). */
  admit(socket: Socket): boolean {
    const address = socket.remoteAddress ?? '';
    const mine = this.perAddress.get(address) ?? 0;
    if (this.open >= this.limits.maxConnections) {
      this.counters.refusedTotalCap++;
      this.refuse(socket, 503, `too many connections: the collector holds ${this.open}, its cap`);
      return false;
    }
    if (mine >= this.limits.maxPerAddress) {
      this.counters.refusedAddressCap++;
      this.refuse(socket, 429, `too many connections from ${address}: ${mine} open, the cap per address`);
      return false;
    }
    this.open++;
    this.perAddress.set(address, mine + 1);
    this.sockets.add(socket);
    socket.once('close', () => {
      this.sockets.delete(socket);
      this.open--;
      const n = (this.perAddress.get(address) ?? 1) - 1;
      if (n > 0) this.perAddress.set(address, n);
      else this.perAddress.delete(address);
    });
    return true;
  }

  /** Shutting down: every admitted socket still open is cut. */
  destroyAll(): void {
    for (const s of this.sockets) s.destroy();
  }

  private refuse(socket: Socket, status: 503 | 429, reason: string): void {
    if (this.tls) return void socket.destroy();
    const body = `${reason}\n`;
    const phrase = status === 503 ? 'Service Unavailable' : 'Too Many Requests';
    socket.end(
      `HTTP/1.1 ${status} ${phrase}\r\nRetry-After: 30\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
    // A peer that never reads its answer is not kept.
    setTimeout(() => socket.destroy(), 1000).unref();
  }
}
