// Assets that are no longer seen: stale after the collector's setting (shown, counted apart), removed by
// `coverscan assets prune` with an audit entry each. The built CLI on a real SQLite file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prepareFrame } from '../packages/collector/src/server/prepare-frame';
import { Store } from '../packages/collector/src/store/store';
import { generateInventory, sweptDeviceDraft } from '../packages/collector/test/inventory-generator';
import { coverscan } from './collector-process';

const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day).toISOString();

/** A ZTE router known by its sysObjectID alone. */
const router = (ip: string, name: string) =>
  sweptDeviceDraft(ip, name, null, { oid: '1.3.6.1.4.1.3902.3.100.11' });

/**
 * A ZTE router swept 60 days ago and not since, one swept today, and two agents: one that reported 60
 * days ago and stopped, one whose inventory was stored 60 days ago and that re-reports it unchanged daily.
 */
function fixture(): string {
  const db = join(mkdtempSync(join(tmpdir(), 'coverscan-life-')), 'life.db');
  const s = Store.open(db);
  s.ingestAssets([router('127.0.0.71', 'old-edge')], { source: 'sweep', at: ago(60) });
  s.ingestAssets([router('127.0.0.72', 'new-edge')], { source: 'sweep', at: ago(0) });
  for (const [agentId, seed] of [
    ['ag_gone', 11],
    ['ag_daily', 12],
  ] as const) {
    const frame = JSON.stringify({
      type: 'report',
      reportId: `first-${agentId}`,
      inventory: generateInventory(seed, { software: 20 }),
    });
    const p = prepareFrame(frame, agentId, s.identifyCache);
    if (p.kind !== 'report') throw new Error(JSON.stringify(p));
    s.db
      .prepare("INSERT INTO agents (id, node_key_hash, enrolled_at, last_seen) VALUES (?, 'x', ?, ?)")
      .run(agentId, ago(61), ago(61));
    s.ingestReport(agentId, p.reportId, `digest-${agentId}`, p.drafts, p.version, ago(60));
  }
  s.touchReport('ag_daily', 'daily-today', null, ago(0));
  // The old router's finding was accepted, with a reason, long ago.
  const old = s.reportRows().find((r) => r.hostname === 'old-edge')!;
  s.setFindingStatus(old.findingId!, 'accepted', 'ciso', 'lab equipment, waiver W-3');
  s.close();
  return db;
}

interface Row {
  id: number;
  hostname: string | null;
  kind: string;
  verdict: string;
  stale: boolean;
  agentId: string | null;
}
const json = (db: string) =>
  JSON.parse(coverscan(['report', '--db', db, '--format', 'json']).stdout) as Row[];

describe('assets that are no longer seen', () => {
  it('become stale after the configured time: shown, marked, counted apart from what is there now', () => {
    const db = fixture();
    const rows = json(db);
    const stale = (h: string) => rows.find((r) => r.hostname === h)?.stale;
    expect(stale('old-edge')).toBe(true);
    expect(stale('new-edge')).toBe(false);
    expect(stale('ws-11')).toBe(true); // its agent stopped reporting
    expect(stale('ws-12')).toBe(false); // re-reported unchanged today
    // Peripherals of the silent agent go stale with it.
    expect(rows.filter((r) => r.agentId === 'ag_gone').every((r) => r.stale)).toBe(true);
    const staleCount = rows.filter((r) => r.stale).length;

    const table = coverscan(['report', '--db', db]).stdout;
    expect(table).toMatch(/old-edge .*\(stale\)/);
    expect(table).toContain(
      `${rows.length - staleCount} asset(s) now: 1 covered, 0 review, ${rows.length - staleCount - 1} clear; ${staleCount} stale (not seen for 30d), not counted`,
    );
    expect(coverscan(['report', '--db', db, '--format', 'csv']).stdout.split('\n')[0]).toMatch(
      /,stale,why,site$/,
    );

    // A longer setting, kept in the database: nothing is stale any more.
    expect(coverscan(['assets', 'stale-after', '90d', '--db', db]).stdout).toMatch(
      /not seen for 90d are stale: 0 of/,
    );
    expect(json(db).some((r) => r.stale)).toBe(false);
    expect(coverscan(['assets', 'stale-after', 'soon', '--db', db]).code).not.toBe(0);
  });

  it('are removed by prune --older-than, each with an audit entry; the audit trail keeps their history', () => {
    const db = fixture();
    const before = json(db);
    const dry = coverscan(['assets', 'prune', '--older-than', '45d', '--dry-run', '--db', db]);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('old-edge');
    expect(dry.stderr).toMatch(/would be removed \(dry run/);
    expect(json(db)).toHaveLength(before.length);

    expect(coverscan(['assets', 'prune', '--older-than', '2h', '--db', db]).stderr).toMatch(
      /less than a day/,
    );
    const done = coverscan(['assets', 'prune', '--older-than', '45d', '--by', 'it-ops', '--db', db]);
    expect(done.code).toBe(0);
    const after = json(db);
    const gone = before.filter((r) => r.stale);
    expect(after.map((r) => r.id).sort()).toEqual(
      before
        .filter((r) => !r.stale)
        .map((r) => r.id)
        .sort(),
    );

    const s = Store.open(db);
    try {
      const log = s.auditLog();
      const pruned = log.filter((e) => e.action === 'pruned');
      expect(pruned.map((e) => e.assetId).sort()).toEqual(gone.map((r) => r.id).sort());
      const edge = pruned.find(
        (e) => (e.detail?.asset as { hostname: string } | undefined)?.hostname === 'old-edge',
      )!;
      expect(edge).toMatchObject({
        by: 'it-ops',
        from: 'covered',
        why: expect.stringMatching(/^not seen since /),
      });
      expect(edge.detail?.findings).toEqual([
        expect.objectContaining({ status: 'accepted', why: 'lab equipment, waiver W-3' }),
      ]);
      // The acceptance recorded before is still there, for the finding that no longer exists.
      expect(log.find((e) => e.action === 'status' && e.findingId === edge.findingId)).toMatchObject({
        to: 'accepted',
        by: 'ciso',
      });
      // The silent agent is asked for its whole inventory if it ever reports again.
      expect(s.db.prepare("SELECT inventory_hash h FROM agents WHERE id = 'ag_gone'").get()).toEqual({
        h: null,
      });
      expect(s.db.prepare("SELECT inventory_hash h FROM agents WHERE id = 'ag_daily'").get()).toEqual({
        h: 'digest-ag_daily',
      });
    } finally {
      s.close();
    }
  });
});
