// `sweep --cameras` against simulated cameras on loopback (unicast): each verdict rule a compliance
// officer relies on — relabelled Hikvision or Dahua firmware is covered whatever the label, a brand
// alone is review, a banner alone is review, a camera nobody lists is clear — and misbehaving
// devices (malformed, oversized, spoofed, foreign XAddrs, endless pages) neither crash the sweep
// nor become evidence.
import { type AssetDraft, assetVendor, identify, judge } from '@coverscan/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CAMERA_PORTS } from '../src/cameras/cameras';
import { runSweep, type SweepResult } from '../src/run';
import { parseTargets } from '../src/targets';
import { type CameraSpec, OTHER_ADDRESS, type Responders, startCameras } from './camera-responders';
import { noSuchName, scripted } from './scripted-agent';
import { rawAgent } from './sweep-sim';

const ports = { sadp: 18601, 'dahua-discovery': 18602, onvif: 18603, http: 18604, rtsp: 18605 };
const snmpPort = 18606;
const net = '127.93.0';
const at = (n: number) => `${net}.${n}`;
const hikPage =
  '<!DOCTYPE html><html><head><title></title><script>window.location.href = "/doc/page/login.asp?_" + (new Date()).getTime();</script></head><body></body></html>';

const cameras: CameraSpec[] = [
  // A Hikvision board in a Honeywell case: ONVIF says Honeywell, SADP answers.
  {
    address: at(1),
    onvif: {
      scopes: { name: 'Honeywell', hardware: 'HC30W45R3' },
      info: { manufacturer: 'Honeywell', model: 'HC30W45R3', serial: 'H1234567' },
    },
    sadp: {
      description: 'DS-2CD2143G0-I',
      serial: 'DS-2CD2143G0-I20190101AAWRD12345678',
      mac: '44-19-b6-01-02-03',
    },
  },
  // Brands alone.
  {
    address: at(2),
    onvif: { scopes: { name: 'Lorex' }, info: { manufacturer: 'Lorex', model: 'LNB4321B' } },
  },
  {
    address: at(3),
    onvif: { scopes: { name: 'Honeywell' }, info: { manufacturer: 'Honeywell', model: 'HBW4PR2' } },
  },
  // Dahua firmware sold as Intelbras.
  {
    address: at(4),
    dahua: {
      deviceType: 'VIP 3230 B',
      serial: '6J0123PAZ4F5678',
      vendor: 'Intelbras',
      mac: 'b4:4c:3b:f4:e3:01',
    },
  },
  // Hikvision under its own name, ONVIF only.
  {
    address: at(5),
    onvif: { scopes: { name: 'HIKVISION' }, info: { manufacturer: 'HIKVISION', model: 'DS-2CD2043G2-I' } },
  },
  // Web fingerprints: a precise login path, and a generic banner.
  {
    address: at(6),
    onvif: { scopes: { name: 'Acme' }, info: 'auth' },
    http: { server: 'webserver', body: hikPage },
  },
  {
    address: at(7),
    onvif: { scopes: { name: 'Acme' }, info: 'auth' },
    http: { server: 'App-webs/', realm: 'DS-X' },
  },
  // An Axis camera.
  {
    address: at(8),
    onvif: {
      scopes: { name: 'AXIS P3245-LV', hardware: 'P3245-LV' },
      info: { manufacturer: 'AXIS', model: 'P3245-LV' },
    },
    rtsp: { server: 'GStreamer RTSP server' },
  },
  // Dahua's RTSP server behind an unnamed ONVIF camera.
  {
    address: at(9),
    onvif: { scopes: { name: 'IPC' }, info: 'auth' },
    rtsp: { server: 'Dahua Rtsp Server', realm: 'Login to 6J0123PAZ4F5678' },
  },
  // Misbehaving.
  { address: at(20), sadp: { description: 'DS-2CD2143G0-I', bad: 'spoofed' } },
  { address: at(21), sadp: { description: 'DS-2CD2143G0-I', bad: 'from-other' } },
  { address: at(22), dahua: { deviceType: 'IPC-HDW2431T', bad: 'malformed' } },
  { address: at(23), onvif: { scopes: { name: 'HIKVISION' }, bad: 'oversized' } },
  { address: at(24), onvif: { scopes: { name: 'HIKVISION' }, bad: 'spoofed' } },
  // XAddrs naming another host (the Hikvision at .5): never followed.
  { address: at(25), onvif: { scopes: { name: 'Acme' }, xaddrHost: at(5) } },
  { address: at(26), onvif: { scopes: { name: 'Acme' } }, http: { endless: true } },
  // Also an SNMP agent (below): one device.
  { address: at(30), sadp: { description: 'DS-2CD2T47G2-L', mac: '44-19-b6-0a-0b-0c' } },
];

