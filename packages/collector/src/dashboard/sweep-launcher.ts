// Starting a sweep from the browser: the real `coverscan sweep` in a child process writing the same
// database (as it does beside `serve` from a shell), so the dashboard's sweep is the command line's, with
// its lock, pacing and interruption. The community travels in the child's environment, never on its
// command line (which any local user can read in ps) and never back to the browser.
import { type ChildProcess, spawn } from 'node:child_process';
import type { Store } from '../store/store';
import { ENV } from '../sweep/credentials';
import { parseTargets, TargetError } from '../sweep/targets';
import { HttpError } from '../web/http-error';

export interface SweepRequest {
  targets: string[];
  snmpPort: number;
  /** Null: the sweep's default (public, or COVERSCAN_SNMP_COMMUNITIES of the collector's environment). */
  community: string | null;
}

export interface SweepLauncher {
  /** Starts a sweep; resolves with its id once it is in the store. */
  start(r: SweepRequest): Promise<number>;
  /** Interrupts every sweep it started (the collector is stopping). */
  stopAll(): Promise<void>;
}

/** A target as typed: an address, CIDR or range. Not `@file` (a path on the collector), not an option. */
const TARGET = /^[0-9A-Fa-f][0-9A-Fa-f.:/-]*$/;
/** How long a started sweep has to store its row. */
const START_MS = 15_000;

export function cliSweepLauncher(cli: string, dbFile: string, store: Store): SweepLauncher {
  const children = new Set<ChildProcess>();
  return {
    async start(r) {
      const bad = r.targets.find((t) => !TARGET.test(t));
      if (bad !== undefined) throw new HttpError(400, `targets: "${bad}" is not an address, CIDR or range`);
      try {
        parseTargets(r.targets);
      } catch (e) {
        if (e instanceof TargetError) throw new HttpError(400, `targets: ${e.message}`);
        throw e;
      }
      const before = (store.db.prepare('SELECT ifnull(max(id), 0) id FROM sweeps').get() as { id: number })
        .id;
      const env = { ...process.env };
      if (r.community !== null) env[ENV.communities] = r.community;
      const args = [cli, 'sweep', '--db', dbFile, '--snmp-port', String(r.snmpPort), '--', ...r.targets];
      const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      children.add(child);
      let stderr = '';
      child.stderr?.setEncoding('utf8').on('data', (d: string) => {
        stderr = (stderr + d).slice(-4000);
      });
      let exit: number | null = null;
      child.on('exit', (code) => {
        exit = code ?? 1;
        children.delete(child);
      });
      child.on('error', () => {
        exit = 1;
        children.delete(child);
      });
      const deadline = Date.now() + START_MS;
      for (;;) {
        const row = store.db.prepare('SELECT min(id) id FROM sweeps WHERE id > ?').get(before) as {
          id: number | null;
        };
        if (row.id) return row.id;
        if (exit !== null) {
          const why = stderr.trim().split('\n').filter(Boolean).pop() ?? `exit ${exit}`;
          throw new HttpError(400, `the sweep did not start: ${why}`);
        }
        if (Date.now() > deadline) throw new HttpError(504, 'the sweep did not start within 15 s');
        await new Promise((res) => setTimeout(res, 100));
      }
    },
    async stopAll() {
      const waits = [...children].map(
        (c) =>
          new Promise<void>((res) => {
            c.once('exit', () => res());
            c.kill('SIGINT');
          }),
      );
      await Promise.all(waits);
    },
  };
}
