// `coverscan-agent run` against the real collector: one WebSocket session held across collections,
// unchanged inventories sent as digests over it, and a reconnect after the collector restarts.
import { describe, expect, it } from 'vitest';
import { agentRun, freePort, ingest, reportIds, serve, setup, spooled, stop, until } from './agent-harness';

describe('agent run loop', () => {
  it('holds one connection across collections and reconnects after a collector restart', async () => {
    const { db, secret, state } = setup();
    const port = await freePort();
    // Pings every second: a held connection must answer them or be closed. (200 ms closed it in loaded CI
    // runs, where judging an inventory holds the agent's event loop longer than two pings.)
    const heartbeat = ['--heartbeat-ms', '1000'];
    let c = await serve(db, port, heartbeat);
    const { proc: agent, ids, log } = agentRun(c.url, secret, state);

    await until('3 reports stored', () => reportIds(db).length >= 3);
    // Three reports, one connection: the first in full, the unchanged ones after it as digests.
    const before = await ingest(c.url);
    expect(before.connections).toBe(1);
    expect(before.fullReports).toBe(1);
    expect(before.digestReports).toBeGreaterThanOrEqual(2);
    expect(before.inventoryNeeded).toBe(0);

    // Outage: the agent keeps collecting into its spool and retrying.
    await stop(c.proc);
    const storedBefore = reportIds(db).length;
    await until('2 reports spooled during the outage', () => spooled(state).length >= 2);
    c = await serve(db, port, heartbeat);
    await until('the spool to drain', () => spooled(state).length === 0);
    const afterDrain = reportIds(db).length;
    expect(afterDrain).toBeGreaterThanOrEqual(storedBefore + 2);
    // And it stays connected on the new collector while more reports arrive.
    await until('2 more reports', () => reportIds(db).length >= afterDrain + 2);
    const after = await ingest(c.url);
    expect(after.connections).toBe(1);
    // The restarted collector still holds the inventory: everything, backlog included, was a digest.
    expect(after.fullReports).toBe(0);
    expect(after.digestReports).toBeGreaterThanOrEqual(4);
    expect(log()).toMatch(/connection closed/);

    await stop(agent);
    const stored = reportIds(db);
    const waiting = spooled(state).map((f) => f.slice(14, -5));
    // None lost, none stored twice, nothing the agent did not make.
    expect(new Set(stored).size).toBe(stored.length);
    expect([...stored, ...waiting].sort()).toEqual(ids().sort());
    await stop(c.proc);
  }, 60_000);
});
