// `coverscan demo` is the newcomer's first run: the simulated branch office must come out with the
// findings a compliance officer expects from what its recordings contain.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const cli = new URL('../dist/coverscan.js', import.meta.url).pathname;

interface Row {
  ip: string | null;
  mac: string | null;
  hostname: string | null;
  kind: string;
  verdict: string;
  entity: string | null;
  location?: string | null;
  evidence: { field: string; value: string; rule: string }[];
}

describe('coverscan demo', () => {
  it('sweeps the simulated office and reports covered, review and clear assets with evidence', () => {
    const db = join(mkdtempSync(join(tmpdir(), 'coverscan-demo-')), 'demo.db');
    const r = spawnSync(process.execPath, [cli, 'demo', '--db', db, '--port', '17991', '--format', 'json'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Row[];
    const byHost = (h: string) => rows.find((x) => x.hostname === h);

    // Huawei router: sysObjectID under enterprise 2011.
    expect(byHost('branch-rtr-01')).toMatchObject({
      verdict: 'covered',
      entity: 'huawei',
      kind: 'network-device',
    });
    expect(byHost('branch-rtr-01')?.evidence.some((e) => e.value.includes('1.3.6.1.4.1.2011'))).toBe(true);
    // Hikvision camera with an empty sysObjectID: found through its private MIB.
    expect(byHost('cam-parking')).toMatchObject({ verdict: 'covered', entity: 'hikvision' });
    expect(byHost('cam-parking')?.evidence.some((e) => e.field.includes('39165'))).toBe(true);
    // Look-alikes and others stay clear.
    expect(byHost('dist-sw-01')?.verdict).toBe('clear');
    expect(byHost('ups-closet')?.verdict).toBe('clear');
    expect(byHost('access-sw-02')?.verdict).toBe('clear');
    // A Dahua camera seen only in the switch's forwarding table: review, with where it was seen.
    const dahua = rows.find((x) => x.mac?.toLowerCase() === '08:ed:ed:11:22:33');
    expect(dahua).toMatchObject({ verdict: 'review', entity: 'dahua', kind: 'neighbor' });
    expect(dahua?.location).toMatch(/access-sw-02.*Gi1\/0\/14/);
    // A covered device of each hardware entity the catalog flags most, each by its IANA enterprise number.
    expect(byHost('olt-basement')).toMatchObject({ verdict: 'covered', entity: 'zte' });
    expect(byHost('nvr-security')).toMatchObject({ verdict: 'covered', entity: 'dahua' });
    expect(byHost('radio-repeater-roof')).toMatchObject({ verdict: 'covered', entity: 'hytera' });
    // A Huawei IP phone known only from the access switch's LLDP table: covered, on its named port.
    const phone = byHost('phone-reception');
    expect(phone).toMatchObject({ verdict: 'covered', entity: 'huawei', kind: 'neighbor' });
    expect(phone?.location).toMatch(/access-sw-02.*(Gi|GigabitEthernet)1\/0\/16/);
    // The randomized MAC behind port 21 is counted, never an asset with a vendor.
    expect(rows.some((x) => x.mac?.toLowerCase() === '3a:11:22:33:44:55')).toBe(false);
  });
});
