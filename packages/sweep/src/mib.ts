// The standard MIB objects identification reads (public RFCs); the neighbor tables' own objects
// live with each dialect in neighbor-tables/.

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
