// Hostile peers for the floor test and the flood benchmark, run as their own process so their CPU is not
// the collector's (`node --import tsx flood.ts URL KIND CONNECTIONS SECONDS`, prints what it sent as
// JSON). The strangers connect from their own loopback address (default 127.0.0.66: another host, as an
// attacker would be; guessing is charged per address). Every kind is a stranger that never authenticates:
//   nested  deeply nested 2 MB JSON frames (1.5 s for JSON.parse each), again on a new connection
//   large   16 KB text frames (the size that used to go to the report worker)
//   guess   hellos with wrong enrollment secrets, as fast as they are answered
//   idle    connections that send nothing, opened again when closed
//   mixed   each connection cycles through nested, large and guess
import WebSocket from 'ws';

export type FloodKind = 'nested' | 'large' | 'guess' | 'idle' | 'mixed';
const kinds: FloodKind[] = ['nested', 'large', 'guess', 'idle', 'mixed'];

const depth = 1_000_000;
const nestedFrame = Buffer.from(
  `{"type":"report","reportId":"flood-nested","inventory":{"software":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
);
const largeFrame = Buffer.from(
  JSON.stringify({ type: 'report', reportId: 'flood-large', pad: 'x'.repeat(16_384) }),
);
const guess = (i: number) =>
  JSON.stringify({
    type: 'hello',
    protocol: 1,
    agentVersion: '0.1.0',
    hostname: 'flood',
    enrollSecret: `cse_guess_${i}`,
  });

/** One connection's worth of hostility; resolves when the collector closed it (or after 15 s). */
function once(url: string, kind: Exclude<FloodKind, 'mixed'>, i: number, from: string): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { localAddress: from });
    const done = () => {
      clearTimeout(t);
      ws.terminate();
      resolve();
    };
    const t = setTimeout(done, 15_000);
    ws.on('error', done);
    ws.on('close', done);
    ws.on('unexpected-response', done);
    ws.on('open', () => {
      if (kind === 'nested') ws.send(nestedFrame, { binary: false });
      else if (kind === 'large') ws.send(largeFrame, { binary: false });
      else if (kind === 'guess') ws.send(guess(i));
    });
  });
}

/** `connections` loops of `kind` until `seconds` have passed; returns how many connections each made. */
export async function flood(
  url: string,
  kind: FloodKind,
  connections: number,
  seconds: number,
  from = '127.0.0.66',
) {
  const end = Date.now() + seconds * 1000;
  const sent: number[] = Array(connections).fill(0);
  await Promise.all(
    sent.map(async (_, c) => {
      for (let i = 0; Date.now() < end; i++) {
        const k = kind === 'mixed' ? (['nested', 'large', 'guess'] as const)[(c + i) % 3] : kind;
        await once(url, k, c * 1_000_000 + i, from);
        sent[c]++;
      }
    }),
  );
  return { kind, connections, seconds, opened: sent.reduce((a, b) => a + b, 0) };
}

if (process.argv[1] === import.meta.filename) {
  const [url, kind, n, secs, from] = process.argv.slice(2);
  if (!url || !kinds.includes(kind as FloodKind)) {
    console.error(`usage: flood.ts URL ${kinds.join('|')} CONNECTIONS SECONDS [FROM-ADDRESS]`);
    process.exit(2);
  }
  flood(url, kind as FloodKind, Number(n ?? 8), Number(secs ?? 10), from).then((r) =>
    console.log(JSON.stringify(r)),
  );
}
