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
    const duringHang = ids().length;
    expect(duringHang).toBeGreaterThanOrEqual(5);
    expect(spooled(state).length).toBeGreaterThanOrEqual(duringHang); // one may be spooled since
    expect(reportIds(db)).toEqual([]);

    // The real collector takes the address: everything spooled during the hang goes, and what
    // follows too.
    for (const c of hung.clients) c.terminate();
    await new Promise((r) => hung.close(r));
    const c = await serve(db, port);
    await until('every report made during the hang to be stored', () =>
      ids()
        .slice(0, duringHang)
        .every((id) => reportIds(db).includes(id)),
    );
    expect(Date.now() - hangStart).toBeLessThan(25_000);
    await stop(agent);
    const stored = reportIds(db);
    expect(new Set(stored).size).toBe(stored.length);
    const waiting = spooled(state).map((f) => f.slice(14, -5));
    // None lost, nothing the agent did not make (a report acked as the agent stopped may be both
    // stored and still spooled: it goes again and the collector stores it once).
    expect([...new Set([...stored, ...waiting])].sort()).toEqual(ids().sort());
    expect(log()).not.toMatch(/\n\s+at /); // no stack trace
    await stop(c.proc);
  }, 60_000);

  it('stops at once on SIGTERM while a connection to it hangs', async () => {
    const { secret, state } = setup();
    const port = await freePort();
    const hung = new WebSocketServer({ host: '127.0.0.1', port });
    let accepted = 0;
    hung.on('connection', () => accepted++);
    await new Promise((r) => hung.once('listening', r));
    const { proc: agent, ids } = agentRun(`ws://127.0.0.1:${port}`, secret, state);
    await until('the agent to connect and spool', () => accepted >= 1 && ids().length >= 1);
    const t0 = Date.now();
    const exited = new Promise<number | null>((r) => agent.once('exit', (code) => r(code)));
    agent.kill('SIGTERM');
    expect(await exited).toBe(0);
    // The collection under way is finished and spooled; the 30 s answer limit is not waited out.
    expect(Date.now() - t0).toBeLessThan(10_000);
    for (const c of hung.clients) c.terminate();
    await new Promise((r) => hung.close(r));
  }, 60_000);
});
