// The neighbor-table registry: every dialect the sweep reads, in reading order. Adding one is a
// file here and a line below; identify-device.ts asks for every presence OID in its first look
// and neighbors.ts walks the tables that answered.
import { arpMedia, arpPhysical } from './arp';
import { cdp } from './cdp';
import { fdb } from './fdb';
import { lldp } from './lldp';
import { lldpV2 } from './lldp-v2';
import { qbridgeFdb } from './qbridge-fdb';
import type { NeighborTable } from './table';
import { VLAN_SOURCES } from './vlan-contexts';

export const NEIGHBOR_TABLES: readonly NeighborTable[] = [
  lldp,
  lldpV2,
  cdp,
  arpMedia,
  arpPhysical,
  qbridgeFdb,
  fdb,
];

/** What the first look must ask so that readNeighbors knows which tables a device has. */
export const NEIGHBOR_PRESENCE: readonly string[] = [
  ...new Set([...NEIGHBOR_TABLES.map((t) => t.presence), ...VLAN_SOURCES.map((s) => s.presence)]),
];
