// The dashboard's sweep launcher (the real `coverscan sweep` in a child process, as `serve` runs it) against
// snmpsim on loopback: a community with a comma in it reaches the device whole, typed for one sweep or stored
// in a credentials profile; two sweeps started at the same moment each come back with their own run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sim, startSnmpsim } from '../../sweep/test/sweep-sim';
import { cliSweepLauncher, type SweepLauncher } from '../src/dashboard/sweep-launcher';
import { addCredentialProfile } from '../src/store/credential-profiles';
import { loadKey } from '../src/store/secret-box';
import { Store } from '../src/store/store';

const cli = new URL('../dist/coverscan.js', import.meta.url).pathname;
const port = 17621;
/** Two communities' worth of text if anything splits it on the comma: neither half is served. */
const community = 'pub,lic';
let sim: Sim;
let dir: string;
let file: string;
let store: Store;
let launcher: SweepLauncher;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coverscan-launcher-'));
  file = join(dir, 'c.db');
  store = Store.open(file);
  launcher = cliSweepLauncher(cli, file, store);
  sim = await startSnmpsim(
    [
      { address: '127.88.7.1', file: 'huawei-switch.snmprec', communities: [community] },
      { address: '127.88.7.2', file: 'cisco-switch.snmprec', communities: [community] },
      { address: '127.88.7.3', file: 'hikvision-camera.snmprec', communities: [community] },
    ],
    port,
  );
});
afterAll(async () => {
  await launcher?.stopAll();
  await sim?.stop();
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The sweep's row once it has ended, with the assets it stored (by IP). */
async function finished(id: number) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const row = store.db.prepare('SELECT targets, status, settings FROM sweeps WHERE id = ?').get(id) as {
      targets: string;
      status: string;
      settings: string;
    };
    if (row.status !== 'running' || Date.now() > deadline) {
      const ips = (
        store.db
          .prepare(
            "SELECT DISTINCT a.ip FROM assets a JOIN observations o ON o.asset_id = a.id WHERE o.sweep_id = ? AND a.kind = 'network-device'",
          )
          .all(id) as { ip: string }[]
      ).map((r) => r.ip);
      return {
        targets: JSON.parse(row.targets) as string[],
        status: row.status,
        ips,
        settings: row.settings,
      };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

const verdictOf = (ip: string) =>
  (
    store.db.prepare("SELECT verdict FROM assets WHERE ip = ? AND kind = 'network-device'").get(ip) as
      | { verdict: string }
      | undefined
  )?.verdict;

describe('the dashboard sweep launcher', () => {
  it('passes a community containing a comma whole, typed for the sweep', async () => {
    const id = await launcher.start({ targets: ['127.88.7.1'], snmpPort: port, credentials: { community } });
    const s = await finished(id);
    expect(s.status).toBe('done');
    expect(s.ips).toEqual(['127.88.7.1']);
    expect(verdictOf('127.88.7.1')).toBe('covered');
    // The community itself is stored nowhere, only how many there were.
    expect(s.settings).not.toContain('pub');
    expect(JSON.parse(s.settings).communities).toBe(1);
  });

  it('passes a community containing a comma whole, from a stored credentials profile', async () => {
    addCredentialProfile(
      store.db,
      loadKey(file, true),
      'comma-office',
      { communities: ['wrong', community] },
      new Date().toISOString(),
    );
    const id = await launcher.start({
      targets: ['127.88.7.3'],
      snmpPort: port,
      credentials: { profile: 'comma-office' },
    });
    const s = await finished(id);
    expect(s.status).toBe('done');
    expect(s.ips).toEqual(['127.88.7.3']);
    expect(JSON.parse(s.settings).communities).toBe(2);
  });

  it('gives each of two sweeps started at once its own run', async () => {
    const asked = [['127.88.7.1'], ['127.88.7.2']];
    for (let round = 0; round < 3; round++) {
      const ids = await Promise.all(
        asked.map((targets) => launcher.start({ targets, snmpPort: port, credentials: { community } })),
      );
      expect(new Set(ids).size).toBe(2);
      const runs = await Promise.all(ids.map(finished));
      // Each start's row is the sweep of what that start asked for (re-swept devices are unchanged, so
      // their rows hold no new observations to tell them apart by: the targets do).
      expect(runs.map((r) => r.targets)).toEqual(asked);
      expect(runs.map((r) => r.status)).toEqual(['done', 'done']);
    }
  });
});
