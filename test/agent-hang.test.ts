// `coverscan-agent run` against a collector that hangs (issue 11): a real WebSocket server that
// accepts the connection and never answers. Collection keeps its own schedule meanwhile; once a real
// collector answers on that address, delivery catches up with every report made during the hang.
import { describe, expect, it } from 'vitest';
import {
  agentRun,
  freePort,
  reportIds,
  serve,
  setup,
  spooled,
  stop,
  until,
  WebSocketServer,
} from './agent-harness';

describe('agent run against a collector that hangs', () => {
  it('collects on schedule during the hang, then delivers every report', async () => {
    const { db, secret, state } = setup();
    const port = await freePort();
    const hung = new WebSocketServer({ host: '127.0.0.1', port });
    let accepted = 0;
    hung.on('connection', () => accepted++); // and never a word
    await new Promise((r) => hung.once('listening', r));

    const { proc: agent, ids, log } = agentRun(`ws://127.0.0.1:${port}`, secret, state);

    // 8 s of a collector that took the connection and says nothing (the agent's time limit for an
    // answer is 30 s): about 8 inventories at a 1 s interval, not the one before the hang.
    await until('the agent to connect', () => accepted >= 1);
    const hangStart = Date.now();
    await new Promise((r) => setTimeout(r, 8000));
    const duringHang = ids.length;
    expect(duringHang).toBeGreaterThanOrEqual(5);
    expect(spooled(state).length).toBeGreaterThanOrEqual(duringHang); // one may be spooled since
    expect(reportIds(db)).toEqual([]);

    // The real collector takes the address: everything spooled during the hang goes, and what
    // follows too.
    for (const c of hung.clients) c.terminate();
    await new Promise((r) => hung.close(r));
    const c = await serve(db, port);
    await until('every report made during the hang to be stored', () =>
      ids.slice(0, duringHang).every((id) => reportIds(db).includes(id)),
    );
    expect(Date.now() - hangStart).toBeLessThan(25_000);
    await stop(agent);
    const stored = reportIds(db);
    expect(new Set(stored).size).toBe(stored.length);
    const waiting = spooled(state).map((f) => f.slice(14, -5));
    expect([...stored, ...waiting].sort()).toEqual([...ids].sort());
    expect(log()).not.toMatch(/\n\s+at /); // no stack trace
    await stop(c.proc);
  }, 60_000);
});
