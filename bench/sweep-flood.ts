// The sweep under a flooding device (issue 11): 30 snmpsim devices (the project's fixtures) swept
// alone, then with a 31st address that answers discovery and floods the sweep's socket with
// unsolicited ~60 KB datagrams (a Counter64 tens of kilobytes long), in the same run, alternating,
// BENCH_ROUNDS times (default 5); medians. Floor: the flood adds at most the flooder's own timeout
// (one request's tries, timeout × (retries + 1)) and every other device is read as completely.
// Exits 1 when the floor is missed. Run: `pnpm bench sweep-flood`.
import { loadavg } from 'node:os';
import { runSweep, type SweepResult } from '../packages/collector/src/sweep/run';
import { parseTargets } from '../packages/collector/src/sweep/targets';
import { startFlooder } from '../packages/collector/test/snmp-flooder';
import { startSnmpsim } from '../packages/collector/test/sweep-sim';

const port = 17543;
const FILES = [
  'huawei-switch.snmprec',
  'hikvision-camera.snmprec',
  'ups-card.snmprec',
  'cisco-switch.snmprec',
  'linux-server.snmprec',
  'zyxel-gs1900.snmprec',
];
const others = Array.from({ length: 30 }, (_, i) => `127.88.43.${i + 1}`);
const FLOODER = '127.88.43.31';
const timeoutMs = 1000; // the CLI defaults (--timeout 1000 --retries 2)
const retries = 2;
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const rates = [2000, 8000]; // datagrams/s: a gigabit link's worth of 60 KB datagrams, and four times that

const sweep = async (targets: string[]) => {
  const t0 = performance.now();
  const r = await runSweep({
    targets: parseTargets(targets),
    port,
    communities: ['public'],
    rate: 2000,
    timeoutMs,
    retries,
    concurrency: 32,
    discoverOnly: false,
  });
  return { ms: performance.now() - t0, r };
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const unread = (r: SweepResult) => r.devices.filter((d) => d.ip !== FLOODER && d.incomplete?.length).length;

const sim = await startSnmpsim(
  others.map((address, i) => ({ address, file: FILES[i % FILES.length] })),
  port,
);
let failed = false;
try {
  await sweep(others); // snmpsimd loads each recording on first use
  console.log(
    `30 snmpsim devices + 1 flooder, --timeout ${timeoutMs} --retries ${retries}, ${rounds} rounds`,
  );
  console.log(`load average before: ${loadavg()[0].toFixed(2)}`);
  const ownTimeout = timeoutMs * (retries + 1);
  for (const perSecond of rates) {
    const calm: number[] = [];
    const flooded: number[] = [];
    let received = 0;
    let sent = 0;
    let incomplete = 0;
    for (let i = 0; i < rounds; i++) {
      calm.push((await sweep(others)).ms);
      const f = await startFlooder(FLOODER, port, { perSecond });
      const s = await sweep([...others, FLOODER]);
      sent += await f.sent();
      await f.close();
      flooded.push(s.ms);
      received += s.r.counters.packetsReceived;
      incomplete = Math.max(incomplete, unread(s.r));
    }
    const added = median(flooded) - median(calm);
    const ok = added <= ownTimeout && incomplete === 0;
    failed ||= !ok;
    console.log(
      `flood ${perSecond}/s of 60 KB: sweep ${median(calm).toFixed(0)} ms alone, ${median(flooded).toFixed(0)} ms flooded ` +
        `(+${added.toFixed(0)} ms; floor +${ownTimeout} ms) — ${Math.round(sent / rounds)} flood datagrams sent per sweep, ` +
        `${Math.round(received / rounds)} datagrams read, other devices incomplete: ${incomplete} ${ok ? 'OK' : 'MISSED'}`,
    );
    console.log(
      `  alone: ${calm.map((x) => x.toFixed(0)).join(', ')} ms; flooded: ${flooded.map((x) => x.toFixed(0)).join(', ')} ms`,
    );
  }
} finally {
  await sim.stop();
}
process.exit(failed ? 1 : 0);
