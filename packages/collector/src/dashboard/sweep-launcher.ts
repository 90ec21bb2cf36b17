// Starting a sweep from the browser: the real `coverscan sweep` in a child process writing the same
// database (as it does beside `serve` from a shell), so the dashboard's sweep is the command line's, with
// its lock, pacing and interruption. Credentials — a stored profile (`coverscan credentials add`), opened
// here with the database's key, or a community typed for this sweep — travel in the child's environment,
// never on its command line (which any local user can read in ps) and never back to the browser; they go
// as a JSON array, so a community with a comma in it arrives whole. Each start makes a launch id that the
// child records in its sweeps row (sweep-launch.ts): two sweeps started at once each link to their own.
import { type ChildProcess, spawn } from 'node:child_process';
import { type Credentials, ENV } from '@coverscan/sweep/credentials';
import { parseTargets, TargetError } from '@coverscan/sweep/targets';
import {
  CredentialProfileError,
  credentialProfileId,
  openCredentialProfile,
} from '../store/credential-profiles';
import { loadKey, SecretError } from '../store/secret-box';
import type { Store } from '../store/store';
import { LAUNCH_ENV, newLaunchId, SWEEP_BY_LAUNCH_SQL } from '../sweep-launch';
import { HttpError } from '../web/http-error';

export interface SweepRequest {
  targets: string[];
  snmpPort: number;
  /** Null: the sweep's default (public, or COVERSCAN_SNMP_COMMUNITIES of the collector's environment). */
  credentials: { profile: string } | { community: string } | null;
}

/** The environment `coverscan sweep` reads credentials from (resolveCredentials), for these credentials. */
function credentialsEnv(c: Credentials): Record<string, string> {
  const env: Record<string, string> = {};
  if (c.communities.length) env[ENV.communitiesJson] = JSON.stringify(c.communities);
  if (c.v3) {
    env[ENV.v3User] = c.v3.user;
    if (c.v3.authProto) env[ENV.v3AuthProto] = c.v3.authProto;
    if (c.v3.authKey) env[ENV.v3AuthKey] = c.v3.authKey;
    if (c.v3.privProto) env[ENV.v3PrivProto] = c.v3.privProto;
    if (c.v3.privKey) env[ENV.v3PrivKey] = c.v3.privKey;
  }
  return env;
}

function profileCredentials(store: Store, dbFile: string, name: string): Credentials {
  try {
    return openCredentialProfile(store.db, loadKey(dbFile, false), credentialProfileId(store.db, name));
  } catch (e) {
    if (e instanceof CredentialProfileError || e instanceof SecretError)
      throw new HttpError(400, `credentials: ${e.message}`);
    throw e;
  }
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
      // The collector's own credential variables are not handed down: only the chosen ones count.
      const env: NodeJS.ProcessEnv = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !(Object.values(ENV) as string[]).includes(k)),
      );
      if (r.credentials && 'profile' in r.credentials)
        Object.assign(env, credentialsEnv(profileCredentials(store, dbFile, r.credentials.profile)));
      else if (r.credentials) env[ENV.communitiesJson] = JSON.stringify([r.credentials.community]);
      else
        for (const k of [ENV.communitiesJson, ENV.communities]) if (process.env[k]) env[k] = process.env[k];
      const launch = newLaunchId();
      env[LAUNCH_ENV] = launch;
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
        const row = store.db.prepare(SWEEP_BY_LAUNCH_SQL).get(before, launch) as { id: number } | undefined;
        if (row) return row.id;
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
