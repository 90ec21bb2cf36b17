// Test helpers for the sweep: a real snmpsimd (Debian package snmpsim) serving the project's own
// recordings (test/fixtures/snmprec, written from public facts), a lossy/slow UDP proxy in front
// of it, and hand-written misbehaving agents. Loopback 127.88.0.0/16, ports 17000-17999 only.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import dgram from 'node:dgram';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import snmp from 'net-snmp';

export const fixtures = new URL('./fixtures/snmprec/', import.meta.url).pathname;

export interface SimDevice {
  address: string;
  file: string;
  /** Communities it answers to (v1/v2c); default ['public']. */
  communities?: string[];
  /** Other communities with their own recording, e.g. Cisco's per-VLAN `public@10` (v1/v2c). */
  contexts?: Record<string, string>;
}

export interface SimV3 {
  user: string;
  authProto: 'MD5' | 'SHA';
  authKey: string;
  privProto: 'DES' | 'AES';
  privKey: string;
}

export interface Sim {
  port: number;
  stop(): Promise<void>;
}

/** Starts one snmpsimd for all devices; resolves when the last one answers. */
export async function startSnmpsim(devices: SimDevice[], port: number, v3?: SimV3): Promise<Sim> {
  const dir = mkdtempSync(join(tmpdir(), 'coverscan-sim-'));
  const data = join(dir, 'data');
  const cache = join(dir, 'cache');
  mkdirSync(data);
  mkdirSync(cache);
  devices.forEach((d, i) => {
    // snmpsimd maps the i-th endpoint to transport id 1.3.6.1.6.1.1.i; v2c-arch puts files under
    // a folder per community, v3 mode under the data folder itself.
    const name = `1.3.6.1.6.1.1.${i}.snmprec`;
    if (v3) copyFileSync(join(fixtures, d.file), join(data, name));
    else
      for (const [c, file] of [
        ...(d.communities ?? ['public']).map((c) => [c, d.file]),
        ...Object.entries(d.contexts ?? {}),
      ]) {
        mkdirSync(join(data, c), { recursive: true });
        copyFileSync(join(fixtures, file), join(data, c, name));
      }
  });
  const args = [`--data-dir=${data}`, `--cache-dir=${cache}`, '--logging-method=null'];
  if (v3)
    args.push(
      '--v3-only',
      `--v3-user=${v3.user}`,
      `--v3-auth-proto=${v3.authProto}`,
      `--v3-auth-key=${v3.authKey}`,
      `--v3-priv-proto=${v3.privProto}`,
      `--v3-priv-key=${v3.privKey}`,
    );
  else args.push('--v2c-arch');
  for (const d of devices) args.push(`--agent-udpv4-endpoint=${d.address}:${port}`);
  if (process.getuid?.() === 0) {
    // snmpsimd refuses to run as root; it drops to nobody, who must read the data and write the cache.
    args.push('--process-user=nobody', '--process-group=nogroup');
    execFileSync('chmod', ['-R', 'a+rX', dir]);
    execFileSync('chown', ['-R', 'nobody', cache]);
  }
  chmodSync(dir, 0o755);
  const child: ChildProcess = spawn('snmpsimd', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (b) => {
    err += b;
  });
  const last = devices[devices.length - 1];
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`snmpsimd exited: ${err.slice(-500)}`);
    if (await answers(last.address, port, v3, (last.communities ?? ['public'])[0])) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error('snmpsimd not ready after 60 s');
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    port,
    stop: async () => {
      child.kill();
      await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function answers(address: string, port: number, v3: SimV3 | undefined, community: string): Promise<boolean> {
  return new Promise((resolve) => {
    const session = v3
      ? snmp.createV3Session(
          address,
          {
            name: v3.user,
            level: snmp.SecurityLevel.authPriv,
            authProtocol: v3.authProto === 'MD5' ? snmp.AuthProtocols.md5 : snmp.AuthProtocols.sha,
            authKey: v3.authKey,
            privProtocol: v3.privProto === 'DES' ? snmp.PrivProtocols.des : snmp.PrivProtocols.aes,
            privKey: v3.privKey,
          },
          { port, timeout: 300, retries: 0 },
        )
      : snmp.createSession(address, community, { port, timeout: 300, retries: 0, version: snmp.Version2c });
    session.on('error', () => {});
    // snmpEngineID is always there (snmpsim answers it for every recording).
    session.getNext(['1.3.6.1'], (e) => {
      session.close();
      resolve(!e);
    });
  });
}

export interface LossyProxy {
  close(): void;
}

/**
 * A lossy, slow network in front of one agent: front address i forwards to `backend` after
 * dropping its first `dropFirst(i)` requests and delaying the rest by `delayMs(i)` (deterministic,
 * so a test that needs retries fails every time they are missing, not now and then).
 */
export async function lossyProxy(
  fronts: string[],
  port: number,
  backend: { address: string; port: number },
  o: {
    dropFirst: (i: number) => number;
    delayMs: (i: number) => number;
    /** Sees every request that reaches front i (a test's view of what the sweep asks). */
    onRequest?: (i: number, msg: Buffer) => void;
  },
): Promise<LossyProxy> {
  const sockets: dgram.Socket[] = [];
  let closed = false;
  for (const [i, addr] of fronts.entries()) {
    const front = dgram.createSocket('udp4');
    const back = dgram.createSocket('udp4');
    let client: { address: string; port: number } | null = null;
    let seen = 0;
    front.on('message', (msg, rinfo) => {
      client = { address: rinfo.address, port: rinfo.port };
      o.onRequest?.(i, msg);
      if (seen++ < o.dropFirst(i)) return; // lost on the way
      setTimeout(() => {
        if (!closed) back.send(msg, backend.port, backend.address);
      }, o.delayMs(i));
    });
    back.on('message', (msg) => {
      if (client && !closed) front.send(msg, client.port, client.address);
    });
    await new Promise<void>((r) => front.bind(port, addr, () => r()));
    await new Promise<void>((r) => back.bind(0, '127.0.0.1', () => r()));
    sockets.push(front, back);
  }
  return {
    close: () => {
      closed = true;
      for (const s of sockets) s.close();
    },
  };
}

/** A hand-written agent: `handle` gets each datagram and returns replies (or nothing). */
export async function rawAgent(
  address: string,
  port: number,
  handle: (msg: Buffer, reply: (b: Buffer, from?: dgram.Socket) => void) => void,
): Promise<{ socket: dgram.Socket; close(): void }> {
  const s = dgram.createSocket('udp4');
  s.on('message', (msg, rinfo) => {
    handle(msg, (b, from) => (from ?? s).send(b, rinfo.port, rinfo.address));
  });
  await new Promise<void>((r) => s.bind(port, address, () => r()));
  return { socket: s, close: () => s.close() };
}
