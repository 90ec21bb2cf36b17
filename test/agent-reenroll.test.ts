// A machine's agent over its life: revoked, told so and what to do, enrolled again the way it is told,
// and still one machine. Real `coverscan serve` and `coverscan-agent` processes, a real SQLite file.
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agentOnce, collectorCli, query, run, serve, setup, stop, until } from './agent-harness';

describe('a revoked agent', () => {
  it('is told it was revoked and how to enroll again, its attempt is logged, and enrolling again keeps the machine', async () => {
    const { dir, db, secret, state } = setup();
    const c = await serve(db);
    let log = '';
    c.proc.stderr!.on('data', (d) => {
      log += d;
    });
    expect(agentOnce(c.url, state, secret).code).toBe(0);
    const [{ id }] = query<{ id: string }>(db, 'SELECT id FROM agents');
    expect(run(collectorCli, ['agents', '--db', db, '--revoke', id]).code).toBe(0);

    const refused = agentOnce(c.url, state, secret);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/revoked on \d{4}-\d{2}-\d{2}/);
    expect(refused.stderr).toContain('coverscan enroll create');
    expect(refused.stderr).toContain(`delete ${join(state, 'agent.json')}`);
    expect(refused.stderr).toContain('--state-dir NEW_DIR');
    // The collector logged who tried, and counts it where `coverscan agents` shows it.
    await until('the refusal in the collector log', () => log.includes('"revokedAgent"'));
    const line = log
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((l) => l.code === 'revoked');
    expect(line).toMatchObject({ revokedAgent: id, hostname: hostname(), level: 40 });
    const agents = JSON.parse(run(collectorCli, ['agents', '--db', db, '--json']).stdout) as {
      id: string;
      refused: number;
      lastRefused: string | null;
    }[];
    expect(agents.find((a) => a.id === id)).toMatchObject({ refused: 1, lastRefused: expect.any(String) });
    expect(run(collectorCli, ['agents', '--db', db]).stdout.split('\n')[0]).toMatch(
      /revoked\s+tried since\s+last tried/,
    );

    // Doing what it was told: a new secret and a new state directory.
    const fresh = run(collectorCli, ['enroll', 'create', '--db', db]).stdout.trim();
    expect(agentOnce(c.url, join(dir, 'new-state'), fresh).code).toBe(0);
    const rows = query<{ kind: string; agent_id: string }>(
      db,
      "SELECT kind, agent_id FROM assets WHERE kind = 'endpoint'",
    );
    // This machine once, now under the new agent (its OS machine id says it is the same machine).
    expect(rows).toHaveLength(1);
    expect(rows[0].agent_id).not.toBe(id);
    expect(query(db, 'SELECT id FROM agents')).toHaveLength(2);
    await stop(c.proc);
  }, 120_000);
});
