// State that cannot be saved (issue 11), with the real collector and agent processes. A state
// directory the agent cannot write (its spool still writable) gets one clear error and no enrollment,
// however often it runs. After node_invalid the old identity stays until a new one is saved.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentCli, query, serve, setup, stop } from './agent-harness';

// As root the agent runs as nobody: root writes through any mode bits.
const asRoot = process.getuid?.() === 0;
const NOBODY = 65534;

function agentOnce(url: string, state: string, secret: string) {
  const r = spawnSync(
    process.execPath,
    [agentCli, 'once', '--collector', url, '--enroll-secret', secret, '--state-dir', state],
    { encoding: 'utf8', timeout: 60_000, ...(asRoot ? { uid: NOBODY, gid: NOBODY } : {}) },
  );
  return { code: r.status, stderr: r.stderr };
}

/** A directory the agent owns (when it runs as nobody, nobody owns it). */
function own(dir: string, mode: number) {
  mkdirSync(dir, { recursive: true });
  if (asRoot) chownSync(dir, NOBODY, NOBODY);
  chmodSync(dir, mode);
}

const agents = (db: string) => query<{ n: number }>(db, 'SELECT count(*) n FROM agents')[0].n;

describe('a state directory the agent cannot write', () => {
  it('is one clear error, and no agent is enrolled however often it runs', async () => {
    const { dir, db, secret, state } = setup();
    chmodSync(dir, 0o755);
    own(state, 0o700);
    own(join(state, 'spool'), 0o700);
    chmodSync(state, 0o500); // read-only; spool/ inside stays writable
    const c = await serve(db);
    for (let i = 0; i < 2; i++) {
      const r = agentOnce(c.url, state, secret);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/cannot save this agent's identity in .*agent-state.*not enrolling/);
      expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace: not a crash
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(agents(db)).toBe(0);
    await stop(c.proc);
  }, 60_000);
});

describe('an agent the collector no longer knows (node_invalid)', () => {
  it('keeps its identity until the new one is saved', async () => {
    const { dir, db, secret, state } = setup();
    chmodSync(dir, 0o755);
    own(state, 0o700);
    const old = `${JSON.stringify({ agentId: 'a-forgotten', nodeKey: 'k'.repeat(43), collector: 'x' }, null, 2)}\n`;
    writeFileSync(join(state, 'agent.json'), old, { mode: 0o600 });
    if (asRoot) chownSync(join(state, 'agent.json'), NOBODY, NOBODY);
    const c = await serve(db);

    // Re-enrolling fails (the secret is wrong): the agent is left as it was.
    const bad = agentOnce(c.url, state, 'not-the-secret');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/enrolling again/);
    expect(readFileSync(join(state, 'agent.json'), 'utf8')).toBe(old);

    // It succeeds: the new identity replaces the old one, and the collector knows it.
    const good = agentOnce(c.url, state, secret);
    expect(good.code).toBe(0);
    const now = JSON.parse(readFileSync(join(state, 'agent.json'), 'utf8')) as { agentId: string };
    expect(now.agentId).not.toBe('a-forgotten');
    expect(query<{ id: string }>(db, 'SELECT id FROM agents').map((a) => a.id)).toEqual([now.agentId]);
    await stop(c.proc);
  }, 60_000);
});
