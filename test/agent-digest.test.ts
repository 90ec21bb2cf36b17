// Digest reports against the real collector: an unchanged inventory travels as its digest, a changed one
// in full, and a digest the collector does not hold is answered with inventory_needed and sent in full.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../packages/agent/src/spool';
import { reportFingerprint } from '../packages/shared/src/index';
import {
  agentCli,
  agentOnce,
  Database,
  ingest,
  query,
  reportIds,
  run,
  serve,
  setup,
  spooled,
  stop,
  withPhone,
} from './agent-harness';

const storedHash = (db: string) =>
  query<{ inventory_hash: string | null }>(db, 'SELECT inventory_hash FROM agents')[0].inventory_hash;

describe('agent digest reports', () => {
  it('sends the first report in full and an unchanged second one as its digest', async () => {
    const { db, secret, state } = setup();
    const c = await serve(db);
    const first = agentOnce(c.url, state, secret);
    expect(first.code).toBe(0);
    expect(await ingest(c.url)).toMatchObject({ fullReports: 1, digestReports: 0 });
    const h0 = storedHash(db);
    expect(h0).toBeTruthy();

    // A second collection of the same machine: only times differ, so only the digest travels.
    const second = agentOnce(c.url, state);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/delivered 1 report\(s\) .*\(1 unchanged, sent as digest\)/);
    expect(await ingest(c.url)).toMatchObject({
      connections: 2,
      fullReports: 1,
      digestReports: 1,
      inventoryNeeded: 0,
    });
    const ids = reportIds(db);
    expect(new Set(ids).size).toBe(2);
    expect(spooled(state)).toEqual([]);
    expect(storedHash(db)).toBe(h0);
    await stop(c.proc);
  });

  it('sends a changed inventory in full, and the next unchanged one in full again', async () => {
    const { db, secret, state } = setup();
    const c = await serve(db);
    expect(agentOnce(c.url, state, secret).code).toBe(0);
    const h0 = storedHash(db);
    const phone = withPhone('report-phone-0001');
    new Spool(join(state, 'spool')).add('report-phone-0001', phone);
    expect(run(agentCli, ['once', '--no-collect', '--collector', c.url, '--state-dir', state]).code).toBe(0);
    expect(await ingest(c.url)).toMatchObject({ fullReports: 2, digestReports: 0, inventoryNeeded: 0 });
    // The collector holds the phone inventory now, under exactly the digest the agent computes.
    expect(storedHash(db)).toBe(reportFingerprint(phone)?.hash);
    expect(reportIds(db)).toContain('report-phone-0001');

    // Phone unplugged: this machine as before, which the collector no longer holds: in full.
    expect(agentOnce(c.url, state).code).toBe(0);
    expect(await ingest(c.url)).toMatchObject({ fullReports: 3, digestReports: 0, inventoryNeeded: 0 });
    expect(storedHash(db)).toBe(h0);
    expect(spooled(state)).toEqual([]);
    await stop(c.proc);
  });

  it('follows the digest the welcome names, not one it remembers', async () => {
    const { db, secret, state } = setup();
    let c = await serve(db);
    expect(agentOnce(c.url, state, secret).code).toBe(0);
    const h0 = storedHash(db);
    await stop(c.proc);
    // The collector's record of this agent's inventory changes while it is down (say, restored from
    // a backup): its welcome names another digest, so the agent's unchanged inventory goes in full.
    const w = new Database(db);
    w.prepare('UPDATE agents SET inventory_hash = ?').run('a-digest-of-some-other-inventory');
    w.close();
    c = await serve(db);
    const r = agentOnce(c.url, state);
    expect(r.code).toBe(0);
    expect(await ingest(c.url)).toMatchObject({ fullReports: 1, digestReports: 0, inventoryNeeded: 0 });
    expect(storedHash(db)).toBe(h0);
    expect(reportIds(db)).toHaveLength(2);
    await stop(c.proc);
  });

  it('answers inventory_needed with the full report, stored once', async () => {
    const { db, secret, state } = setup();
    const c = await serve(db);
    expect(agentOnce(c.url, state, secret).code).toBe(0);
    const h0 = storedHash(db);
    // Spooled during an outage: a phone plugged in, then (the report `once` makes) unplugged again. The
    // agent names the digest the welcome gave for the unplugged one, but by the time it arrives the
    // collector is storing the phone inventory ahead of it: it asks for the report in full.
    const phone = withPhone('report-phone-0002');
    new Spool(join(state, 'spool')).add('report-phone-0002', phone, Date.now() - 60_000);
    const r = agentOnce(c.url, state);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/sending report [\w-]+ in full/);
    expect(r.stderr).toMatch(/delivered 2 report\(s\)/);
    expect(await ingest(c.url)).toMatchObject({ fullReports: 3, digestReports: 0, inventoryNeeded: 1 });
    const ids = reportIds(db);
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
    // The newest inventory (no phone) is what the collector holds, not the phone one before it.
    expect(storedHash(db)).toBe(h0);
    expect(spooled(state)).toEqual([]);
    await stop(c.proc);
  });
});
