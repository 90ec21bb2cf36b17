// The sweep under a flooding device (issue 11): 30 snmpsim devices (the project's fixtures) swept
// alone, then with a 31st address that answers discovery and floods the sweep's socket with
// unsolicited ~60 KB datagrams (a Counter64 tens of kilobytes long), in the same run, alternating,
// BENCH_ROUNDS times (default 5); medians. Floor: the flood adds at most the flooder's own timeout
// (one request's tries, timeout × (retries + 1)) and every other device is read as completely.
// Exits 1 when the floor is missed. Run: `pnpm bench sweep-flood`.
import { loadavg } from 'node:os';
import type { SweepResult } from '../packages/sweep/src/run';
import { startFlooder } from '../packages/sweep/test/snmp-flooder';
import { FLEET_RETRIES, FLEET_TIMEOUT_MS, startFleet } from '../packages/sweep/test/sweep-fleet';

const port = 17543;
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const rates = [2000, 8000]; // datagrams/s: a gigabit link's worth of 60 KB datagrams, and four times that
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const fleet = await startFleet('127.88.43', port);
const others = fleet.addresses;
const FLOODER = fleet.odd;
const sweep = fleet.sweep;
const unread = (r: SweepResult) => r.devices.filter((d) => d.ip !== FLOODER && d.incomplete?.length).length;
let failed = false;
try {
  await sweep(others); // snmpsimd loads each recording on first use
  console.log(
    `30 snmpsim devices + 1 flooder, --timeout ${FLEET_TIMEOUT_MS} --retries ${FLEET_RETRIES}, ${rounds} rounds`,
  );
  console.log(`load average before: ${loadavg()[0].toFixed(2)}`);
  const ownTimeout = FLEET_TIMEOUT_MS * (FLEET_RETRIES + 1);
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
  await fleet.stop();
}
process.exit(failed ? 1 : 0);
