// Sightings from every responder's neighbor tables → one asset per distinct MAC. The most telling
// sighting names where it is (an LLDP or bridge-table port beats an ARP entry on a routed
// interface); ARP gives its IP; LLDP/CDP give what it says about itself. Randomized (locally
// administered), multicast and placeholder MACs are counted, never attributed.
import {
  type AssetDraft,
  formatMac,
  type Identity,
  macWithoutVendor,
  type Observation,
  registryVendorName,
} from '@coverscan/shared';
import type { Sighting } from './neighbors';

export interface SwitchInfo {
  ip: string;
  name: string | null;
}

export interface NeighborSummary {
  drafts: AssetDraft[];
  sightings: number;
  distinctMacs: number;
  randomized: number;
  ignored: number;
}

const rank: Record<Sighting['via'], number> = { lldp: 4, cdp: 3, fdb: 2, arp: 1 };

function where(sw: SwitchInfo, s: Sighting): string {
  const parts = [`${s.via === 'arp' ? 'router' : 'switch'} ${sw.name ?? sw.ip} (${sw.ip})`];
  if (s.port) parts.push(`port ${s.port}`);
  if (s.vlan) parts.push(`VLAN ${s.vlan}`);
  if (s.remotePort) parts.push(`its port ${s.remotePort}`);
  return `${parts.join(', ')} [${s.via}]`;
}

export function neighborAssets(
  seen: { sw: SwitchInfo; sightings: Sighting[] }[],
  deviceIps: Set<string> = new Set(),
): NeighborSummary {
  const byKey = new Map<string, { sw: SwitchInfo; s: Sighting }[]>();
  let randomized = 0;
  let ignored = 0;
  let total = 0;
  const randomSeen = new Set<string>();
  for (const { sw, sightings } of seen) {
    for (const s of sightings) {
      total++;
      let key: string;
      if (s.mac) {
        const why = macWithoutVendor(s.mac);
        if (why === 'locally-administered') {
          if (!randomSeen.has(s.mac)) randomized++;
          randomSeen.add(s.mac);
          continue;
        }
        if (why) {
          ignored++;
          continue;
        }
        key = `mac:${s.mac}`;
      } else if (s.hostname || s.ip) key = `name:${s.hostname ?? ''}|${s.ip ?? ''}`;
      else {
        ignored++;
        continue;
      }
      const list = byKey.get(key) ?? [];
      list.push({ sw, s });
      byKey.set(key, list);
    }
  }
  const drafts: AssetDraft[] = [];
  for (const [key, list] of byKey) {
    const best = [...list].sort(
      (a, b) =>
        rank[b.s.via] - rank[a.s.via] ||
        Number(!!b.s.port) - Number(!!a.s.port) ||
        Number(!!b.s.vlan) - Number(!!a.s.vlan),
    )[0];
    const mac = key.startsWith('mac:') ? key.slice(4) : null;
    const ip =
      list.find((x) => x.s.ip && !x.s.ip.includes(':'))?.s.ip ?? list.find((x) => x.s.ip)?.s.ip ?? null;
    const hostname = list.find((x) => x.s.hostname)?.s.hostname ?? null;
    const obs: Observation[] = [];
    const vias = new Set<string>();
    for (const { s } of list) {
      if (mac && !vias.has(s.via)) {
        vias.add(s.via);
        obs.push({
          kind: 'mac',
          source: s.via,
          field: s.via === 'lldp' ? 'lldpRemChassisId' : `${s.via}.mac`,
          value: formatMac(mac),
        });
      }
      for (const t of s.texts)
        if (!obs.some((o) => o.field === t.field && o.value === t.value))
          obs.push({ kind: 'text', source: s.via, field: t.field, value: t.value, textClass: t.textClass });
    }
    const identities: Identity[] = [];
    if (mac) identities.push({ type: 'mac', value: formatMac(mac) });
    // An IP that belongs to a swept device would merge this neighbor into it by IP alone: leave it out.
    if (ip && !deviceIps.has(ip)) identities.push({ type: 'ip', value: ip });
    if (hostname && !mac) identities.push({ type: 'sysname', value: hostname });
    const model = list.flatMap((x) => x.s.texts).find((t) => t.textClass === 'model')?.value ?? null;
    const vendor = registryVendorName(obs);
    drafts.push({
      kind: 'neighbor',
      ip: ip && !deviceIps.has(ip) ? ip : null,
      mac: mac ? formatMac(mac) : null,
      hostname,
      vendor,
      model,
      serial: null,
      identities,
      observations: obs,
      attachedTo: { type: 'ip', value: best.sw.ip },
      location: where(best.sw, best.s),
    });
  }
  return {
    drafts,
    sightings: total,
    distinctMacs: [...byKey.keys()].filter((k) => k.startsWith('mac:')).length,
    randomized,
    ignored,
  };
}
