// Q-BRIDGE-MIB dot1qTpFdbTable (RFC 4363): stations per filtering database, index
// dot1qFdbId.MAC. The FDB id is not the VLAN id: dot1qVlanFdbId (dot1qVlanCurrentTable, index
// timeMark.vlan) says which VLANs use which FDB; an FDB shared by several VLANs (shared VLAN
// learning) leaves the VLAN unknown. Bridges that do not serve dot1qVlanCurrentTable number
// their FDBs by VLAN (independent learning, the common case), so the FDB id stands in.
import { intOf, macOf } from '../value';
import type { Table } from '../walk';
import { bridgePort, isStation, macFromIndex } from './forwarding';
import { arcs, cell, indexes, type NeighborTable, type Row, row } from './table';

const ENTRY = '1.3.6.1.2.1.17.7.1.2.2.1';
/** dot1qTpFdbAddress is not-accessible (it is the index) but some agents serve it anyway. */
const ADDRESS = `${ENTRY}.1`;
const PORT = `${ENTRY}.2`;
const STATUS = `${ENTRY}.3`;
const VLAN_FDB_ID = '1.3.6.1.2.1.17.7.1.4.2.1.3';

/** FDB id → VLAN id, or null when several VLANs share it; null map when the agent has none. */
function vlansByFdb(t: Table): Map<number, number | null> | null {
  const col = t.get(VLAN_FDB_ID);
  if (!col?.size) return null;
  const out = new Map<number, number | null>();
  for (const [idx, v] of col) {
    const fdbId = intOf(v);
    const vlan = arcs(idx)[1];
    if (fdbId === null || !Number.isInteger(vlan)) continue;
    out.set(fdbId, out.has(fdbId) && out.get(fdbId) !== vlan ? null : vlan);
  }
  return out;
}

export const qbridgeFdb: NeighborTable = {
  name: 'qbridge-fdb',
  via: 'fdb',
  presence: ENTRY,
  columns: [ADDRESS, PORT, STATUS, VLAN_FDB_ID],
  allVlans: true,
  rows(t) {
    const vlans = vlansByFdb(t);
    const out: Row[] = [];
    for (const idx of indexes(t, [ADDRESS, PORT])) {
      if (!isStation(intOf(cell(t, STATUS, idx)))) continue;
      const [fdbId, ...rest] = arcs(idx);
      const mac = macOf(cell(t, ADDRESS, idx)) ?? macFromIndex(rest);
      if (!mac) continue;
      const vlan = vlans ? (vlans.get(fdbId) ?? null) : fdbId > 0 ? fdbId : null;
      out.push(
        row({ mac, vlan: vlan === null ? null : String(vlan), at: bridgePort(intOf(cell(t, PORT, idx))) }),
      );
    }
    return out;
  },
};