let res: SweepResult;
let responders: Responders;
let snmp: { close(): void };
let elapsed = 0;
const byIp = (n: number): AssetDraft | undefined => res.devices.find((d) => d.ip === at(n));
const verdict = (n: number) => {
  const d = byIp(n);
  if (!d) throw new Error(`${at(n)}: no asset`);
  const v = judge(identify(d.observations));
  return { ...v, vendor: assetVendor(v, d.observations, d.vendor) };
};

beforeAll(async () => {
  responders = await startCameras(cameras, ports);
  // .30 answers SNMP with a generic net-snmp identity and SADP: one device, judged by its firmware.
  snmp = await rawAgent(
    at(30),
    snmpPort,
    scripted({ descr: 'Linux cam 3.10.14', oid: '1.3.6.1.4.1.8072.3.2.10', name: 'lobby-cam' }, noSuchName),
  );
  const t0 = performance.now();
  res = await runSweep({
    targets: parseTargets([`${net}.1-${net}.40`]),
    port: snmpPort,
    communities: ['public'],
    rate: 20_000,
    timeoutMs: 400,
    retries: 1,
    concurrency: 16,
    discoverOnly: false,
    deviceBudgetMs: 3000,
    cameras: { ports: { ...DEFAULT_CAMERA_PORTS, ...ports } },
  });
  elapsed = performance.now() - t0;
}, 60_000);

afterAll(async () => {
  snmp?.close();
  await responders?.close();
});

describe('camera verdicts', () => {
  it('a Hikvision board labelled Honeywell is covered by its SADP reply, with the evidence a person can read', () => {
    const v = verdict(1);
    expect(v.verdict).toBe('covered');
    expect(v.entity).toBe('hikvision');
    expect(v.vendor).toBe('Hikvision');
    expect(v.evidence.map((e) => e.rule)).toContain(
      'SADP reply: device type DS-2CD2143G0-I (Hikvision firmware) from a device labelled "Honeywell"',
    );
    // Its SADP MAC and serial join it to the same box seen in a switch's table or an inventory.
    const d = byIp(1)!;
    expect(d.mac).toBe('44-19-b6-01-02-03');
    expect(d.identities).toContainEqual({ type: 'serial', value: 'DS-2CD2143G0-I20190101AAWRD12345678' });
  });

  it('a brand alone is review: a former Dahua company, an OEM brand of the covered makers', () => {
    expect(verdict(2)).toMatchObject({ verdict: 'review', entity: 'lorex' });
    expect(verdict(3)).toMatchObject({ verdict: 'review', entity: 'honeywell-video-oem' });
  });

  it('a Dahua discovery reply is covered though the unit calls itself Intelbras', () => {
    const v = verdict(4);
    expect(v).toMatchObject({ verdict: 'covered', entity: 'dahua' });
    expect(v.evidence[0].rule).toMatch(
      /Dahua discovery \(DHIP\) reply: device type VIP 3230 B \(Dahua firmware\) from a device labelled "Intelbras"/,
    );
    expect(byIp(4)!.identities).toContainEqual({ type: 'serial', value: '6J0123PAZ4F5678' });
  });

  it('an ONVIF manufacturer naming the covered maker is covered', () => {
    expect(verdict(5)).toMatchObject({ verdict: 'covered', entity: 'hikvision' });
  });

  it("Hikvision's login path is covered; its generic web-server banner alone is review", () => {
    const page = verdict(6);
    expect(page).toMatchObject({ verdict: 'covered', entity: 'hikvision' });
    // The evidence shows the words around the login path, not the whole page.
    const ev = page.evidence.find((e) => e.field === 'http.body')!;
    expect(ev.value).toContain('/doc/page/login.asp');
    expect(ev.value.length).toBeLessThan(hikPage.length);
    const banner = verdict(7);
    expect(banner).toMatchObject({ verdict: 'review', entity: 'hikvision' });
    expect(banner.evidence.every((e) => e.strength !== 'strong')).toBe(true);
  });

  it("Dahua's RTSP server is covered", () => {
    expect(verdict(9)).toMatchObject({ verdict: 'covered', entity: 'dahua' });
  });

  it('an Axis camera is clear and named Axis', () => {
    const v = verdict(8);
    expect(v.verdict).toBe('clear');
    expect(v.vendor).toBe('Axis');
  });

  it('a camera that also answers SNMP is one asset, judged by its firmware over its generic SNMP identity', () => {
    expect(res.devices.filter((d) => d.ip === at(30))).toHaveLength(1);
    const v = verdict(30);
    expect(v).toMatchObject({ verdict: 'covered', entity: 'hikvision' });
    expect(byIp(30)!.hostname).toBe('lobby-cam');
  });
});

