// Head-of-line blocking in the spool (issue 11), with real processes: a report over the collector's
// frame limit is cut to fit (and says what was cut), files that are not reports (empty, truncated,
// junk) go to spool/rejected with a log line, and everything behind them is delivered in the same
// attempt. The limit is the one the collector's welcome names (a ws server with a small one),
// else the protocol's (the real collector).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  agentCli,
  agentOnce,
  freePort,
  procs,
  reportIds,
  serve,
  setup,
  spooled,
  stop,
  WebSocketServer,
} from './agent-harness';

/** This machine's real inventory, with `packages` dpkg packages as a big desktop has them. */
function report(reportId: string, packages: number): string {
  const inv = JSON.parse(
    spawnSync(process.execPath, [agentCli, 'inventory', '--json'], { encoding: 'utf8' }).stdout,
  ).inventory;
  inv.software = Array.from({ length: packages }, (_, i) => ({
    name: `libexample-component${i}-common-dev`,
    version: `2.${i % 40}.${i % 7}-1ubuntu0.22.04.${i % 5}`,
    publisher: 'Ubuntu Developers <ubuntu-devel-discuss@lists.ubuntu.com>',
    package: `libexample-component${i}-common-dev`,
    source: 'dpkg',
  }));
  return JSON.stringify({ type: 'report', reportId, inventory: inv });
}

/** `once --no-collect`, run beside this process's event loop (the test's ws server answers it). */
function deliverSpool(url: string, state: string): Promise<{ status: number | null; stderr: string }> {
  const p = spawn(
    process.execPath,
    [agentCli, 'once', '--no-collect', '--collector', url, '--state-dir', state],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  procs.push(p);
  let stderr = '';
  p.stderr!.on('data', (d: Buffer) => {
    stderr += d;
  });
  return new Promise((resolve) => p.on('exit', (status) => resolve({ status, stderr })));
}

describe('a spool with poisoned files and a report over the frame limit', () => {
  it('delivers everything deliverable in one attempt, sets the rest aside with a line each', async () => {
    const { db, secret, state } = setup();
    const c = await serve(db);
    expect(agentOnce(c.url, state, secret).code).toBe(0); // enrolled, spool empty
    const spool = join(state, 'spool');
    const big = report('big-19500-packages', 19_500);
    expect(Buffer.byteLength(big)).toBeGreaterThan(4 * 1024 * 1024); // the issue's 4.3 MB
    const good = report('good-after-poison', 800);
    const files: [string, string][] = [
      ['0000000001000-empty-00001.json', ''],
      ['0000000002000-truncated-0002.json', good.slice(0, good.length >> 1)],
      ['0000000003000-big-19500-packages.json', big],
      ['0000000004000-junk-000000004.json', 'PK\u0003\u0004 not a report'],
      ['0000000005000-good-after-poison.json', good],
    ];
    for (const [f, text] of files) writeFileSync(join(spool, f), text, { mode: 0o600 });

    const r = await deliverSpool(c.url, state);
    expect(r.status).toBe(0);
    // Both reports stored in this one attempt; nothing left in the queue.
    expect(reportIds(db)).toEqual(expect.arrayContaining(['big-19500-packages', 'good-after-poison']));
    expect(spooled(state)).toEqual([]);
    // The poisoned files are kept for a person, each named in the log with why.
    expect(readdirSync(join(spool, 'rejected')).sort()).toEqual([files[0][0], files[1][0], files[3][0]]);
    expect(r.stderr).toMatch(/spooled report empty-00001 cannot be sent \(empty file\)/);
    expect(r.stderr).toMatch(/spooled report truncated-0002 cannot be sent \(truncated or not JSON\)/);
    expect(r.stderr).toMatch(/spooled report junk-000000004 cannot be sent \(truncated or not JSON\)/);
    // The big one says what was cut to fit the protocol's 4 MiB.
    expect(r.stderr).toMatch(
      /report big-19500-packages is \d+ bytes, over the collector's 4194304-byte frame limit: sent with software: 19500 → \d+/,
    );
    await stop(c.proc);
  }, 90_000);
});

describe("the collector's frame limit from welcome", () => {
  it('fits a report under the limit the collector names, not the protocol default', async () => {
    const { state } = setup();
    mkdirSync(join(state, 'spool'), { recursive: true });
    writeFileSync(
      join(state, 'agent.json'),
      JSON.stringify({ agentId: 'agent-small-frames', nodeKey: 'k'.repeat(43), collector: '' }),
    );
    const limit = 256 * 1024;
    const port = await freePort();
    // A collector with a 256 KB frame limit: says so in welcome, closes on anything bigger (1009).
    const wss = new WebSocketServer({ host: '127.0.0.1', port, maxPayload: limit });
    const frames: string[] = [];
    wss.on('connection', (ws) =>
      ws.on('message', (data) => {
        const m = JSON.parse(String(data));
        if (m.type === 'hello')
          ws.send(
            JSON.stringify({
              type: 'welcome',
              agentId: 'agent-small-frames',
              settings: { reportIntervalSec: 3600 },
              maxFrameBytes: limit,
            }),
          );
        else {
          frames.push(String(data));
          ws.send(JSON.stringify({ type: 'ack', reportId: m.reportId }));
        }
      }),
    );
    await new Promise((r) => wss.once('listening', r));
    writeFileSync(join(state, 'spool', '0000000001000-one-megabyte.json'), report('one-megabyte', 4000));

    const r = await deliverSpool(`ws://127.0.0.1:${port}`, state);
    expect(r.status).toBe(0);
    expect(frames).toHaveLength(1);
    expect(Buffer.byteLength(frames[0])).toBeLessThanOrEqual(limit);
    const sent = JSON.parse(frames[0]).inventory;
    expect(sent.software.length).toBeGreaterThan(100);
    expect(sent.software.length).toBeLessThan(4000);
    expect(sent.errors).toContainEqual(
      expect.objectContaining({
        collector: 'frame-limit',
        message: expect.stringContaining('software: 4000 →'),
      }),
    );
    expect(spooled(state)).toEqual([]);
    await new Promise((r) => wss.close(r));
  }, 60_000);
});
