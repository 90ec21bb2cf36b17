// A sweeper whose spool holds more undelivered sweep parts than their bound does not start its next job:
// it tells the collector so in progress (which keeps the run's lease), and sweeps once the parts drain.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SweepProgressMessage } from '@coverscan/shared';
import { afterEach, describe, expect, it } from 'vitest';
import { Spool } from '../src/spool';
import { Sweeper } from '../src/sweeper';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function until(ok: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('sweeper and a full spool', () => {
  it('waits, saying so, while undelivered sweep parts exceed their bound; sweeps when they drain', async () => {
    dir = mkdtempSync(join(tmpdir(), 'sweeper-spool-'));
    const spool = new Spool(dir, { maxReports: 100, maxBytes: 1e9, maxSweepBytes: 1000 });
    // An earlier run's part, not yet acknowledged (the collector is down).
    spool.add('sweep-r6-p00001', JSON.stringify({ type: 'sweep_report', pad: 'x'.repeat(2000) }));
    const progress: SweepProgressMessage[] = [];
    const sweeper = new Sweeper(spool, {
      frameLimit: () => 1024 * 1024,
      progress: (p) => progress.push(p),
      spooled: () => {},
      log: () => {},
    });
    const parts = () => spool.list().filter((r) => r.reportId.startsWith('sweep-r7-'));
    try {
      sweeper.take({
        type: 'sweep_job',
        jobId: 3,
        runId: 7,
        // Loopback, a port nothing answers on: the sweep ends quickly with no responder.
        targets: ['127.0.0.1'],
        excludes: [],
        snmpPort: 16999,
        rate: 100,
        credentials: { communities: ['public'] },
      });
      await until(() => progress.length > 0, 5000);
      expect(progress[0]).toMatchObject({ runId: 7, waitingForSpool: true, probed: 0 });
      await new Promise((r) => setTimeout(r, 500));
      expect(parts()).toEqual([]);
      // Delivered and acknowledged: the job runs.
      spool.acked(spool.list()[0]);
      await until(() => parts().length > 0, 30_000);
      const part = JSON.parse(spool.read(parts()[0]));
      expect(part).toMatchObject({ type: 'sweep_report', runId: 7, part: 1 });
    } finally {
      await sweeper.close();
    }
  }, 60_000);
});
