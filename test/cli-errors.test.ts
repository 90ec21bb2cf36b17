// Errors a person meets setting coverscan up are one line that says what to do, never a stack: a port
// already in use, an agent whose URL scheme does not match the collector's TLS, a certificate it cannot
// verify, a target list with nothing in it, a sweep far larger than a /16.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selfSignedCert } from '../packages/collector/test/self-signed';
import { agentCli, run } from './agent-harness';
import { type Collector, coverscan, serve, stop } from './collector-process';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-errors-'));

/** Exactly one line on stderr, with no stack frame in it. */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |node:internal|Error:/);
  return lines[0];
}

describe('coverscan serve on a port already in use', () => {
  let holder: Server;
  let port: number;
  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((r) => holder.listen(0, '127.0.0.1', () => r()));
    port = (holder.address() as { port: number }).port;
  });
  afterAll(() => holder.close());

  it('says the address is in use and how to choose another, in one line', () => {
    // An existing database, so the only line is the error (a new one is announced on stderr first).
    expect(coverscan(['enroll', 'create', '--db', join(dir, 'busy.db')]).code).toBe(0);
    const r = coverscan(['serve', '--db', join(dir, 'busy.db'), '--listen', `127.0.0.1:${port}`]);
    expect(r.code).toBe(1);
    const line = oneLine(r.stderr);
    expect(line).toContain(`127.0.0.1:${port} is already in use`);
    expect(line).toContain('--listen');
  });
});

describe('coverscan-agent against a collector whose TLS it does not expect', () => {
  const { cert, key } = selfSignedCert(dir, 'collector');
  const state = join(dir, 'agent-state');
  const once = (url: string, ...extra: string[]) =>
    run(agentCli, [
      'once',
      '--no-collect',
      '--collector',
      url,
      '--enroll-secret',
      'x',
      '--state-dir',
      state,
      ...extra,
    ]);
  let tls: Collector;
  let plain: Collector;
  beforeAll(async () => {
    tls = await serve(join(dir, 'tls.db'), ['--tls-cert', cert, '--tls-key', key]);
    plain = await serve(join(dir, 'plain.db'));
  });
  afterAll(async () => {
    await stop(tls);
    await stop(plain);
  });

  it('ws:// to the TLS port: says the collector speaks TLS and to use wss://', () => {
    const insecure = tls.url.replace(/^wss:/, 'ws:');
    const r = once(insecure);
    expect(r.code).toBe(1);
    expect(oneLine(r.stderr)).toContain(`use --collector ${tls.url}`);
  });

  it('wss:// to a plain port: says the collector does not speak TLS and to use ws://', () => {
    const r = once(plain.url.replace(/^ws:/, 'wss:'));
    expect(r.code).toBe(1);
    const line = oneLine(r.stderr);
    expect(line).toMatch(/does not speak TLS/);
    expect(line).toContain(`use --collector ${plain.url}`);
  });

  it('a certificate it cannot verify: names --ca; a --ca that does not vouch for it: says so', () => {
    const r = once(tls.url);
    expect(r.code).toBe(1);
    // It names the certificate the collector presented, and what to pass.
    expect(oneLine(r.stderr)).toMatch(
      /certificate CN=\S+ \(issued by CN=\S+\) cannot be verified.*--ca FILE/,
    );
    const other = selfSignedCert(dir, 'other').cert;
    const wrong = once(tls.url, '--ca', other);
    expect(wrong.code).toBe(1);
    expect(oneLine(wrong.stderr)).toContain(`does not chain to --ca ${other}`);
  });
});

describe('coverscan sweep targets', () => {
  it('a target file with no address says so, not that targets were excluded', () => {
    const empty = join(dir, 'targets.txt');
    writeFileSync(empty, '# the lab switches, to be filled in\n\n');
    const r = coverscan(['sweep', `@${empty}`, '--db', join(dir, 'empty.db')]);
    expect(r.code).toBe(1);
    const line = oneLine(r.stderr);
    expect(line).toContain(`@${empty} lists no address`);
    expect(line).not.toMatch(/excluded/);
    expect(existsSync(join(dir, 'empty.db'))).toBe(false);
  });

  it('more than a /16 is refused without --yes, saying how many addresses', () => {
    const db = join(dir, 'big.db');
    const r = coverscan(['sweep', '127.0.0.0/15', '--db', db]);
    expect(r.code).toBe(1);
    const line = oneLine(r.stderr);
    expect(line).toContain('131,070 addresses');
    expect(line).toContain('--yes');
    expect(existsSync(db)).toBe(false);
  });
});
