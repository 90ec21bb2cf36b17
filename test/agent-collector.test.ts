// The agent against the real collector: real `coverscan serve` and `coverscan-agent` processes, a real
// SQLite file, real WebSocket connections on loopback.
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Spool } from '../packages/agent/src/spool';
import { selfSignedCert } from '../packages/collector/test/self-signed';
import {
  agentCli,
  agentOnce,
  collectorCli,
  freePort,
  procs,
  query,
  reportIds,
  run,
  serve,
  setup,
  spooled,
  stop,
  until,
  withPhone,
} from './agent-harness';

describe('agent ↔ collector', () => {
  it('enrolls, reports, gets an ack, and the collector stores this machine', async () => {
    const { db, secret, state } = setup();
    const c = await serve(db);
    const first = agentOnce(c.url, state, secret);
    expect(first.stderr).toMatch(/delivered 1 report/);
    expect(first.code).toBe(0);
    expect(statSync(join(state, 'agent.json')).mode & 0o777).toBe(0o600);
    expect(spooled(state)).toEqual([]);

    // Second contact: the stored node key, no secret.
    const second = agentOnce(c.url, state);
    expect(second.code).toBe(0);
    const agents = query<{ id: string; hostname: string }>(db, 'SELECT id, hostname FROM agents');
    expect(agents).toHaveLength(1);
    expect(agents[0].hostname).toBe(hostname());
    expect(
      query<{ n: number }>(db, 'SELECT count(*) AS n FROM reports WHERE agent_id = ?', agents[0].id)[0].n,
    ).toBe(2);
    const endpoints = query<{ hostname: string }>(db, "SELECT hostname FROM assets WHERE kind = 'endpoint'");
    expect(endpoints).toEqual([{ hostname: hostname() }]); // two reports, one asset
    await stop(c.proc);
  });

  it('exits non-zero when the collector refuses it, and keeps the report', async () => {
    const { db, secret, state } = setup();
    const c = await serve(db);
    const bad = run(agentCli, [
      'once',
      '--collector',
      c.url,
      '--enroll-secret',
      'cse_wrong',
      '--state-dir',
      state,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/bad_secret/);
    expect(spooled(state)).toHaveLength(1);
    expect(reportIds(db)).toEqual([]);

    // Enrolled, then revoked: refused too.
    const ok = agentOnce(c.url, state, secret);
    expect(ok.code).toBe(0);
    expect(reportIds(db)).toHaveLength(2); // the kept one and the new one
    const agentId = query<{ id: string }>(db, 'SELECT id FROM agents')[0].id;
    expect(run(collectorCli, ['agents', '--db', db, '--revoke', agentId]).code).toBe(0);
    const revoked = agentOnce(c.url, state);
    expect(revoked.code).toBe(2);
    expect(revoked.stderr).toMatch(/revoked/);
    await stop(c.proc);
  });

  it('exits 1 when no collector answers, keeping the report for later', () => {
    const { state, secret } = setup();
    const r = run(agentCli, [
      'once',
      '--collector',
      'ws://127.0.0.1:9',
      '--enroll-secret',
      secret,
      '--state-dir',
      state,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot reach collector/);
    expect(spooled(state)).toHaveLength(1);
  });

  it('a Huawei phone on USB becomes its own covered asset attached to the workstation', async () => {
    const { db, secret, state } = setup();
    const c = await serve(db);
    // First a real report (enrolls), then an inventory of this machine with a phone plugged in.
    expect(agentOnce(c.url, state, secret).code).toBe(0);
    new Spool(join(state, 'spool')).add('report-phone-0001', withPhone('report-phone-0001'));
    expect(run(agentCli, ['once', '--no-collect', '--collector', c.url, '--state-dir', state]).code).toBe(0);
    const rows = query<{ kind: string; verdict: string; entity: string; attached: string }>(
      db,
      `SELECT a.kind, a.verdict, a.entity, w.hostname AS attached FROM assets a JOIN assets w ON a.attached_to = w.id`,
    );
    expect(rows).toEqual([
      { kind: 'peripheral', verdict: 'covered', entity: 'huawei', attached: hostname() },
    ]);
    await stop(c.proc);
  });

  it('spooled reports survive an agent restart and a collector outage: each arrives once', async () => {
    const { db, secret, state } = setup();
    const port = await freePort();
    const url = `ws://127.0.0.1:${port}`;
    const args = [
      'run',
      '--collector',
      url,
      '--enroll-secret',
      secret,
      '--state-dir',
      state,
      '--interval',
      '0.5',
      '--backoff-min',
      '0.2',
      '--backoff-max',
      '1',
    ];
    const ids: string[] = [];
    const start = () => {
      const p = spawn(process.execPath, [agentCli, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
      procs.push(p);
      p.stderr!.on('data', (d: Buffer) => {
        for (const m of d.toString().matchAll(/inventory ([\w-]+) spooled/g)) ids.push(m[1]);
      });
      return p;
    };
    // Collector down: the agent spools on schedule and retries; then it is stopped and restarted.
    let agent = start();
    await until('3 spooled reports', () => spooled(state).length >= 3);
    await stop(agent);
    agent = start();
    await until('a 4th report after restart', () => ids.length >= 4);
    expect(spooled(state).length).toBeGreaterThanOrEqual(4);
    // Collector up on the port the agent keeps trying.
    const c = await serve(db, port);
    await until(
      'the spool to drain',
      () => spooled(state).length === 0 && reportIds(db).length >= ids.length,
    );
    await stop(agent);
    const stored = reportIds(db);
    // A report made in the instant before the stop may still wait in the spool, and one stopped between
    // the collector's commit and its ack stays spooled too (it is sent again and stored once); none is
    // lost, none is stored twice, nothing is stored that the agent did not make.
    const waiting = spooled(state).map((f) => f.slice(14, -5));
    expect(new Set(stored).size).toBe(stored.length);
    expect([...new Set([...stored, ...waiting])].sort()).toEqual([...new Set(ids)].sort());
    expect(stored.length).toBeGreaterThanOrEqual(4);
    await stop(c.proc);
  }, 60_000);

  it('over wss:// accepts only a collector whose certificate chains to the pinned CA', async () => {
    const { dir, db, secret, state } = setup();
    const cert = (name: string) => selfSignedCert(dir, name).cert;
    const good = cert('collector');
    const other = cert('impostor');
    const c = await serve(db, 0, ['--tls-cert', good, '--tls-key', join(dir, 'collector.key')]);
    expect(c.url).toMatch(/^wss:\/\//);
    const base = ['once', '--collector', c.url, '--enroll-secret', secret, '--state-dir', state];
    const untrusted = run(agentCli, base);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/self[- ]signed|certificate/i);
    const wrongCa = run(agentCli, [...base, '--ca', other]);
    expect(wrongCa.code).toBe(1);
    const pinned = run(agentCli, [...base, '--ca', good]);
    expect(pinned.stderr).toMatch(/delivered 3 report/); // the two kept from the failed tries, and its own
    expect(pinned.code).toBe(0);
    expect(reportIds(db)).toHaveLength(3);
    await stop(c.proc);
  });

  it('a long spool after an outage is delivered in one go, every report acked once', async () => {
    const { db, secret, state } = setup();
    const c = await serve(db);
    const inv = JSON.parse(run(agentCli, ['inventory', '--json']).stdout).inventory;
    const spool = new Spool(join(state, 'spool'));
    const ids = Array.from({ length: 70 }, (_, i) => `report-backlog-${String(i).padStart(3, '0')}`);
    ids.forEach((id, i) => {
      spool.add(
        id,
        JSON.stringify({ type: 'report', reportId: id, inventory: { ...inv, durationMs: i } }),
        1000 + i,
      );
    });
    const r = run(agentCli, [
      'once',
      '--no-collect',
      '--collector',
      c.url,
      '--enroll-secret',
      secret,
      '--state-dir',
      state,
    ]);
    expect(r.stderr).toMatch(/delivered 70 report/);
    expect(r.code).toBe(0);
    expect(reportIds(db).sort()).toEqual(ids);
    expect(spooled(state)).toEqual([]);
    await stop(c.proc);
  });

  it('enrolls again when the collector no longer knows its node key and a secret is at hand', async () => {
    const first = setup();
    const c1 = await serve(first.db);
    expect(
      run(agentCli, [
        'once',
        '--collector',
        c1.url,
        '--enroll-secret',
        first.secret,
        '--state-dir',
        first.state,
      ]).code,
    ).toBe(0);
    const oldId = JSON.parse(readFileSync(join(first.state, 'agent.json'), 'utf8')).agentId;
    await stop(c1.proc);
    // A new collector database: the old agent id and node key mean nothing there.
    const second = setup();
    const c2 = await serve(second.db);
    const noSecret = agentOnce(c2.url, first.state);
    expect(noSecret.code).toBe(2);
    expect(noSecret.stderr).toMatch(/node_invalid/);
    const r = run(agentCli, [
      'once',
      '--collector',
      c2.url,
      '--enroll-secret',
      second.secret,
      '--state-dir',
      first.state,
    ]);
    expect(r.stderr).toMatch(/enrolling again/);
    expect(r.code).toBe(0);
    const newId = JSON.parse(readFileSync(join(first.state, 'agent.json'), 'utf8')).agentId;
    expect(newId).not.toBe(oldId);
    expect(query<{ id: string }>(second.db, 'SELECT id FROM agents')).toEqual([{ id: newId }]);
    expect(reportIds(second.db)).toHaveLength(2); // the one kept from the refused try, and its own
    await stop(c2.proc);
  });
});
