// CISCO-CDP-MIB cdpCacheTable: what Cisco (and CDP-speaking) neighbors announced, index
// ifIndex.cdpCacheDeviceIndex. The device id is a hostname, or for Cisco IP phones "SEP" + MAC.
import { bytesOf, displayOf, intOf, textOf } from '../value';
import { inetAddress } from './inet-address';
import { arcs, cell, ifIndexRef, indexes, macInText, type NeighborTable, type Row, row } from './table';

const ENTRY = '1.3.6.1.4.1.9.9.23.1.2.1.1';
const ADDRESS_TYPE = `${ENTRY}.3`;
const ADDRESS = `${ENTRY}.4`;
const VERSION = `${ENTRY}.5`;
const DEVICE_ID = `${ENTRY}.6`;
const DEVICE_PORT = `${ENTRY}.7`;
const PLATFORM = `${ENTRY}.8`;

/** CiscoNetworkProtocol (CISCO-TC): ip(1), ipv6(20); agents that leave the type out send IPv4. */
function address(type: number | null, b: Buffer | null): string | null {
  if (!b) return null;
  if ((type === 1 || type === null) && b.length === 4) return inetAddress(1, [...b]);
  if (type === 20 && b.length === 16) return inetAddress(2, [...b]);
  return null;
}

/** "SEP001B67ABCDEF" (Cisco IP phones) or a MAC written out as the device id. */
function macOfDeviceId(id: string): string | null {
  return macInText(id.replace(/^SEP(?=[0-9a-f]{12}$)/i, ''));
}

export const cdp: NeighborTable = {
  name: 'cdp',
  via: 'cdp',
  presence: ENTRY,
  columns: [ADDRESS_TYPE, ADDRESS, VERSION, DEVICE_ID, DEVICE_PORT, PLATFORM],
  rows(t) {
    const out: Row[] = [];
    for (const idx of indexes(t, [DEVICE_ID, ADDRESS])) {
      const id = textOf(cell(t, DEVICE_ID, idx)) || null;
      const texts: Row['texts'] = [];
      const platform = textOf(cell(t, PLATFORM, idx));
      if (platform) texts.push({ field: 'cdpCachePlatform', value: platform, textClass: 'model' });
      const version = displayOf(cell(t, VERSION, idx));
      if (version) texts.push({ field: 'cdpCacheVersion', value: version, textClass: 'description' });
      const [ifIndex] = arcs(idx);
      out.push(
        row({
          mac: id ? macOfDeviceId(id) : null,
          ip: address(intOf(cell(t, ADDRESS_TYPE, idx)), bytesOf(cell(t, ADDRESS, idx))),
          hostname: id,
          remotePort: textOf(cell(t, DEVICE_PORT, idx)) || null,
          texts,
          at: ifIndexRef(ifIndex),
        }),
      );
    }
    return out;
  },
};
