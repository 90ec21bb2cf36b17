// Forwarding tables per VLAN. Cisco IOS serves BRIDGE-MIB for one VLAN at a time: the default
// community shows VLAN 1, `community@<vlan>` each other VLAN (Cisco, "Using SNMP to Find a Port
// Number from a MAC Address on a Catalyst Switch"). Read when the device announces VLANs
// (CISCO-VTP-MIB vtpVlanState, Q-BRIDGE-MIB dot1qVlanStaticName) and has no Q-BRIDGE forwarding
// table, which already covers every VLAN; v1/v2c only (v3 contexts are another mechanism).
// Bounded: at most MAX_VLANS contexts, within the device's time budget, and the first context
// that gets no answer (a device that does not serve them drops the community) ends it.
import { isException } from '../ber';
import type { AgentClient } from '../client';
import { under } from '../mib';
import { intOf } from '../value';
import { type Table, type WalkLimits, type WalkStats, walkColumns } from '../walk';
import { arcs, type Found, type NeighborTable } from './table';

/** VLAN contexts read per device at most. */
const MAX_VLANS = 64;

export interface VlanSource {
  presence: string;
  columns: string[];
  vlans(t: Table): number[];
}

const VTP_ENTRY = '1.3.6.1.4.1.9.9.46.1.3.1.1';
const VTP_STATE = `${VTP_ENTRY}.2`;
const VTP_TYPE = `${VTP_ENTRY}.3`;
const Q_STATIC_ENTRY = '1.3.6.1.2.1.17.7.1.4.3.1';
const Q_STATIC_NAME = `${Q_STATIC_ENTRY}.1`;

const isVlanId = (n: number) => Number.isInteger(n) && n >= 1 && n <= 4094;
/** 1002–1005: Cisco's default FDDI and Token Ring VLANs, no Ethernet stations (and LibreNMS skips them too). */
const isReserved = (n: number) => n >= 1002 && n <= 1005;

export const VLAN_SOURCES: readonly VlanSource[] = [
  {
    // CISCO-VTP-MIB vtpVlanTable, index managementDomainIndex.vtpVlanIndex: operational(1),
    // and ethernet(1) where the type column is served.
    presence: VTP_ENTRY,
    columns: [VTP_STATE, VTP_TYPE],
    vlans: (t) =>
      [...(t.get(VTP_STATE) ?? [])]
        .filter(([idx, v]) => intOf(v) === 1 && (intOf(t.get(VTP_TYPE)?.get(idx)) ?? 1) === 1)
        .map(([idx]) => arcs(idx)[1]),
  },
  {
    // Q-BRIDGE-MIB dot1qVlanStaticTable, index dot1qVlanIndex.
    presence: Q_STATIC_ENTRY,
    columns: [Q_STATIC_NAME],
    vlans: (t) => [...(t.get(Q_STATIC_NAME)?.keys() ?? [])].map((idx) => arcs(idx)[0]),
  },
];

/** The VLANs the device announces, ascending, bounded. */
async function announcedVlans(
  c: AgentClient,
  present: (root: string) => boolean,
  lim: WalkLimits,
  stats: WalkStats,
): Promise<number[]> {
  const out = new Set<number>();
  for (const s of VLAN_SOURCES) {
    if (!present(s.presence)) continue;
    const t = await walkColumns(c, s.columns, { ...lim, maxRows: Math.min(lim.maxRows, 4094) }, stats);
    for (const v of s.vlans(t)) if (isVlanId(v) && !isReserved(v)) out.add(v);
  }
  return [...out].sort((a, b) => a - b).slice(0, MAX_VLANS);
}

/**
 * Reads the per-VLAN tables in each announced VLAN's context; `read` walks one table in a
 * context and returns its rows with their bridge ports mapped there.
 */
export async function readVlanContexts(
  c: AgentClient,
  tables: readonly NeighborTable[],
  present: (root: string) => boolean,
  lim: WalkLimits,
  stats: WalkStats,
  read: (cc: AgentClient, table: NeighborTable) => Promise<Found[]>,
): Promise<Found[]> {
  if (!c.inContext || c.version === 'v3') return [];
  const perVlan = tables.filter((t) => t.perVlan);
  if (!perVlan.length) return [];
  const out: Found[] = [];
  for (const vlan of await announcedVlans(c, present, lim, stats)) {
    if (performance.now() > lim.deadline) break;
    const cc = c.inContext(String(vlan));
    // Presence in this context: one GETNEXT per table, as in the first look.
    const r = await cc.getNext(perVlan.map((t) => t.presence));
    if (!r) break;
    if (r.errorStatus !== 0) continue;
    for (const [i, table] of perVlan.entries()) {
      const vb = r.varbinds[i];
      if (!vb || isException(vb.value) || !under(vb.oid, table.presence)) continue;
      for (const row of await read(cc, table)) out.push({ ...row, vlan: String(vlan) });
    }
  }
  return out;
}
