// One sweep, end to end: discovery feeds responders straight into identification (a bounded
// number of devices at a time, while discovery goes on), then the neighbor sightings of all
// responders become neighbor assets. Nothing here stores anything: the command hands the drafts
// to the collector's ingest path.
import { type AssetDraft, loadCatalog } from '@coverscan/shared';
import type { Logger } from 'pino';
import { DEFAULT_DEVICE_BYTES, describeBytes } from './byte-budget';
import { cameraDraft, mergeCamera } from './cameras/camera-observations';
import { type CameraOptions, CameraSweep } from './cameras/cameras';
import { type AgentClient, CommunityClient } from './client';
import { DeviceClient } from './device-client';
import { DEVICE_PARTS } from './device-parts';
import { type DiscoverStats, discover, type Responder } from './discover';
import { type DeviceResult, identifyDevice } from './identify-device';
import { lazyRequire } from './lazy-require';
import { neighborAssets, type SwitchInfo } from './neighbor-assets';
import type { Sighting } from './neighbors';
import { RateController } from './rate';
import { scattered, type TargetSet } from './targets';
import { Transport } from './transport';
import { loadNetSnmp, V3Client, type V3Credentials } from './v3';

const pino = lazyRequire<typeof import('pino')>(import.meta.url, 'pino');

export interface SweepOptions {
  targets: TargetSet;
  port: number;
  communities: string[];
  v3?: V3Credentials;
  /** Packets per second, ceiling. */
  rate: number;
  timeoutMs: number;
  retries: number;
  /** Devices identified at once. */
  concurrency: number;
  discoverOnly: boolean;
  /** Per device: rows per table, bytes its walks may keep (default 16 MiB), and time budget. */
  maxRows?: number;
  maxDeviceBytes?: number;
  deviceBudgetMs?: number;
  /**
   * Stops the sweep early: no new address is probed or device identified, and the result holds what
   * was found so far (responders still being identified come back as discovery saw them).
   */
  signal?: AbortSignal;
  /** Where device errors (with the address) and our own errors go; default: nowhere. */
  log?: Logger;
  /**
   * An error of our own while identifying a device (a bug, not the agent's doing): 'throw' (the
   * default) rejects the sweep once it has finished; 'record' keeps it in `errors` and goes on, the
   * device stored with what discovery saw.
   */
  onBug?: 'throw' | 'record';
  /**
   * Camera discovery beside SNMP (`--cameras`): the makers' protocols, ONVIF, web and RTSP
   * fingerprints, under the same rate, timeout and retries; results join the SNMP devices by address.
   */
  cameras?: Pick<CameraOptions, 'ports' | 'multicast'>;
}

export interface SweepProgress {
  probed: number;
  total: number;
  responders: number;
  identified: number;
}

export interface SweepHooks {
  onResponder?: (r: Responder) => void;
  onProgress?: (p: SweepProgress) => void;
}

export interface SweepResult {
  responders: Responder[];
  devices: AssetDraft[];
  neighbors: AssetDraft[];
  counters: Record<string, number>;
  /** Our own errors while identifying devices (onBug 'record'); each device is stored bare. */
  errors: { address: string; error: Error }[];
}

