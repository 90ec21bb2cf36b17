// A full export downloaded as a browser or curl saves it: bytes off the socket, inflated when gzip, never
// decoded into one JS string while the clock runs (Node's fetch().text() spent 1.4–2.6 s of CPU doing that
// for 126 MB, time no user waits for). The body is checked afterwards, untimed: it must parse as JSON.
import { spawn } from 'node:child_process';
import { request } from 'node:http';
import { createGunzip } from 'node:zlib';

export interface Download {
  ms: number;
  status: number;
  /** Bytes on the wire (compressed, when gzip). */
  wire: number;
  /** Bytes of the body after inflating: what the user's file holds. */
  bytes: number;
  encoding: string;
  chunks: Buffer[];
}

/** GET `url` with node:http, asking for gzip as a browser does; the body's chunks are kept, not joined. */
export function download(url: string, headers: Record<string, string>): Promise<Download> {
  const s = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { ...headers, 'accept-encoding': 'gzip' } }, (res) => {
      const encoding = res.headers['content-encoding'] ?? 'identity';
      let wire = 0;
      res.on('data', (b: Buffer) => {
        wire += b.length;
      });
      // 1 MB out at a time (default 16 kB): ~7,700 trips to libuv's threads for 126 MB became ~120.
      const body = encoding === 'gzip' ? res.pipe(createGunzip({ chunkSize: 1 << 20 })) : res;
      const chunks: Buffer[] = [];
      let bytes = 0;
      body.on('data', (b: Buffer) => {
        chunks.push(b);
        bytes += b.length;
      });
      body.on('error', reject);
      body.on('end', () =>
        resolve({ ms: performance.now() - s, status: res.statusCode ?? 0, wire, bytes, encoding, chunks }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

/** The downloaded body parsed (untimed): how many rows the array holds; throws when it is not JSON. */
export function jsonRows(d: Download): number {
  const rows = JSON.parse(Buffer.concat(d.chunks).toString('utf8')) as unknown[];
  if (!Array.isArray(rows)) throw new Error('the export is not a JSON array');
  return rows.length;
}

export interface CurlRun {
  /** curl's own time_total: connect to the last byte written to /dev/null, inflating included. */
  ms: number;
  status: number;
  wire: number;
}

/** The same request by curl, the yardstick: `curl -s -o /dev/null --compressed -H 'authorization: …'`. */
export function curl(url: string, headers: Record<string, string>): Promise<CurlRun> {
  const args = ['-s', '-o', '/dev/null', '--compressed', '-w', '%{http_code} %{size_download} %{time_total}'];
  for (const [k, v] of Object.entries(headers)) args.push('-H', `${k}: ${v}`);
  return new Promise((resolve, reject) => {
    const p = spawn('curl', [...args, url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    p.stdout.on('data', (b) => {
      out += b;
    });
    p.on('error', reject);
    p.on('close', (code) => {
      const [status, wire, secs] = out.trim().split(' ').map(Number);
      if (code !== 0) reject(new Error(`curl exited ${code}: ${out}`));
      else resolve({ ms: secs * 1000, status, wire });
    });
  });
}
