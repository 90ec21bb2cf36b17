// Camera and recorder discovery beside the SNMP sweep (`coverscan sweep --cameras`): the makers'
// discovery protocols and ONVIF over UDP to every IPv4 target (udp-discovery.ts), then, for every
// address that answered one of them or SNMP, its web and RTSP servers and ONVIF device information
// (at most --concurrency addresses at a time, each connection paid for from the same --rate
// budget). Nothing is judged here: what each address said becomes observations (camera-observations.ts).
import type { RateController } from '../rate';
import { contains, scattered, type TargetSet } from '../targets';
import type { CameraSeen } from './camera-observations';
import { heard } from './camera-observations';
import { httpFingerprint } from './http-fingerprint';
import { getDeviceInformation, ownXAddr } from './onvif-device-info';
import { rtspFingerprint } from './rtsp-fingerprint';
import { type CameraReply, UdpDiscovery, type UdpProtocol } from './udp-discovery';

export type CameraPort = UdpProtocol | 'http' | 'rtsp';
export const DEFAULT_CAMERA_PORTS: Record<CameraPort, number> = {
  sadp: 37020,
  'dahua-discovery': 37810,
  onvif: 3702,
  http: 80,
  rtsp: 554,
};

export interface CameraOptions {
  targets: TargetSet;
  ports: Record<CameraPort, number>;
  timeoutMs: number;
  retries: number;
  /** Addresses fingerprinted (HTTP, RTSP, ONVIF) at once. */
  concurrency: number;
  /** Also probe the multicast groups (off unless asked: multicast leaves this machine on real interfaces). */
  multicast?: { iface?: string };
  signal?: AbortSignal;
}

export interface CameraResult {
  /** Every address that said something a camera says, in the order first heard. */
  seen: CameraSeen[];
  counters: Record<string, number>;
}

export class CameraSweep {
  private readonly seen = new Map<string, CameraSeen>();
  /** Jobs asked for, as kind|address: each runs once. */
  private readonly queued = new Set<string>();
  private readonly waiting: { address: string; kind: 'web' | 'onvif' }[] = [];
  private running = 0;
  private idle: (() => void) | null = null;
  private readonly udp: UdpDiscovery;
  private udpDone: Promise<void> = Promise.resolve();
  private started = 0;
  private udpMs = 0;
  private readonly counters = {
    httpFingerprints: 0,
    rtspFingerprints: 0,
    onvifDeviceInfo: 0,
    onvifForeignXAddrs: 0,
  };

  constructor(
    private readonly rate: RateController,
    private readonly o: CameraOptions,
  ) {
    this.udp = new UdpDiscovery(rate, {
      ports: o.ports,
      timeoutMs: o.timeoutMs,
      retries: o.retries,
      multicast: o.multicast,
      inTargets: (a) => contains(o.targets, a),
      signal: o.signal,
      onReply: (address, r) => this.onReply(address, r),
    });
  }

  /** Starts the UDP discovery of every IPv4 target. */
  start(): void {
    const v4 = { ...this.o.targets, v6: [], count: this.o.targets.count - this.o.targets.v6.length };
    this.started = performance.now();
    this.udpDone = this.udp.run(scattered(v4)).then(() => {
      this.udpMs = performance.now() - this.started;
    });
  }

  /** Fingerprints an address's web and RTSP servers (an SNMP responder, or an address that answered a camera protocol). */
  fingerprint(address: string, kind: 'web' | 'onvif' = 'web'): void {
    if (this.queued.has(`${kind}|${address}`) || address.includes(':')) return;
    this.queued.add(`${kind}|${address}`);
    this.waiting.push({ address, kind });
    this.pump();
  }

  /** Resolves when discovery has ended and every fingerprint asked for is done. */
  async done(): Promise<CameraResult> {
    await this.udpDone;
    if (this.running || this.waiting.length) await new Promise<void>((r) => (this.idle = r));
    const seen = [...this.seen.values()].filter(heard);
    const s = this.udp.stats;
    return {
      seen,
      counters: {
        cameraProbesSent: s.sent,
        cameraRepliesReceived: s.received,
        cameraReplies: s.replies,
        cameraMalformed: s.malformed,
        cameraSpoofed: s.spoofed,
        cameraUnsolicited: s.unsolicited,
        cameraOversized: s.oversized,
        cameraSendErrors: s.sendErrors,
        ...this.counters,
        cameras: seen.length,
        cameraDiscoveryMs: Math.round(this.udpMs),
        cameraMs: Math.round(performance.now() - this.started),
      },
    };
  }

  private entry(address: string): CameraSeen {
    let e = this.seen.get(address);
    if (!e) {
      e = { address };
      this.seen.set(address, e);
    }
    return e;
  }

  private onReply(address: string, r: CameraReply): void {
    const e = this.entry(address);
    if (r.protocol === 'sadp') e.sadp = r.device;
    else if (r.protocol === 'dahua-discovery') e.dahua = r.device;
    else {
      e.onvif = r.match;
      this.fingerprint(address, 'onvif');
    }
    this.fingerprint(address);
  }

  private pump(): void {
    while (this.running < this.o.concurrency && this.waiting.length && !this.o.signal?.aborted) {
      const job = this.waiting.shift()!;
      this.running++;
      void (job.kind === 'web' ? this.web(job.address) : this.onvifInfo(job.address)).finally(() => {
        this.running--;
        this.pump();
      });
    }
    if (!this.running && (!this.waiting.length || this.o.signal?.aborted)) {
      this.idle?.();
      this.idle = null;
    }
  }

  /** One connection's worth of the --rate budget. */
  private async token(): Promise<void> {
    while (this.rate.grant(1) < 1)
      await new Promise((r) => setTimeout(r, Math.max(1, 1000 / this.rate.rate)));
  }

  private async web(address: string): Promise<void> {
    const t = this.o.timeoutMs;
    const p = this.o.ports;
    await this.token();
    const http = await httpFingerprint(address, p.http, t);
    if (http) {
      this.entry(address).http = http;
      this.counters.httpFingerprints++;
    }
    await this.token();
    const rtsp = await rtspFingerprint(address, p.rtsp, t);
    if (rtsp) {
      this.entry(address).rtsp = rtsp;
      this.counters.rtspFingerprints++;
    }
  }

  private async onvifInfo(address: string): Promise<void> {
    const t = this.o.timeoutMs;
    const onvif = this.seen.get(address)?.onvif;
    if (!onvif?.xaddrs.length) return;
    const url = ownXAddr(onvif.xaddrs, address);
    if (!url) {
      this.counters.onvifForeignXAddrs++;
      return;
    }
    await this.token();
    const info = await getDeviceInformation(url, t);
    if (info) {
      this.entry(address).onvifInfo = info;
      this.counters.onvifDeviceInfo++;
    }
  }
}
