// The commands coverscan prints for the next step run as printed, however coverscan was started: as
// `node path/to/coverscan.js`, as `pnpm coverscan` from the repository, or as `coverscan` installed on
// PATH. Each hint is run through a POSIX shell exactly as printed (a database path with a space in it
// included); only the placeholders are filled in, and the agent gets a throwaway --state-dir so the
// test leaves this machine's own agent state alone.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Collector, cli, root, serve, stop } from './collector-process';

const dir = mkdtempSync(join(tmpdir(), 'coverscan hints '));
const db = join(dir, 'hint test.db');
let collector: Collector;

/** Runs a printed command line through sh, from the repository root. */
function sh(line: string, env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync('sh', ['-c', line], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 120_000,
  });
}

/** The agent hint with its placeholders filled and a state dir of its own. */
function agentLine(hint: string, secret?: string): string {
  const state = mkdtempSync(join(dir, 'agent-'));
  const filled = hint.replace(' URL ', ` ${collector.url} `);
  return `${secret ? filled.replace(/SECRET$/, secret) : filled} --state-dir '${state}'`;
}

/** The command a line of output suggests: from the first word of the command to a trailing comment. */
const hintIn = (out: string, first: RegExp): string => {
  const line = out.split('\n').find((l) => first.test(l));
  expect(line, `a hint matching ${first} in:\n${out}`).toBeDefined();
  return line!.replace(/^.*?(?=(pnpm |node |coverscan))/, '').replace(/\s+#.*$/, '');
};

beforeAll(async () => {
  collector = await serve(db);
  // serve() returns at the listening line; the hints follow it, perhaps in a later chunk.
  for (let i = 0; i < 200 && !/once --collector/.test(collector.stdout()); i++)
    await new Promise((r) => setTimeout(r, 50));
});
afterAll(async () => {
  if (collector) await stop(collector);
});

describe('hints run as printed', () => {
  it('started as node path/to/coverscan.js: serve prints commands that enroll an agent', () => {
    const enrollHint = hintIn(collector.stdout(), /enroll create/);
    expect(enrollHint).toMatch(/^node \S+coverscan\.js enroll create --db '[^']+hint test\.db'$/);
    const created = sh(enrollHint);
    expect(created.status, created.stderr).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^cse_/);
    const agentHint = hintIn(collector.stdout(), /once --collector/);
    expect(agentHint).toMatch(
      /^node \S+coverscan-agent\.js once --collector ws:\/\/127\.0\.0\.1:\d+ --enroll-secret SECRET$/,
    );
    const delivered = sh(agentLine(agentHint, secret));
    expect(delivered.stderr).toMatch(/delivered 1 report/);
    expect(delivered.status).toBe(0);
  }, 120_000);

  it('started as pnpm coverscan: the hints say pnpm coverscan-agent, and run from the repository', () => {
    const created = spawnSync('pnpm', ['coverscan', 'enroll', 'create', '--db', db], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(created.status, created.stderr).toBe(0);
    const hint = hintIn(created.stderr, /agents enroll with/);
    expect(hint).toMatch(/^pnpm coverscan-agent once --collector URL --enroll-secret cse_\S+$/);
    const delivered = sh(agentLine(hint));
    expect(delivered.stderr).toMatch(/delivered 1 report/);
    expect(delivered.status).toBe(0);
  }, 120_000);

  it('installed on PATH: the hints say coverscan and coverscan-agent', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(cli, join(bin, 'coverscan'));
    symlinkSync(join(root, 'packages/agent/dist/coverscan-agent.js'), join(bin, 'coverscan-agent'));
    const env = { PATH: `${bin}:${process.env.PATH}` };
    const created = sh(`coverscan enroll create --db '${db}'`, env);
    expect(created.status, created.stderr).toBe(0);
    const hint = hintIn(created.stderr, /agents enroll with/);
    expect(hint).toMatch(/^coverscan-agent once --collector URL --enroll-secret cse_\S+$/);
    const delivered = sh(agentLine(hint), env);
    expect(delivered.stderr).toMatch(/delivered 1 report/);
    expect(delivered.status).toBe(0);
  }, 120_000);
});
