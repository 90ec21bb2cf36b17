// ARP / neighbor caches (IP-MIB, RFC 4293): ipNetToMediaTable (IPv4, index ifIndex.a.b.c.d) and
// its successor ipNetToPhysicalTable (index ifIndex.InetAddressType.InetAddress, IPv4 and IPv6).
// Both have a type column whose invalid(2) marks an entry being removed: not a neighbor.
import { intOf, macOf } from '../value';
import { inetFromIndex, ipv4 } from './inet-address';
import { arcs, cell, indexes, type NeighborTable, type Row, row } from './table';

const INVALID = 2;

const MEDIA = '1.3.6.1.2.1.4.22.1';
const MEDIA_PHYS = `${MEDIA}.2`;
const MEDIA_TYPE = `${MEDIA}.4`;

export const arpMedia: NeighborTable = {
  name: 'arp-media',
  via: 'arp',
  presence: MEDIA,
  columns: [MEDIA_PHYS, MEDIA_TYPE],
  rows(t) {
    const out: Row[] = [];
    for (const idx of indexes(t, [MEDIA_PHYS])) {
      if (intOf(cell(t, MEDIA_TYPE, idx)) === INVALID) continue;
      const mac = macOf(cell(t, MEDIA_PHYS, idx));
      const [ifIndex, ...addr] = arcs(idx);
      if (mac) out.push(row({ mac, ip: ipv4(addr), at: { kind: 'ifIndex', n: ifIndex } }));
    }
    return out;
  },
};

const PHYSICAL = '1.3.6.1.2.1.4.35.1';
const PHYSICAL_PHYS = `${PHYSICAL}.4`;
const PHYSICAL_TYPE = `${PHYSICAL}.6`;

export const arpPhysical: NeighborTable = {
  name: 'arp-physical',
  via: 'arp',
  presence: PHYSICAL,
  columns: [PHYSICAL_PHYS, PHYSICAL_TYPE],
  rows(t) {
    const out: Row[] = [];
    for (const idx of indexes(t, [PHYSICAL_PHYS])) {
      if (intOf(cell(t, PHYSICAL_TYPE, idx)) === INVALID) continue;
      const mac = macOf(cell(t, PHYSICAL_PHYS, idx));
      const [ifIndex, type, ...addr] = arcs(idx);
      if (mac) out.push(row({ mac, ip: inetFromIndex(type, addr), at: { kind: 'ifIndex', n: ifIndex } }));
    }
    return out;
  },
};