export async function runSweep(o: SweepOptions, hooks: SweepHooks = {}): Promise<SweepResult> {
  // The catalog is validated once per process (half a second): before the first probe, not while
  // replies are due.
  loadCatalog();
  const started = performance.now();
  const rate = new RateController({ max: o.rate });
  const t = await Transport.open(rate, { v6: o.targets.v6.length > 0 });
  const communities = o.communities.map((c) => Buffer.from(c, 'utf8'));
  const responders: Responder[] = [];
  const results: { r: Responder; res: DeviceResult }[] = [];
  const progress: SweepProgress = { probed: 0, total: o.targets.count, responders: 0, identified: 0 };
  const errors: SweepResult['errors'] = [];
  const log = o.log ?? pino().pino({ level: 'silent' });

  const queue: Responder[] = [];
  let running = 0;
  let discoveryDone = false;
  let allDone: () => void = () => {};
  const finished = new Promise<void>((r) => {
    allDone = r;
  });
  const clientOpts = { timeoutMs: Math.max(o.timeoutMs, 500), retries: o.retries };

  const clientFor = async (r: Responder, deadline: number): Promise<AgentClient> => {
    const ep = { address: r.address, port: r.port };
    if (r.version === 'v3' && o.v3) {
      await loadNetSnmp();
      return new V3Client(ep, o.v3, clientOpts, log);
    }
    const community = communities[r.communityIndex ?? 0];
    if (r.version === 'v1') {
      // Discovery alternates v2c and v1; a v2c agent that answered the v1 try still gets GETBULK.
      const v2 = new CommunityClient(t, ep, community, 'v2c', clientOpts);
      const probe = await v2.get(['1.3.6.1.2.1.1.2.0'], { retries: 0, until: deadline });
      if (probe) return v2;
    }
    return new CommunityClient(t, ep, community, r.version === 'v1' ? 'v1' : 'v2c', clientOpts);
  };

  o.signal?.addEventListener('abort', () => allDone(), { once: true });

  const cams =
    o.cameras && !o.discoverOnly
      ? new CameraSweep(rate, {
          ...o.cameras,
          targets: o.targets,
          timeoutMs: o.timeoutMs,
          retries: o.retries,
          concurrency: o.concurrency,
          signal: o.signal,
        })
      : null;
  cams?.start();

  const pump = () => {
    if (o.signal?.aborted) return;
    while (running < o.concurrency && queue.length) {
      const r = queue.shift()!;
      running++;
      void (async () => {
        let c: AgentClient | null = null;
        try {
          const deadline = performance.now() + (o.deviceBudgetMs ?? 60_000);
          const dc = new DeviceClient(await clientFor(r, deadline), r.address, deadline, clientOpts, log);
          c = dc;
          const res = await identifyDevice(dc, r, {
            maxRows: o.maxRows ?? 10_000,
            maxBytes: o.maxDeviceBytes ?? DEFAULT_DEVICE_BYTES,
            neighbors: true,
          });
          if (res.overBudget !== null)
            log.warn(
              { address: r.address, incomplete: res.incomplete },
              `device's tables hold more than its ${describeBytes(res.overBudget)} budget: stored incomplete`,
            );
          results.push({ r, res });
        } catch (e) {
          // The agent's failures end up in `incomplete`; this is a bug of ours. The device is still
          // a responder and is stored with what discovery saw.
          const error = e instanceof Error ? e : new Error(String(e));
          log.error({ address: r.address, err: error }, 'identification failed');
          errors.push({ address: r.address, error });
        } finally {
          c?.close();
          running--;
          progress.identified++;
          hooks.onProgress?.(progress);
          pump();
        }
      })();
    }
    if (discoveryDone && running === 0 && queue.length === 0) allDone();
  };

  let stats: DiscoverStats;
  try {
    stats = await discover(t, scattered(o.targets), {
      port: o.port,
      communities,
      v3: !!o.v3,
      timeoutMs: o.timeoutMs,
      retries: o.retries,
      signal: o.signal,
      onResponder: (r) => {
        responders.push(r);
        cams?.fingerprint(r.address);
        progress.responders++;
        hooks.onResponder?.(r);
        if (!o.discoverOnly) {
          queue.push(r);
          pump();
        }
      },
      onProbed: (n) => {
        if (n !== progress.probed) {
          progress.probed = n;
          hooks.onProgress?.(progress);
        }
      },
    });
    const discoverMs = performance.now() - started;
    discoveryDone = true;
    pump();
    if (!o.discoverOnly) await finished;
    const cam = await cams?.done();

    // Responders whose identification failed (or was cut short) are still assets, with what discovery saw.
    const done = results.slice(); // identifications still running when interrupted finish after this
    const identified = new Set(done.map((x) => x.r.address));
    const devices = done.map((x) => x.res.draft);
    for (const r of responders) if (!identified.has(r.address) && !o.discoverOnly) devices.push(bareDraft(r));
    // A camera that also answered SNMP is one device; the others are devices of their own.
    const byIp = new Map(devices.map((d) => [d.ip, d]));
    for (const s of cam?.seen ?? []) {
      const d = byIp.get(s.address);
      if (d) mergeCamera(d, s);
      else devices.push(cameraDraft(s));
    }
    if (errors.length && (o.onBug ?? 'throw') === 'throw') {
      const { address, error } = errors[0];
      throw new Error(`identifying ${address}: ${error.message}`, { cause: error });
    }
    const seen: { sw: SwitchInfo; sightings: Sighting[] }[] = done.map((x) => ({
      sw: { ip: x.r.address, name: x.res.draft.hostname },
      sightings: x.res.sightings,
    }));
    const nb = neighborAssets(seen, new Set(responders.map((r) => r.address)));
    return {
      responders,
      devices,
      neighbors: nb.drafts,
      counters: {
        targets: o.targets.count,
        probed: stats.probed,
        responders: stats.responders,
        silent: stats.silent,
        identified: done.length,
        incomplete: devices.filter((d) => d.incomplete?.length).length,
        overBudget: done.filter((x) => x.res.overBudget !== null).length,
        failed: errors.length,
        neighborSightings: nb.sightings,
        neighborAssets: nb.drafts.length,
        neighborMacs: nb.distinctMacs,
        randomizedMacs: nb.randomized,
        packetsSent: t.stats.sent,
        packetsReceived: t.stats.received,
        malformedReplies: t.stats.malformed,
        unmatchedReplies: t.stats.unmatched,
        socketErrors: t.stats.sendErrors,
        ...cam?.counters,
        discoveryMs: Math.round(discoverMs),
        totalMs: Math.round(performance.now() - started),
      },
      errors,
    };
  } finally {
    t.close();
  }
}

function bareDraft(r: Responder): AssetDraft {
  const observations: AssetDraft['observations'] = [];
  if (r.sysObjectID)
    observations.push({ kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: r.sysObjectID });
  if (r.sysDescr)
    observations.push({
      kind: 'text',
      source: 'snmp',
      field: 'sysDescr',
      value: r.sysDescr,
      textClass: 'description',
      ...(r.sysDescrRaw ? { raw: r.sysDescrRaw } : {}),
    });
  if (r.engineId)
    observations.push({ kind: 'engineID', source: 'snmp', field: 'snmpEngineID', value: r.engineId });
  return {
    kind: 'network-device',
    ip: r.address,
    mac: null,
    hostname: r.sysName,
    vendor: null,
    model: null,
    serial: null,
    identities: [
      { type: 'ip', value: r.address },
      ...(r.sysName ? [{ type: 'sysname' as const, value: r.sysName }] : []),
    ],
    observations,
    incomplete: [...DEVICE_PARTS],
  };
}
