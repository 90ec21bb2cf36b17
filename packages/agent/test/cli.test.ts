// The built command line as a user runs it, the readable summary, and the service definitions.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { type Inventory, inventorySchema } from '@coverscan/shared';
import { describe, expect, it } from 'vitest';
import { judgeInventory } from '../src/local-verdict';
import { formatSummary } from '../src/summary';

const cli = join(import.meta.dirname, '..', 'dist', 'coverscan-agent.js');
const agent = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', timeout: 30_000 });

describe('coverscan-agent (built bundle)', () => {
  it('inventory --json prints the inventory and its judged assets', () => {
    const r = agent('inventory', '--json');
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(() => inventorySchema.parse(doc.inventory)).not.toThrow();
    expect(doc.inventory.host.hostname).toBe(hostname());
    expect(doc.assets[0]).toMatchObject({ kind: 'endpoint', hostname: hostname() });
    expect(['covered', 'review', 'clear']).toContain(doc.assets[0].verdict);
  });
  it('inventory prints a readable summary', () => {
    const r = agent('inventory');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`Host ${hostname()}`);
    expect(r.stdout).toMatch(/\d+ software packages/);
  });
  it('refuses a collector URL that is not ws:// or wss://, before collecting anything', () => {
    const r = agent('once', '--collector', 'http://127.0.0.1:1', '--state-dir', '/nonexistent/x');
    expect(r.status).toBe(78); // EX_CONFIG: the systemd unit does not restart on it
    expect(r.stderr).toMatch(/--collector must be a ws:\/\/ or wss:\/\/ URL/);
  });
});

describe('summary', () => {
  it('leads with the covered phone and its evidence, then the host line', () => {
    const inv = inventorySchema.parse({
      schema: 1,
      agentVersion: '0.1.0',
      collectedAt: '2026-11-23T10:00:00Z',
      durationMs: 100,
      host: {
        hostname: 'ws-9',
        os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64', kernel: '6.1' },
        system: { manufacturer: 'Dell Inc.', model: 'Latitude 5440', serial: '8XJ2KK3', uuid: null },
        bios: { vendor: 'Dell Inc.', version: '1.2.3' },
        baseboard: { manufacturer: null, model: null, serial: null },
        chassis: { manufacturer: null, type: null, serial: null },
        cpu: { manufacturer: 'Intel', brand: 'i5', cores: 4 },
        memoryBytes: 1,
      },
      nics: [],
      usb: [{ vendorId: '12d1', productId: '107e', name: 'P10', manufacturer: 'HUAWEI', serial: 'ABC12345' }],
      bluetooth: [],
      printers: [],
      audio: [],
      graphics: [],
      displays: [],
      disks: [],
      software: [],
      errors: [{ collector: 'wifi', message: 'no answer within 8000 ms', timedOut: true }],
    } satisfies Record<string, unknown>) as Inventory;
    const lines = formatSummary(inv, judgeInventory(inv)).split('\n');
    expect(lines[0]).toMatch(/^COVERED {2}peripheral: Huawei P10 \[USB on ws-9\] — Huawei/);
    expect(lines.some((l) => /evidence \[strong\] usb\[0\]\.vendorId = "12d1"/.test(l))).toBe(true);
    expect(lines).toContain('warning: wifi timed out: no answer within 8000 ms');
    expect(lines.find((l) => l.startsWith('Host'))).toBe(
      'Host ws-9: Dell Inc. Latitude 5440, Debian GNU/Linux 12, serial 8XJ2KK3',
    );
  });
});

describe('service definitions', () => {
  const help = agent('run', '--help').stdout;
  const dir = join(import.meta.dirname, '..', 'service');
  const flags = (cmdline: string) => cmdline.match(/--[a-z-]+/g) ?? [];
  it('systemd and launchd start `run` with options the agent knows', () => {
    const exec = /^ExecStart=(.*)$/m.exec(readFileSync(join(dir, 'coverscan-agent.service'), 'utf8'))![1];
    const plistArgs = [
      ...readFileSync(join(dir, 'org.coverscan.agent.plist'), 'utf8').matchAll(/<string>([^<]*)<\/string>/g),
    ].map((m) => m[1]);
    for (const cmd of [exec, plistArgs.join(' ')]) {
      expect(cmd).toMatch(/coverscan-agent(?:\.js)? run /);
      expect(flags(cmd).length).toBeGreaterThan(0);
      for (const f of flags(cmd)) expect(help).toContain(f);
    }
  });
  it('the Windows command runs `run` with known options', () => {
    const cmd = readFileSync(join(dir, 'install-windows-service.cmd'), 'utf8');
    const args = /coverscan-agent\.js\\?"? (run [^\r\n]*)/.exec(cmd)![1];
    for (const f of flags(args)) expect(help).toContain(f);
  });
});
