// `coverscan sweep --cameras` as a user runs it (the built CLI) against simulated cameras on
// loopback and a switch whose forwarding table lists a camera's MAC: what lands in the store and
// what `report` says — the verdict, the vendor column, the evidence sentence, and one asset for a
// camera seen both by its own replies and in the switch's table.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Responders, startCameras } from '../../sweep/test/camera-responders';
import { int, scripted, serveMib, str } from '../../sweep/test/scripted-agent';
import { rawAgent } from '../../sweep/test/sweep-sim';

const cli = new URL('../dist/coverscan.js', import.meta.url).pathname;
const ports = { sadp: 18611, 'dahua-discovery': 18612, onvif: 18613, http: 18614, rtsp: 18615 };
const snmpPort = 18616;
const camMac = '44:19:b6:01:02:05';
const FDB = '1.3.6.1.2.1.17.4.3.1';

let dir: string;
let responders: Responders;
let sw: { close(): void };
let sweep: { status: number | null; stderr: string };
let rows: {
  ip: string | null;
  mac: string | null;
  vendor: string | null;
  verdict: string;
  entity: string | null;
  evidence: { rule: string }[];
}[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'coverscan-cameras-cli-'));
  responders = await startCameras(
    [
      {
        address: '127.93.4.1',
        onvif: { scopes: { name: 'Honeywell' }, info: { manufacturer: 'Honeywell', model: 'HC30W45R3' } },
        sadp: { description: 'DS-2CD2143G0-I', serial: 'DS-2CD2143G0-I20190101AAWRD87654321', mac: camMac },
      },
      {
        address: '127.93.4.2',
        onvif: { scopes: { name: 'Lorex' }, info: { manufacturer: 'Lorex', model: 'LNB4321B' } },
      },
    ],
    ports,
  );
  // A switch (not a camera) that learned the camera's MAC on bridge port 5.
  const macOid = camMac
    .split(':')
    .map((h) => Number.parseInt(h, 16))
    .join('.');
  sw = await rawAgent(
    '127.93.4.10',
    snmpPort,
    scripted(
      { descr: 'Cisco IOS Software, C2960 Software', oid: '1.3.6.1.4.1.9.1.1208', name: 'access-sw' },
      serveMib([
        str(`${FDB}.1.${macOid}`, Buffer.from(camMac.replaceAll(':', ''), 'hex')),
        int(`${FDB}.2.${macOid}`, 5),
        int(`${FDB}.3.${macOid}`, 3),
      ]),
    ),
  );
  const portArgs = Object.entries(ports).flatMap(([k, v]) => ['--camera-port', `${k}=${v}`]);
  // Asynchronously: the simulated devices answer from this process.
  sweep = await new Promise((resolve) => {
    const p = spawn(
      process.execPath,
      [
        cli,
        'sweep',
        '127.93.4.1-127.93.4.12',
        '--snmp-port',
        String(snmpPort),
        '--timeout',
        '500',
        '--retries',
        '1',
        '--cameras',
        ...portArgs,
        '--db',
        join(dir, 'c.db'),
      ],
      { env: { ...process.env, COVERSCAN_DB: '' } },
    );
    let stderr = '';
    p.stderr.on('data', (b) => {
      stderr += b;
    });
    p.on('close', (status) => resolve({ status, stderr }));
  });
  const rep = spawnSync(process.execPath, [cli, 'report', '--db', join(dir, 'c.db'), '--format', 'json'], {
    encoding: 'utf8',
  });
  rows = JSON.parse(rep.stdout);
}, 90_000);

afterAll(async () => {
  sw?.close();
  await responders?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('coverscan sweep --cameras', () => {
  it('says how many cameras it found, and succeeds', () => {
    expect(sweep.stderr).toMatch(/2 cameras or recorders/);
    expect(sweep.status).toBe(0);
  });

  it('reports the relabelled Hikvision as covered, named Hikvision, with the SADP sentence', () => {
    const cam = rows.find((r) => r.ip === '127.93.4.1')!;
    expect(cam).toMatchObject({ verdict: 'covered', entity: 'hikvision', vendor: 'Hikvision' });
    expect(cam.evidence.map((e) => e.rule)).toContain(
      'SADP reply: device type DS-2CD2143G0-I (Hikvision firmware) from a device labelled "Honeywell"',
    );
  });

  it('the camera in the switch table is the same asset, not a second one', () => {
    const withMac = rows.filter(
      (r) => r.mac?.toLowerCase().replaceAll(/[^0-9a-f]/g, '') === camMac.replaceAll(':', ''),
    );
    expect(withMac).toHaveLength(1);
    expect(withMac[0].ip).toBe('127.93.4.1');
  });

  it('the brand alone stays review', () => {
    expect(rows.find((r) => r.ip === '127.93.4.2')).toMatchObject({ verdict: 'review', entity: 'lorex' });
  });

  it('refuses multicast options without --cameras, and --cameras with --discover-only', () => {
    const r1 = spawnSync(process.execPath, [cli, 'sweep', '127.93.4.1', '--camera-multicast'], {
      encoding: 'utf8',
    });
    expect(r1.status).not.toBe(0);
    expect(r1.stderr).toMatch(/need --cameras/);
    const r2 = spawnSync(process.execPath, [cli, 'sweep', '127.93.4.1', '--cameras', '--discover-only'], {
      encoding: 'utf8',
    });
    expect(r2.status).not.toBe(0);
    expect(r2.stderr).toMatch(/--discover-only/);
  });
});
