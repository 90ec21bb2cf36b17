// BRIDGE-MIB dot1dTpFdbTable (RFC 4188): the stations a transparent bridge learned, by bridge
// port. Indexed by MAC on most bridges, but some number their rows instead, so the MAC comes
// from dot1dTpFdbAddress and from the index only when the column is missing. Cisco IOS serves
// one such table per VLAN (community@vlan), hence perVlan.
import { intOf, macOf } from '../value';
import { bridgePort, isStation, macFromIndex } from './forwarding';
import { arcs, cell, indexes, type NeighborTable, type Row, row } from './table';

const ENTRY = '1.3.6.1.2.1.17.4.3.1';
const ADDRESS = `${ENTRY}.1`;
const PORT = `${ENTRY}.2`;
const STATUS = `${ENTRY}.3`;

export const fdb: NeighborTable = {
  name: 'fdb',
  via: 'fdb',
  presence: ENTRY,
  columns: [ADDRESS, PORT, STATUS],
  perVlan: true,
  rows(t) {
    const out: Row[] = [];
    for (const idx of indexes(t, [ADDRESS, PORT])) {
      if (!isStation(intOf(cell(t, STATUS, idx)))) continue;
      const mac = macOf(cell(t, ADDRESS, idx)) ?? macFromIndex(arcs(idx));
      if (mac) out.push(row({ mac, at: bridgePort(intOf(cell(t, PORT, idx))) }));
    }
    return out;
  },
};