describe('misbehaving cameras', () => {
  it('a SADP reply with the wrong UUID, or from another address, is no evidence', () => {
    for (const n of [20, 21]) expect(byIp(n), at(n)).toBeUndefined();
    expect(res.devices.some((d) => d.ip === OTHER_ADDRESS)).toBe(false);
    expect(res.counters.cameraSpoofed).toBeGreaterThanOrEqual(2); // .20 and .24, each try
    expect(res.counters.cameraUnsolicited).toBeGreaterThanOrEqual(1); // .21's reply from elsewhere
  });

  it('malformed and oversized replies are counted and dropped', () => {
    expect(byIp(22)).toBeUndefined();
    expect(byIp(23)).toBeUndefined();
    expect(res.counters.cameraMalformed).toBeGreaterThanOrEqual(1);
    expect(res.counters.cameraOversized).toBeGreaterThanOrEqual(1);
  });

  it('an XAddr naming another host is not followed', () => {
    const d = byIp(25)!;
    expect(d.observations.some((o) => o.field === 'onvif.Manufacturer')).toBe(false);
    expect(res.counters.onvifForeignXAddrs).toBe(1);
    expect(verdict(25).verdict).toBe('clear');
  });

  it('an endless web page costs a bounded read, and the sweep a bounded time', () => {
    const body = byIp(26)!.observations.find((o) => o.field === 'http.body');
    expect(body?.value.length).toBeLessThanOrEqual(8 * 1024);
    expect(elapsed).toBeLessThan(15_000);
  });

  it('every address was probed by each protocol within the retries', () => {
    // 40 targets × 3 protocols, plus at most one retry each for the silent.
    expect(res.counters.cameraProbesSent).toBeGreaterThanOrEqual(120);
    expect(res.counters.cameraProbesSent).toBeLessThanOrEqual(240);
    // Every responder but the five whose replies were dropped (.20-.24).
    expect(res.counters.cameras).toBe(cameras.length - 5);
  });
});

describe('one --rate for SNMP and cameras', () => {
  it('SNMP and camera probes together stay under --rate', async () => {
    const rate = 1000;
    const t0 = performance.now();
    const r = await runSweep({
      targets: parseTargets(['127.93.1.0/24']),
      port: snmpPort + 1,
      communities: ['public'],
      rate,
      timeoutMs: 300,
      retries: 1,
      concurrency: 8,
      discoverOnly: false,
      cameras: { ports: { ...DEFAULT_CAMERA_PORTS, ...ports } },
    });
    const secs = (performance.now() - t0) / 1000;
    const sent = r.counters.packetsSent + r.counters.cameraProbesSent;
    // Every address got its three camera probes, each retried once, however long the rate held them.
    expect(r.counters.cameraProbesSent).toBe(r.counters.targets * 3 * 2);
    // The bucket starts with at most 256 packets' credit; past that, the rate holds for both together.
    expect((sent - 256) / secs).toBeLessThanOrEqual(rate * 1.1);
    expect(r.devices).toEqual([]);
  }, 60_000);
});
