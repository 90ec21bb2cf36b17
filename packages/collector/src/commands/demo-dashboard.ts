// `coverscan demo --serve` (`pnpm demo`): everything at once on loopback — the simulated branch office
// served, a collector with its dashboard on a fresh database in a temporary directory, this machine's
// agent enrolled and reported, the office swept — then the dashboard's URL and a one-time login. Ctrl-C
// (or SIGTERM) stops the collector and the simulated devices and removes the directory: no listener is
// left behind. Each part is the real command (`serve`, `enroll`, `sweep`, `coverscan-agent once`) in its
// own process, so the demo shows what an installation does.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { commandLine } from '../invocation';

/** The credentials profile the demo stores for its simulated office. */
const PROFILE = 'simulated-office';

export interface DashboardDemo {
  /** The simulated devices' range and UDP port (the network is already serving). */
  range: string;
  snmpPort: number;
  listen: string;
  /** Stops the simulated network. */
  closeNetwork: () => void;
}

/** The agent's bundle, beside the collector's in this repository (the demo runs from a checkout). */
function agentCli(): string | null {
  for (const rel of ['../../agent/dist/coverscan-agent.js', '../../../agent/dist/coverscan-agent.js']) {
    const file = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(file)) return file;
  }
  return null;
}

/** Runs a command to its end, its output on stderr (stdout is kept for the URL and the login); its stdout if asked. */
function step(file: string, args: string[], capture = false): Promise<{ code: number; out: string }> {
  console.error(
    `$ ${commandLine(file.endsWith('coverscan-agent.js') ? 'coverscan-agent' : 'coverscan', ...args)}`,
  );
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, ...args], {
      stdio: ['ignore', capture ? 'pipe' : process.stderr, process.stderr],
    });
    let out = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      out += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code: code ?? 1, out }));
  });
}

interface Serving {
  child: ChildProcess;
  wsUrl: string;
  httpUrl: string;
  password: string;
}

/** Starts `coverscan serve` and reads the URL and the first admin's password from what it prints. */
function startServe(db: string, listen: string): Promise<Serving> {
  const child = spawn(process.execPath, [process.argv[1], 'serve', '--db', db, '--listen', listen], {
    stdio: ['ignore', 'pipe', process.stderr],
    // The collector's JSON log would bury the demo's few lines: warnings and errors only, unless asked.
    env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  });
  return new Promise((resolve, reject) => {
    let wsUrl = '';
    let httpUrl = '';
    let password = '';
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      wsUrl ||= /listening on (wss?:\/\/\S+)/.exec(line)?.[1] ?? '';
      httpUrl ||= /dashboard: (https?:\/\/\S+?)\/?$/.exec(line)?.[1] ?? '';
      password ||= /with password (\S+)/.exec(line)?.[1] ?? '';
      if (line.startsWith('To enroll an agent')) {
        lines.close();
        child.stdout?.resume();
        if (wsUrl && httpUrl && password) resolve({ child, wsUrl, httpUrl, password });
        else reject(new Error('coverscan serve did not print its URL and first login'));
      }
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`coverscan serve exited with ${code}`)));
  });
}

export async function runDashboardDemo(d: DashboardDemo): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'coverscan-demo-'));
  const db = join(dir, 'coverscan-demo.db');
  let serve: ChildProcess | null = null;
  const cleanUp = async () => {
    if (serve && serve.exitCode === null && serve.signalCode === null) {
      const gone = new Promise((r) => serve?.once('exit', r));
      serve.kill('SIGINT');
      await gone;
    }
    d.closeNetwork();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const s = await startServe(db, d.listen);
    serve = s.child;
    // The simulated devices answer the community `public`: stored as a profile, as an installation would.
    const profile = await step(process.argv[1], [
      'credentials',
      'add',
      PROFILE,
      '--community',
      'public',
      '--db',
      db,
    ]);
    if (profile.code !== 0) throw new Error(`credentials add exited with ${profile.code}`);
    const secret = await step(process.argv[1], ['enroll', 'create', '--db', db, '--label', 'demo'], true);
    if (secret.code !== 0) throw new Error(`enroll create exited with ${secret.code}`);
    const agent = agentCli();
    if (agent) {
      const reported = await step(agent, [
        'once',
        '--collector',
        s.wsUrl,
        '--enroll-secret',
        secret.out.trim(),
        '--state-dir',
        join(dir, 'agent'),
      ]);
      if (reported.code !== 0)
        console.error(`(the agent exited with ${reported.code}: the demo goes on without it)`);
    } else console.error('(no coverscan-agent bundle beside this one: no agent reports in this demo)');
    const swept = await step(process.argv[1], [
      'sweep',
      d.range,
      '--snmp-port',
      String(d.snmpPort),
      '--db',
      db,
    ]);
    if (swept.code !== 0) throw new Error(`sweep exited with ${swept.code}`);
    console.log(`\nDashboard: ${s.httpUrl}/`);
    console.log(
      `Log in as admin with password ${s.password} (shown once; this demo's database is temporary)`,
    );
    console.log(
      `Sweep the simulated office again from the dashboard: targets ${d.range}, SNMP port ${d.snmpPort}`,
    );
    console.log('Ctrl-C stops everything.');
  } catch (e) {
    await cleanUp();
    throw e;
  }
  const exited = new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
    serve?.once('exit', (code) => resolve(`the collector exited (${code})`));
  });
  const why = await exited;
  await cleanUp();
  if (!why.startsWith('SIG')) throw new Error(why);
  console.error('demo stopped');
}
