// LLDP-V2-MIB (IEEE 802.1AB-2009, 1.3.111.2.802.1.1.13): the same remote table as LLDP-MIB under
// other OIDs, indexed lldpV2RemTimeMark.lldpV2RemLocalIfIndex.lldpV2RemLocalDestMACAddress.
// lldpV2RemIndex — the local port is an ifIndex here.
import { lldpTable } from './lldp';
import { ifIndexRef } from './table';

const REM = '1.3.111.2.802.1.1.13.1.4.1.1';

export const lldpV2 = lldpTable({
  name: 'lldp-v2',
  entry: REM,
  columns: {
    chassisSubtype: `${REM}.5`,
    chassisId: `${REM}.6`,
    portSubtype: `${REM}.7`,
    portId: `${REM}.8`,
    portDesc: `${REM}.9`,
    sysName: `${REM}.10`,
    sysDesc: `${REM}.11`,
  },
  manAddr: '1.3.111.2.802.1.1.13.1.4.2.1.3', // lldpV2RemManAddrIfSubtype
  keyArcs: 4,
  localPort: (key) => ifIndexRef(key[1]),
});
