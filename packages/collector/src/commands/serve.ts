// `coverscan serve [--db FILE] [--listen HOST:PORT] [--tls-cert F --tls-key F]`
import { hostname } from 'node:os';
import type { PolicyId } from '@coverscan/shared';
import type { Command } from 'commander';
import { COMMAND_SUMMARIES } from '../command-summaries';
import { mountDashboard } from '../dashboard/dashboard';
import { cliSweepLauncher } from '../dashboard/sweep-launcher';
import { dbFile, dbHelp } from '../db-option';
import { commandLine } from '../invocation';
import { startJobScheduler } from '../job-scheduler';
import { listenError, parseListen } from '../listen-address';
import { stderrLogger } from '../logger';
import { policyOption } from '../policy-option';
import { registerReportWorker } from '../server/report-worker';
import { startServer } from '../server/server';
import { ensureFirstAdmin } from '../web/first-admin';
import { openStore } from '../with-store';

interface ServeOpts {
  db?: string;
  listen: string;
  tlsCert?: string;
  tlsKey?: string;
  rate: string;
  burst: string;
  heartbeatMs: string;
  reportInterval: string;
  workers: string;
  apiToken?: string;
  policy?: PolicyId;
  allowHost: string[];
  maxConnections: string;
  maxConnectionsPerAddress: string;
  helloTimeoutMs: string;
}

export function registerServe(program: Command): void {
  registerReportWorker(program);
  program
    .command('serve')
    .description(COMMAND_SUMMARIES.serve.summary)
    .option('--db <file>', dbHelp)
    .option(
      '--listen <host:port>',
      'address to listen on (port 0: any free port; 0.0.0.0:7443 for agents on other hosts)',
      '127.0.0.1:7443',
    )
    .option('--tls-cert <file>', 'PEM certificate: serve wss:// and https://')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--rate <n>', 'messages per second allowed per connection', '100')
    .option('--burst <n>', 'burst of messages allowed above --rate', '200')
    .option('--heartbeat-ms <n>', 'ping interval; a peer that misses one pong is closed', '30000')
    .option('--report-interval <sec>', 'how often agents are told to report', '3600')
    .option('--workers <n>', 'threads that parse and prepare reports (0: none)', '1')
    .option(
      '--api-token <token>',
      'deprecated: one shared bearer token for the HTTP API (default $COVERSCAN_API_TOKEN); use coverscan token create',
    )
    .option(
      '--allow-host <name>',
      'a name the HTTP API answers to (repeatable; loopback names, IP addresses and the --listen host always)',
      (v: string, all: string[]) => [...all, v],
      [] as string[],
    )
    .option('--max-connections <n>', 'open connections in all; more are answered 503', '50000')
    .option(
      '--max-connections-per-address <n>',
      'open connections from one address; more are answered 429',
      '5000',
    )
    .option(
      '--hello-timeout-ms <n>',
      'a connection that has not authenticated by then is closed (4005)',
      '10000',
    )
    .addOption(policyOption())
    .action(async (opts: ServeOpts) => {
      if (!!opts.tlsCert !== !!opts.tlsKey) throw new Error('--tls-cert and --tls-key go together');
      const { host, port } = parseListen(opts.listen);
      const file = dbFile(opts.db);
      const log = stderrLogger();
      const store = openStore(opts.db, 'create');
      const judging = store.useJudging(opts.policy);
      const due = store.settings.pending(judging);
      const num = (s: string, name: string) => {
        const n = Number(s);
        if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, got "${s}"`);
        return n;
      };
      // Before the server takes the write lock's busy timeout away (server.ts): this may wait for a sweep.
      const password = await ensureFirstAdmin(store);
      const sweeps = cliSweepLauncher(process.argv[1], file, store);
      const srv = await startServer({
        store,
        log,
        host,
        port,
        tls: opts.tlsCert && opts.tlsKey ? { cert: opts.tlsCert, key: opts.tlsKey } : undefined,
        rate: num(opts.rate, '--rate'),
        burst: num(opts.burst, '--burst'),
        heartbeatMs: num(opts.heartbeatMs, '--heartbeat-ms'),
        reportIntervalSec: num(opts.reportInterval, '--report-interval'),
        workers: opts.workers === '0' ? 0 : Math.floor(num(opts.workers, '--workers')),
        apiToken: opts.apiToken || process.env.COVERSCAN_API_TOKEN || undefined,
        allowHosts: opts.allowHost,
        maxConnections: Math.floor(num(opts.maxConnections, '--max-connections')),
        maxConnectionsPerAddress: Math.floor(
          num(opts.maxConnectionsPerAddress, '--max-connections-per-address'),
        ),
        helloTimeoutMs: num(opts.helloTimeoutMs, '--hello-timeout-ms'),
        mountWeb: mountDashboard({ store, log, sweeps }),
      }).catch((e: Error) => {
        store.close();
        throw listenError(e, host, port);
      });
      const active = store.listEnrollSecrets().filter((s) => !s.revokedAt).length;
      console.log(`coverscan collector listening on ${srv.url}`);
      console.log(`  dashboard: ${srv.httpUrl}/`);
      console.log(
        `  HTTP API: ${srv.httpUrl}/api (log in: POST /api/login, or a token: coverscan token create)`,
      );
      if (password) {
        // Shown this once: only its hash is stored.
        console.log(`  first start: created user admin with password ${password}`);
        console.log('  (shown once; a new one: coverscan admin reset-password)');
      }
      if (opts.apiToken || process.env.COVERSCAN_API_TOKEN)
        console.log('  --api-token is deprecated: make a token per script with coverscan token create');
      console.log(`  database: ${file} (schema version ${store.schemaVersion})`);
      console.log(
        `  verdicts: catalog ${judging.version} (${judging.origin}), policy ${judging.policyId}${due ? `; re-judging ${due} stored assets in the background` : ''}`,
      );
      console.log('To enroll an agent:');
      if (!active) console.log('  (no enrollment secret yet)');
      console.log(`  ${commandLine('coverscan', 'enroll', 'create', '--db', file)}       # prints a secret`);
      // Listening on every interface: agents need a name they can reach, not 0.0.0.0.
      const reach = /^wss?:\/\/(0\.0\.0\.0|\[::\])(?=:)/.test(srv.url)
        ? srv.url.replace(/(0\.0\.0\.0|\[::\])(?=:)/, hostname())
        : srv.url;
      console.log(
        `  ${commandLine('coverscan-agent', 'once', '--collector', reach, '--enroll-secret', 'SECRET')}`,
      );
      log.info({ url: srv.url, db: file }, 'listening');
      const jobs = startJobScheduler(store, file, log);
      let stopping = false;
      const stop = (sig: string) => {
        if (stopping) return;
        stopping = true;
        log.info({ signal: sig }, 'shutting down');
        // Sweeps started from the dashboard are interrupted (and record it) before the server goes.
        void Promise.all([jobs.close(), sweeps.stopAll().then(() => srv.close())]).then(() => {
          store.close();
          process.exit(0);
        });
      };
      process.on('SIGINT', () => stop('SIGINT'));
      process.on('SIGTERM', () => stop('SIGTERM'));
    });
}
