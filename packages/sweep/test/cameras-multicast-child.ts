// Runs inside a network namespace the multicast test created (`unshare -n`): nothing sent here can
// leave this machine. Brings up lo with multicast and a 239.0.0.0/8 route, starts cameras that
// listen on the multicast groups only (their unicast ports are closed), runs camera discovery with
// multicast on, and prints what it found as JSON on stdout.
import { execFileSync } from 'node:child_process';
import { CameraSweep, DEFAULT_CAMERA_PORTS } from '../src/cameras/cameras';
import { RateController } from '../src/rate';
import { parseTargets } from '../src/targets';
import { startCameras } from './camera-responders';

// Refuse to run outside a fresh namespace: there, lo would be the only interface and it starts down.
const links = execFileSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).trim().split('\n');
if (links.length !== 1 || !/: lo:/.test(links[0]))
  throw new Error(`not in a fresh network namespace: ${links.join(' | ')}`);
execFileSync('ip', ['link', 'set', 'lo', 'up']);
execFileSync('ip', ['link', 'set', 'lo', 'multicast', 'on']);
execFileSync('ip', ['route', 'add', '239.0.0.0/8', 'dev', 'lo']);

const responders = await startCameras(
  [
    {
      address: '127.93.2.1',
      sadp: { description: 'DS-2CD2143G0-I', serial: 'DS-2CD2143G0-I2019X', mac: '44-19-b6-01-02-04' },
    },
    { address: '127.93.2.2', dahua: { deviceType: 'IPC-HFW2431S', vendor: 'Amcrest', serial: '7K0123PAZ1' } },
    { address: '127.93.2.3', onvif: { scopes: { name: 'AXIS', hardware: 'M3106' } } },
    // Outside the targets: heard, but not ours to record.
    { address: '127.93.9.9', sadp: { description: 'DS-7608NI-K2' } },
  ],
  DEFAULT_CAMERA_PORTS,
  { multicast: true },
);
const sweep = new CameraSweep(new RateController({ max: 2000 }), {
  targets: parseTargets(['127.93.2.1-127.93.2.20']),
  ports: DEFAULT_CAMERA_PORTS,
  timeoutMs: 600,
  retries: 1,
  concurrency: 8,
  multicast: { iface: '127.0.0.1' },
});
sweep.start();
const res = await sweep.done();
await responders.close();
process.stdout.write(`${JSON.stringify({ ...res, responderDatagrams: responders.counts.udp })}\n`);
