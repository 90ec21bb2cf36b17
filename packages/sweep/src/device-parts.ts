// Which part of a device's identification an object belongs to, named for `incomplete` in the
// report: when a request goes unanswered, the parts of the objects it asked for were not read.
// Neighbor tables are named by their registry entry (neighbor-tables/), so a new dialect is named
// without a line here.
import { loadCatalog } from '@coverscan/shared';
import { ENGINE_ID, ENT, ENTERPRISES, IF, SYS, under } from './mib';
import { NEIGHBOR_TABLES } from './neighbor-tables/index';
import { VLAN_SOURCES } from './neighbor-tables/vlan-contexts';

/** Every part, in the order identification reads them (and `incomplete` lists them). */
export const DEVICE_PARTS = [
  'system',
  'entity',
  'probes',
  'interfaces',
  'neighbors:lldp',
  'neighbors:cdp',
  'neighbors:arp',
  'neighbors:fdb',
  'neighbors:ports',
] as const;
export type DevicePart = (typeof DEVICE_PARTS)[number];

/** The parts in DEVICE_PARTS order. */
export function inPartOrder(parts: Iterable<DevicePart>): DevicePart[] {
  const set = new Set(parts);
  return DEVICE_PARTS.filter((p) => set.has(p));
}

const parent = (oid: string) => oid.slice(0, oid.lastIndexOf('.'));
/**
 * Whole MIB modules, for what a dialect reads beside its table (the LLDP local port names, the
 * bridge port → ifIndex map): lldpMIB and LLDP-V2-MIB (IEEE 802.1AB), dot1dBridge (BRIDGE-MIB and
 * Q-BRIDGE-MIB).
 */
const MODULES: [string, DevicePart][] = [
  ['1.0.8802.1.1.2', 'neighbors:lldp'],
  ['1.3.111.2.802.1.1.13', 'neighbors:lldp'],
  ['1.3.6.1.2.1.17', 'neighbors:fdb'],
];

// Longest subtree first: a table's own columns before its module, CDP before the enterprises
// subtree, the LLDP local system description (a catalog identity object) before LLDP.
let roots: [string, DevicePart][] | undefined;
function partRoots(): [string, DevicePart][] {
  roots ??= [
    ...loadCatalog().identityOids.map((x): [string, DevicePart] => [parent(x.oid), 'system']),
    [parent(SYS.descr), 'system'],
    [parent(ENGINE_ID), 'system'],
    [ENT.entry, 'entity'],
    [IF.physAddress, 'interfaces'],
    [IF.name, 'neighbors:ports'],
    [IF.descr, 'neighbors:ports'],
    ...NEIGHBOR_TABLES.flatMap((t) =>
      [t.presence, ...t.columns].map((oid): [string, DevicePart] => [oid, `neighbors:${t.via}`]),
    ),
    ...VLAN_SOURCES.flatMap((s) =>
      [s.presence, ...s.columns].map((oid): [string, DevicePart] => [oid, 'neighbors:fdb']),
    ),
    ...MODULES,
    [ENTERPRISES, 'probes'],
  ].sort((a, b) => b[0].length - a[0].length) as [string, DevicePart][];
  return roots;
}

/** The part an object (or a table root asked by GETNEXT) belongs to; null for anything else. */
export function partOf(oid: string): DevicePart | null {
  for (const [root, part] of partRoots()) if (oid === root || under(oid, root)) return part;
  return null;
}
