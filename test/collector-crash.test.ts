// The collector SIGKILLed in the middle of a stream of reports, then restarted: every acked report is
// in the database, and the unacked ones, re-sent by the clients, are stored exactly once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Store } from '../packages/collector/src/store/store';
import { generateInventory } from '../packages/collector/test/inventory-generator';
import { connect, hello, type TestClient } from '../packages/collector/test/ws-client';
import { type Collector, coverscan, serve, stop } from './collector-process';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-crash-'));
const db = join(dir, 'crash.db');
const running: Collector[] = [];
afterAll(async () => {
  for (const c of running) await stop(c, 'SIGKILL');
});

const AGENTS = 4;
const PER_AGENT = 40;

function storedIds(): Set<string> {
  const raw = Store.open(db);
  try {
    return new Set(
      (raw.db.prepare('SELECT report_id FROM reports').all() as { report_id: string }[]).map(
        (r) => r.report_id,
      ),
    );
  } finally {
    raw.close();
  }
}

describe('collector killed mid-stream', () => {
  it('keeps every acked report and stores each re-sent one once', async () => {
    const secret = coverscan(['enroll', 'create', '--db', db]).stdout.trim();
    expect(secret).toMatch(/^cse_/);
    const first = await serve(db, ['--rate', '1000', '--burst', '1000']);
    running.push(first);

    // Each agent enrolls, then streams its reports without waiting for acks.
    const agents: {
      id: string;
      key: string;
      c: TestClient;
      reports: { reportId: string; seed: number }[];
    }[] = [];
    for (let a = 0; a < AGENTS; a++) {
      const c = await connect(first.url);
      c.send(hello({ enrollSecret: secret, hostname: `crash-${a}` }));
      const w = await c.next();
      if (w.type !== 'welcome' || !w.nodeKey) throw new Error(JSON.stringify(w));
      const reports = Array.from({ length: PER_AGENT }, (_, i) => ({
        reportId: `crash-${a}-${i.toString().padStart(3, '0')}`,
        seed: a * 1000 + i,
      }));
      agents.push({ id: w.agentId, key: w.nodeKey, c, reports });
    }
    const acked = new Set<string>();
    let killed = false;
    const killedAt = new Promise<void>((resolve) => {
      for (const ag of agents)
        ag.c.ws.on('message', (d) => {
          const m = JSON.parse(d.toString());
          if (m.type === 'ack' && !killed) {
            acked.add(m.reportId);
            if (acked.size >= 25) {
              killed = true;
              first.proc.kill('SIGKILL');
              resolve();
            }
          }
        });
    });
    for (let i = 0; i < PER_AGENT; i++)
      for (const ag of agents) {
        const inv = generateInventory(ag.reports[i].seed, { software: 300 });
        ag.c.send({ type: 'report', reportId: ag.reports[i].reportId, inventory: inv });
      }
    await killedAt;
    await Promise.all(agents.map((ag) => ag.c.closed));
    const ackedAtKill = new Set(acked);
    expect(ackedAtKill.size).toBeGreaterThanOrEqual(25);
    expect(ackedAtKill.size).toBeLessThan(AGENTS * PER_AGENT);

    // Every acked report survived the kill.
    const afterKill = storedIds();
    for (const id of ackedAtKill) expect(afterKill.has(id), `acked report ${id} lost`).toBe(true);

    // Restart; each agent reconnects with its node key and re-sends what was not acked — and, like an
    // agent that died before it processed its acks, a few that were.
    const second = await serve(db, ['--rate', '1000', '--burst', '1000']);
    running.push(second);
    const resent: string[] = [];
    await Promise.all(
      agents.map(async (ag) => {
        const c = await connect(second.url);
        c.send(hello({ agentId: ag.id, nodeKey: ag.key }));
        expect((await c.next()).type).toBe('welcome');
        const todo = ag.reports.filter((r, i) => !ackedAtKill.has(r.reportId) || i < 3);
        for (const r of todo) {
          c.send({
            type: 'report',
            reportId: r.reportId,
            inventory: generateInventory(r.seed, { software: 300 }),
          });
          resent.push(r.reportId);
        }
        const got = new Set<string>();
        while (got.size < todo.length) {
          const m = await c.next(20_000);
          expect(m.type).toBe('ack');
          if (m.type === 'ack') got.add(m.reportId);
        }
        c.close();
      }),
    );
    expect(resent.some((id) => ackedAtKill.has(id))).toBe(true);

    const raw = Store.open(db);
    const total = raw.db.prepare('SELECT count(*) n, count(DISTINCT report_id) d FROM reports').get() as {
      n: number;
      d: number;
    };
    expect(total).toEqual({ n: AGENTS * PER_AGENT, d: AGENTS * PER_AGENT });
    // One endpoint per agent, however often it reported.
    const endpoints = raw.db
      .prepare("SELECT agent_id, count(*) n FROM assets WHERE kind = 'endpoint' GROUP BY agent_id")
      .all();
    raw.close();
    expect(endpoints).toHaveLength(AGENTS);
    expect(endpoints.every((e) => (e as { n: number }).n === 1)).toBe(true);
    expect(await stop(second)).toBe(0);
  }, 120_000);
});
