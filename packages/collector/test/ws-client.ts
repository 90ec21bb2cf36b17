// A small promise-based WebSocket client for tests: messages queue up until a test takes them.
import type { CollectorMessage } from '@coverscan/shared';
import WebSocket from 'ws';

export interface TestClient {
  ws: WebSocket;
  send(msg: unknown): void;
  sendRaw(data: string | Buffer): void;
  /** The next message from the collector (rejects after `ms`). */
  next(ms?: number): Promise<CollectorMessage>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

export async function connect(url: string, opts: WebSocket.ClientOptions = {}): Promise<TestClient> {
  const ws = new WebSocket(url, opts);
  const inbox: CollectorMessage[] = [];
  const waiters: ((m: CollectorMessage) => void)[] = [];
  ws.on('message', (d) => {
    const m = JSON.parse(d.toString()) as CollectorMessage;
    const w = waiters.shift();
    if (w) w(m);
    else inbox.push(m);
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  ws.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    send: (m) => ws.send(JSON.stringify(m)),
    sendRaw: (d) => ws.send(d),
    next: (ms = 10_000) => {
      const m = inbox.shift();
      if (m) return Promise.resolve(m);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`no message within ${ms} ms`)), ms);
        waiters.push((x) => {
          clearTimeout(t);
          resolve(x);
        });
      });
    },
    closed,
    close: () => ws.close(),
  };
}

export function hello(extra: Record<string, unknown>) {
  return { type: 'hello', protocol: 1, agentVersion: '0.1.0', hostname: 'test-host', ...extra };
}
