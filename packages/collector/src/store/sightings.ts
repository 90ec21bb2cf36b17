// Where a neighbor was seen: the switch (or router), port, VLAN and table of each sighting a sweep stored.
// A sweep stores one sighting per MAC — its most telling one (neighbor-assets.ts) — as the draft's
// `location` ("switch sw1 (10.0.0.2), port Gi0/12, VLAN 10 [fdb]"), and an observation row whenever that
// changes (the last OBSERVATION_HISTORY per source), so this is where it was seen, latest first.
import type Database from 'better-sqlite3';
import { decompressPayload, type PayloadCodec } from './payload-codec';

export interface Sighting {
  assetId: number;
  /** When this sighting was first stored. */
  at: string;
  sweepId: number | null;
  /** `switch` (bridge table, LLDP, CDP) or `router` (ARP). */
  role: 'switch' | 'router' | null;
  switchName: string | null;
  switchIp: string | null;
  port: string | null;
  vlan: string | null;
  /** The neighbor's own port (LLDP/CDP). */
  remotePort: string | null;
  via: 'lldp' | 'cdp' | 'fdb' | 'arp' | null;
  /** The location as stored. */
  location: string;
}

const LOCATION = /^(switch|router) (.+?) \(([^)]+)\)((?:, [^,[]+)*) \[(lldp|cdp|fdb|arp)\]$/;

/** Reads a stored location back into its parts; one that does not parse keeps only `location`. */
export function parseLocation(location: string): Omit<Sighting, 'assetId' | 'at' | 'sweepId'> {
  const m = LOCATION.exec(location);
  const none = {
    role: null,
    switchName: null,
    switchIp: null,
    port: null,
    vlan: null,
    remotePort: null,
    via: null,
  };
  if (!m) return { ...none, location };
  const part = (name: string) =>
    m[4]
      .split(', ')
      .find((p) => p.startsWith(`${name} `))
      ?.slice(name.length + 1) ?? null;
  return {
    role: m[1] as 'switch' | 'router',
    switchName: m[2] === m[3] ? null : m[2],
    switchIp: m[3],
    port: part('port'),
    vlan: part('VLAN'),
    remotePort: part('its port'),
    via: m[5] as Sighting['via'],
    location,
  };
}

/** Every stored sighting of these assets, latest first. */
export function sightingsOf(db: Database.Database, assetIds: number[]): Sighting[] {
  if (!assetIds.length) return [];
  const rows = db
    .prepare(
      `SELECT asset_id assetId, at, sweep_id sweepId, payload, codec FROM observations
       WHERE asset_id IN (${assetIds.map(() => '?').join(',')}) AND format = 'draft' AND source = 'sweep'
       ORDER BY at DESC, id DESC`,
    )
    .all(...assetIds) as {
    assetId: number;
    at: string;
    sweepId: number | null;
    payload: Buffer;
    codec: PayloadCodec;
  }[];
  const out: Sighting[] = [];
  for (const r of rows) {
    const draft = JSON.parse(decompressPayload(r.payload, r.codec)) as { location?: string };
    if (draft.location)
      out.push({ assetId: r.assetId, at: r.at, sweepId: r.sweepId, ...parseLocation(draft.location) });
  }
  return out;
}
