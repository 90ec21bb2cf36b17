// ARP / neighbor caches (IP-MIB, RFC 4293): ipNetToMediaTable (IPv4, index ifIndex.a.b.c.d) and
// its successor ipNetToPhysicalTable (index ifIndex.InetAddressType.InetAddress, IPv4 and IPv6).
// Both have a type column whose invalid(2) marks an entry being removed: not a neighbor.
import { intOf, macOf } from '../value';
import { inetFromIndex, ipv4 } from './inet-address';
import { arcs, cell, ifIndexRef, indexes, type NeighborTable, type Row, row } from './table';

const INVALID = 2;

/** A cache whose index is ifIndex followed by the address (`address` reads what follows). */
function arpTable(
  name: string,
  entry: string,
  columns: { phys: number; type: number },
  address: (rest: number[]) => string | null,
): NeighborTable {
  const phys = `${entry}.${columns.phys}`;
  const type = `${entry}.${columns.type}`;
  return {
    name,
    via: 'arp',
    presence: entry,
    columns: [phys, type],
    rows(t) {
      const out: Row[] = [];
      for (const idx of indexes(t, [phys])) {
        if (intOf(cell(t, type, idx)) === INVALID) continue;
        const mac = macOf(cell(t, phys, idx));
        const [ifIndex, ...rest] = arcs(idx);
        if (mac) out.push(row({ mac, ip: address(rest), at: ifIndexRef(ifIndex) }));
      }
      return out;
    },
  };
}

/** ipNetToMediaPhysAddress (2), ipNetToMediaType (4). */
export const arpMedia = arpTable('arp-media', '1.3.6.1.2.1.4.22.1', { phys: 2, type: 4 }, ipv4);

/** ipNetToPhysicalPhysAddress (4), ipNetToPhysicalType (6). */
export const arpPhysical = arpTable(
  'arp-physical',
  '1.3.6.1.2.1.4.35.1',
  { phys: 4, type: 6 },
  ([family, ...addr]) => inetFromIndex(family, addr),
);
