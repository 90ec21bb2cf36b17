// The standard MIB objects the sweep reads (all public RFCs / IEEE 802.1AB / Cisco's CDP MIB).

export const SYS = {
  descr: '1.3.6.1.2.1.1.1.0', // SNMPv2-MIB sysDescr
  objectId: '1.3.6.1.2.1.1.2.0',
  upTime: '1.3.6.1.2.1.1.3.0',
  contact: '1.3.6.1.2.1.1.4.0',
  name: '1.3.6.1.2.1.1.5.0',
  location: '1.3.6.1.2.1.1.6.0',
} as const;

/** SNMP-FRAMEWORK-MIB snmpEngineID (RFC 3411). */
export const ENGINE_ID = '1.3.6.1.6.3.10.2.1.1.0';

/** ENTITY-MIB entPhysicalEntry (RFC 6933) columns. */
export const ENT = {
  entry: '1.3.6.1.2.1.47.1.1.1.1',
  descr: '1.3.6.1.2.1.47.1.1.1.1.2',
  class: '1.3.6.1.2.1.47.1.1.1.1.5',
  hardwareRev: '1.3.6.1.2.1.47.1.1.1.1.8',
  serial: '1.3.6.1.2.1.47.1.1.1.1.11',
  mfgName: '1.3.6.1.2.1.47.1.1.1.1.12',
  modelName: '1.3.6.1.2.1.47.1.1.1.1.13',
} as const;

/** IF-MIB: ifPhysAddress (ifTable) and ifName (ifXTable). */
export const IF = {
  physAddress: '1.3.6.1.2.1.2.2.1.6',
  name: '1.3.6.1.2.1.31.1.1.1.1',
  descr: '1.3.6.1.2.1.2.2.1.2',
} as const;

/** LLDP-MIB lldpRemEntry (IEEE 802.1AB); index: timeMark, localPortNum, remIndex. */
export const LLDP = {
  chassisIdSubtype: '1.0.8802.1.1.2.1.4.1.1.4',
  chassisId: '1.0.8802.1.1.2.1.4.1.1.5',
  portIdSubtype: '1.0.8802.1.1.2.1.4.1.1.6',
  portId: '1.0.8802.1.1.2.1.4.1.1.7',
  portDesc: '1.0.8802.1.1.2.1.4.1.1.8',
  sysName: '1.0.8802.1.1.2.1.4.1.1.9',
  sysDesc: '1.0.8802.1.1.2.1.4.1.1.10',
  /** lldpLocPortDesc / lldpLocPortId: the local port's name, index localPortNum. */
  locPortId: '1.0.8802.1.1.2.1.3.7.1.3',
  locPortDesc: '1.0.8802.1.1.2.1.3.7.1.4',
  /** lldpRemManAddrIfSubtype: the index carries the remote management address. */
  remManAddrIfSubtype: '1.0.8802.1.1.2.1.4.2.1.3',
} as const;

/** LLDP-EXT-MED-MIB lldpXMedRemInventoryEntry (ANSI/TIA-1057); same index as lldpRemEntry. */
export const LLDP_MED = {
  serial: '1.0.8802.1.1.2.1.5.4795.1.3.3.1.4',
  mfgName: '1.0.8802.1.1.2.1.5.4795.1.3.3.1.5',
  modelName: '1.0.8802.1.1.2.1.5.4795.1.3.3.1.6',
} as const;

/** CISCO-CDP-MIB cdpCacheEntry; index: ifIndex, deviceIndex. */
export const CDP = {
  address: '1.3.6.1.4.1.9.9.23.1.2.1.1.4',
  version: '1.3.6.1.4.1.9.9.23.1.2.1.1.5',
  deviceId: '1.3.6.1.4.1.9.9.23.1.2.1.1.6',
  devicePort: '1.3.6.1.4.1.9.9.23.1.2.1.1.7',
  platform: '1.3.6.1.4.1.9.9.23.1.2.1.1.8',
} as const;

/** ARP: IP-MIB ipNetToMediaPhysAddress (index ifIndex.a.b.c.d) and ipNetToPhysicalPhysAddress. */
export const ARP = {
  media: '1.3.6.1.2.1.4.22.1.2',
  physical: '1.3.6.1.2.1.4.35.1.4',
} as const;

/** BRIDGE-MIB and Q-BRIDGE-MIB forwarding tables and the bridge port → ifIndex map. */
export const BRIDGE = {
  basePortIfIndex: '1.3.6.1.2.1.17.1.4.1.2',
  tpFdbPort: '1.3.6.1.2.1.17.4.3.1.2',
  tpFdbStatus: '1.3.6.1.2.1.17.4.3.1.3',
  qTpFdbPort: '1.3.6.1.2.1.17.7.1.2.2.1.2',
  /** dot1qVlanFdbId: FDB id → VLAN id (index is timeMark.vlanIndex). */
  qVlanFdbId: '1.3.6.1.2.1.17.7.1.4.2.1.3',
} as const;

export const ENTERPRISES = '1.3.6.1.4.1';

/** Is `oid` inside the subtree `root`? */
export function under(oid: string, root: string): boolean {
  return oid.length > root.length && oid.startsWith(root) && oid.charCodeAt(root.length) === 46;
}

/** Compares two OIDs numerically: negative when a sorts before b. */
export function compareOid(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) {
    const d = Number(x[i]) - Number(y[i]);
    if (d) return d;
  }
  return x.length - y.length;
}
