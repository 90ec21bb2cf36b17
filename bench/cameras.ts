// Camera benchmark: 1,000 simulated cameras and recorders (test/camera-responders.ts: SADP, Dahua
// discovery, ONVIF with GetDeviceInformation, web and RTSP servers), each on its own loopback address
// 127.94.k.1-250, swept by the built `coverscan sweep --cameras` (unicast; multicast never leaves a
// namespace a test made, and is not benched). Measured: wall time (median of CAMERAS_ROUNDS runs, each
// into a fresh database), UDP probes and replies, TCP connections the cameras accepted, SNMP packets;
// then `report --format json` must judge every camera as its firmware says. Exits 1 when a camera is
// missed or misjudged. Env: CAMERAS_ROUNDS (3), CAMERAS_RATE (--rate, default the CLI's).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CameraSpec, startCameras } from '../packages/sweep/test/camera-responders';

const root = join(import.meta.dirname, '..');
// The collector's dependency, not the workspace root's: read the sweep record it stored.
const Database = createRequire(join(root, 'packages/collector/package.json'))(
  'better-sqlite3',
) as typeof import('better-sqlite3');
const cli = join(root, 'packages/collector/dist/coverscan.js');
const rounds = Number(process.env.CAMERAS_ROUNDS ?? 3);
const ports = { sadp: 18701, 'dahua-discovery': 18702, onvif: 18703, http: 18704, rtsp: 18705 };
const snmpPort = 18706;
const N = 1000;
const hikPage = '<html><head><script>location.href="/doc/page/login.asp?_"+Date.now()</script></head></html>';

/** Five kinds of camera, in turn, with the verdict and entity their firmware should get. */
const kinds: { name: string; expect: [string, string | null]; spec: (a: string, i: number) => CameraSpec }[] =
  [
    {
      name: 'Hikvision board labelled Honeywell (SADP + ONVIF + web)',
      expect: ['covered', 'hikvision'],
      spec: (address, i) => ({
        address,
        sadp: { description: 'DS-2CD2143G0-I', serial: `DS-2CD2143G0-I2019${i}`, mac: mac('44:19:b6', i) },
        onvif: { scopes: { name: 'Honeywell' }, info: { manufacturer: 'Honeywell', model: 'HC30W45R3' } },
        http: { server: 'webserver', body: hikPage },
      }),
    },
    {
      name: 'Dahua board sold as Intelbras (DHIP + RTSP)',
      expect: ['covered', 'dahua'],
      spec: (address, i) => ({
        address,
        dahua: {
          deviceType: 'VIP 3230 B',
          serial: `6J0${i}PAZ`,
          vendor: 'Intelbras',
          mac: mac('b4:4c:3b', i),
        },
        rtsp: { server: 'Dahua Rtsp Server', realm: `Login to 6J0${i}PAZ` },
      }),
    },
    {
      name: 'Lorex brand only (ONVIF)',
      expect: ['review', 'lorex'],
      spec: (address) => ({
        address,
        onvif: { scopes: { name: 'Lorex' }, info: { manufacturer: 'Lorex', model: 'LNB4321B' } },
      }),
    },
    {
      name: 'Hikvision web banner only (ONVIF needs credentials)',
      expect: ['review', 'hikvision'],
      spec: (address) => ({
        address,
        onvif: { scopes: { name: 'IPC' }, info: 'auth' },
        http: { server: 'App-webs/' },
      }),
    },
    {
      name: 'Axis (ONVIF)',
      expect: ['clear', null],
      spec: (address) => ({
        address,
        onvif: { scopes: { name: 'AXIS P3245-LV' }, info: { manufacturer: 'AXIS', model: 'P3245-LV' } },
        rtsp: { server: 'GStreamer RTSP server' },
      }),
    },
  ];

function mac(oui: string, i: number): string {
  const h = (n: number) => (n & 255).toString(16).padStart(2, '0');
  return `${oui}:${h(i >> 16)}:${h(i >> 8)}:${h(i)}`;
}

const specs: CameraSpec[] = [];
const want = new Map<string, { kind: string; expect: [string, string | null] }>();
for (let i = 0; i < N; i++) {
  const address = `127.94.${Math.floor(i / 250)}.${(i % 250) + 1}`;
  const k = kinds[i % kinds.length];
  specs.push(k.spec(address, i));
  want.set(address, { kind: k.name, expect: k.expect });
}

