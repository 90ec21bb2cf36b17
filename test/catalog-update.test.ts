// `coverscan catalog update FILE` while `coverscan serve` runs on the same database: real processes, a
// real SQLite file, agents' reports over real WebSocket connections.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { raisedCatalog, withoutEntries, writeBundle } from '../packages/collector/test/catalog-versions';
import { generateInventory } from '../packages/collector/test/inventory-generator';
import { connect, hello } from '../packages/collector/test/ws-client';
import type { Inventory } from '../packages/shared/src/inventory';
import { type Collector, coverscan, serve, stop } from './collector-process';

const dir = mkdtempSync(join(tmpdir(), 'coverscan-catalog-'));
const db = join(dir, 'c.db');
let collector: Collector | undefined;
afterAll(async () => {
  if (collector) await stop(collector);
});

interface Row {
  id: number;
  kind: string;
  verdict: string;
  entity: string | null;
  location: string | null;
  change?: { from: { verdict: string }; to: { verdict: string }; catalogFrom: string; catalogTo: string };
}
const rows = (...args: string[]) =>
  JSON.parse(coverscan(['report', '--db', db, '--format', 'json', ...args]).stdout) as Row[];
/** The catalog in use (the first row of `catalog show`), its policy and how many verdicts are due. */
const show = () => {
  const [now] = JSON.parse(coverscan(['catalog', 'show', '--db', db, '--json']).stdout) as {
    version: string;
    inUse: boolean;
    policy: string;
    verdictsDue: number;
  }[];
  expect(now.inUse).toBe(true);
  return { catalog: now.version, policy: now.policy, due: now.verdictsDue };
};

/** A workstation with a DJI drone's remote controller on USB. */
const pilot = (seed: number) => generateInventory(seed, { djiController: true });

async function reportAs(url: string, secret: string, inv: Inventory, reportId: string) {
  const c = await connect(url);
  c.send(hello({ enrollSecret: secret, hostname: inv.host.hostname }));
  expect((await c.next()).type).toBe('welcome');
  c.send({ type: 'report', reportId, inventory: inv });
  expect(await c.next()).toEqual({ type: 'ack', reportId });
  c.close();
}

const controller = (host: string) => rows().find((r) => r.location === `USB on ${host}`);

describe('a catalog update while the collector serves', () => {
  it('re-judges what is stored, is listed by --changed-since, and the collector judges new reports with it', async () => {
    // The catalog as it stood before the FCC added DJI (2025-12-22).
    const before = writeBundle(
      join(dir, 'before.json'),
      raisedCatalog(1, withoutEntries('fcc-covered', ['dji', 'autel'])),
    );
    const after = writeBundle(join(dir, 'after.json'), raisedCatalog(2));
    const secret = coverscan(['enroll', 'create', '--db', db]).stdout.trim();
    const installed = coverscan(['catalog', 'update', before, '--db', db]);
    expect(installed.code).toBe(0);
    const oldVersion = show().catalog;

    collector = await serve(db);
    const c = collector;
    await until(() => c.stdout().includes(`verdicts: catalog ${oldVersion} (installed), policy default`));
    await reportAs(collector.url, secret, pilot(1), 'catalog-r1');
    expect(controller('ws-1')).toMatchObject({ verdict: 'review', entity: 'dji' });

    const upd = coverscan(['catalog', 'update', after, '--db', db]);
    expect(upd.code).toBe(0);
    // The serving collector does the re-judging (one writer); the command waits for it and sums it up.
    expect(upd.stderr).toContain(`collector serving this database (pid ${collector.proc.pid})`);
    expect(upd.stderr).toMatch(/1 verdict\(s\) changed/);
    const newVersion = show().catalog;
    expect(newVersion).not.toBe(oldVersion);
    expect(controller('ws-1')).toMatchObject({ verdict: 'covered', entity: 'dji' });

    const moved = rows('--changed-since', oldVersion);
    expect(moved.map((r) => [r.location, r.change?.from.verdict, r.change?.to.verdict])).toEqual([
      ['USB on ws-1', 'review', 'covered'],
    ]);
    expect(moved[0].change).toMatchObject({ catalogFrom: oldVersion, catalogTo: newVersion });
    const table = coverscan(['report', '--db', db, '--changed-since', oldVersion]).stdout;
    expect(table).toMatch(/review dji\s+covered dji/);

    // The running collector follows: a new report is judged with the installed catalog.
    await reportAs(collector.url, secret, pilot(2), 'catalog-r2');
    await until(() => controller('ws-2')?.verdict === 'covered' && show().due === 0);

    // Installing the same file again is refused, and changes nothing.
    const again = coverscan(['catalog', 'update', after, '--db', db]);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/in use already/);
  }, 120_000);
});

async function until(cond: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}
