// Runs the built `coverscan` CLI as a real process (built by `pnpm test` / scripts/build.mjs).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { tokenFor } from '../packages/collector/test/api-auth';

export const root = join(import.meta.dirname, '..');
export const cli = join(root, 'packages/collector/dist/coverscan.js');

export function coverscan(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like coverscan(), without blocking the event loop (a test that serves a hand-written agent meanwhile). */
export function coverscanAsync(args: string[], env: Record<string, string> = {}) {
  return new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env } });
    let stderr = '';
    p.stderr.on('data', (b) => {
      stderr += b;
    });
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

export interface Collector {
  proc: ChildProcess;
  url: string;
  httpUrl: string;
  /** An API token's Authorization header for this collector's database. */
  auth: () => { authorization: string };
  stdout: () => string;
  stderr: () => string;
}

/** Starts `coverscan serve` on an ephemeral loopback port and waits for its listen line. */
export function serve(db: string, extra: string[] = []): Promise<Collector> {
  const proc = spawn(process.execPath, [cli, 'serve', '--db', db, '--listen', '127.0.0.1:0', ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stderr!.on('data', (d) => {
    err += d;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`collector did not start:\n${out}\n${err}`)), 20_000);
    proc.on('exit', (code) => reject(new Error(`collector exited ${code}:\n${out}\n${err}`)));
    proc.stdout!.on('data', (d) => {
      out += d;
      const m = /listening on (wss?:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          proc,
          url: m[1],
          httpUrl: m[1].replace(/^ws/, 'http'),
          auth: () => tokenFor(db),
          stdout: () => out,
          stderr: () => err,
        });
      }
    });
  });
}

export function stop(c: Collector, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (c.proc.exitCode !== null || c.proc.signalCode !== null) return Promise.resolve(c.proc.exitCode);
  return new Promise((resolve) => {
    c.proc.once('exit', (code) => resolve(code));
    c.proc.kill(signal);
  });
}