const t0 = performance.now();
const responders = await startCameras(specs, ports);
console.log(
  `${N} simulated cameras on 127.94.0.1-127.94.3.250 in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const dir = mkdtempSync(join(tmpdir(), 'coverscan-cameras-bench-'));
const portArgs = Object.entries(ports).flatMap(([k, v]) => ['--camera-port', `${k}=${v}`]);
const args = [
  'sweep',
  '127.94.0.1-127.94.3.250',
  '--snmp-port',
  String(snmpPort),
  '--cameras',
  ...portArgs,
  ...(process.env.CAMERAS_RATE ? ['--rate', process.env.CAMERAS_RATE] : []),
];
console.log(`command: node packages/collector/dist/coverscan.js ${args.join(' ')} --db FILE`);

let failed = false;
const runs: { secs: number; counters: Record<string, number>; tcp: number; udp: number }[] = [];
let lastDb = '';
for (let r = 0; r < rounds; r++) {
  const db = join(dir, `run${r}.db`);
  const before = { ...responders.counts };
  const start = performance.now();
  // Asynchronously: the cameras answer from this process.
  const res = await new Promise<{ status: number | null; stderr: string }>((resolve) => {
    const p = spawn(process.execPath, [cli, ...args, '--db', db], {
      env: { ...process.env, COVERSCAN_DB: '' },
    });
    let stderr = '';
    p.stderr.on('data', (b) => {
      stderr += b;
    });
    p.on('close', (status) => resolve({ status, stderr }));
  });
  const secs = (performance.now() - start) / 1000;
  if (res.status !== 0) {
    console.log(`run ${r + 1} exited ${res.status}:\n${res.stderr}`);
    failed = true;
    break;
  }
  const d = new Database(db, { readonly: true });
  const counters = JSON.parse(
    (d.prepare('SELECT counters FROM sweeps ORDER BY id DESC LIMIT 1').get() as { counters: string })
      .counters,
  );
  d.close();
  runs.push({
    secs,
    counters,
    tcp: responders.counts.tcp - before.tcp,
    udp: responders.counts.udp - before.udp,
  });
  console.log(`run ${r + 1}: ${secs.toFixed(2)} s — ${res.stderr.trim().split('\n').at(-1)}`);
  lastDb = db;
}

if (!failed) {
  const c = runs[runs.length >> 1].counters;
  const m = runs[runs.length >> 1];
  console.log(
    `\nmedian of ${runs.length}: ${median(runs.map((x) => x.secs)).toFixed(2)} s wall (all: ${runs.map((x) => x.secs.toFixed(2)).join(', ')}), load average ${loadavg()[0].toFixed(1)}`,
  );
  console.log(
    `time (median run): camera discovery ${c.cameraDiscoveryMs} ms, camera discovery + web/RTSP/ONVIF reads ${c.cameraMs} ms, SNMP discovery ${c.discoveryMs} ms, sweep ${c.totalMs} ms; the rest of the wall time is the process starting, storing and judging the 1,000 assets`,
  );
  console.log(
    `packets (median run): camera UDP probes sent ${c.cameraProbesSent}, camera replies received ${c.cameraRepliesReceived} (accepted ${c.cameraReplies}), datagrams the cameras received ${m.udp}, TCP connections the cameras accepted ${m.tcp} (web ${c.httpFingerprints} answered, RTSP ${c.rtspFingerprints}, ONVIF GetDeviceInformation ${c.onvifDeviceInfo}), SNMP packets sent ${c.packetsSent}`,
  );
  // Every camera judged as its firmware says.
  const rep = spawnSync(process.execPath, [cli, 'report', '--db', lastDb, '--format', 'json'], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  const rows = JSON.parse(rep.stdout) as { ip: string; verdict: string; entity: string | null }[];
  const got = new Map(rows.map((x) => [x.ip, x]));
  const byKind = new Map<string, { ok: number; missed: number; wrong: number }>();
  for (const [ip, w] of want) {
    const k = byKind.get(w.kind) ?? { ok: 0, missed: 0, wrong: 0 };
    const g = got.get(ip);
    if (!g) k.missed++;
    else if (g.verdict === w.expect[0] && g.entity === w.expect[1]) k.ok++;
    else k.wrong++;
    byKind.set(w.kind, k);
  }
  console.log('\n| camera kind | expected | judged so | missed | judged otherwise |\n|---|---|---|---|---|');
  for (const k of kinds) {
    const s = byKind.get(k.name)!;
    console.log(`| ${k.name} | ${k.expect[0]} ${k.expect[1] ?? ''} | ${s.ok} | ${s.missed} | ${s.wrong} |`);
    if (s.missed || s.wrong) failed = true;
  }
}
await responders.close();
rmSync(dir, { recursive: true, force: true });
console.log(
  failed
    ? '\nFAILED: a camera was missed or misjudged'
    : '\nall 1,000 cameras found and judged as their firmware says',
);
process.exit(failed ? 1 : 0);
