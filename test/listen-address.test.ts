// `serve --listen`: an address without a host is loopback, like serve's default; every interface only when
// asked for by name. Checked on the parser and on a real `coverscan serve` (connecting to another loopback
// address, 127.0.0.2, only succeeds when the server listens on every interface).
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseListen } from '../packages/collector/src/listen-address';
import { serve, stop } from './collector-process';

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

describe('--listen', () => {
  it('is loopback without a host, every interface only by name', () => {
    expect(parseListen(':7443')).toEqual({ host: '127.0.0.1', port: 7443 });
    expect(parseListen('7443')).toEqual({ host: '127.0.0.1', port: 7443 });
    expect(parseListen('0.0.0.0:7443')).toEqual({ host: '0.0.0.0', port: 7443 });
    expect(parseListen('[::]:7443')).toEqual({ host: '::', port: 7443 });
    expect(parseListen('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(() => parseListen(':99999')).toThrow(/HOST:PORT/);
  });

  it('serve --listen :0 answers on 127.0.0.1 and nowhere else; 0.0.0.0:0 on every interface', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'coverscan-listen-'));
    const short = await serve(join(dir, 'a.db'), ['--listen', ':0']);
    try {
      const url = new URL(short.httpUrl);
      expect(url.hostname).toBe('127.0.0.1');
      const port = Number(url.port);
      expect(await accepts('127.0.0.1', port)).toBe(true);
      expect(await accepts('127.0.0.2', port)).toBe(false);
    } finally {
      await stop(short);
    }
    // The contrast that makes the check above mean something: all interfaces do answer on 127.0.0.2.
    const all = await serve(join(dir, 'b.db'), ['--listen', '0.0.0.0:0']);
    try {
      const port = Number(/:(\d+)/.exec(all.url.replace(/^wss?:\/\//, ''))?.[1]);
      expect(await accepts('127.0.0.2', port)).toBe(true);
    } finally {
      await stop(all);
    }
  }, 60_000);
});
