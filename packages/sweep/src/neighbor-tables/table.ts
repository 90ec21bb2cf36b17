// What a neighbor-table dialect declares: the OID whose GETNEXT in the first look shows the table
// is there, the columns walked (in lockstep, whatever table they belong to), and rows → sightings.
// Ports stay references (ifIndex, bridge port, LLDP local port) until the reader names them.
import type { VarValue } from '../ber';
import { macOf } from '../value';
import type { Table } from '../walk';

export interface Sighting {
  /** 12 upper-case hex digits, or null for neighbors known only by name/address. */
  mac: string | null;
  ip: string | null;
  via: 'lldp' | 'cdp' | 'arp' | 'fdb';
  /** The device's own port the neighbor is behind: its name, or the raw number when it has none. */
  port: string | null;
  /** The neighbor's own port as it announced it (LLDP port id, CDP device port). */
  remotePort: string | null;
  vlan: string | null;
  hostname: string | null;
  /** Text the neighbor announced about itself (LLDP/CDP), for identification. */
  texts: { field: string; value: string; textClass: 'vendor' | 'model' | 'description' }[];
}

/** Where on the device a row puts the neighbor, before the port has a name. */
export type PortRef =
  | { kind: 'ifIndex'; n: number }
  /** BRIDGE-MIB port number; ifIndex once dot1dBasePortIfIndex maps it. */
  | { kind: 'bridgePort'; n: number; ifIndex?: number }
  /** LLDP-MIB lldpLocPortNum, named by lldpLocPortDesc / lldpLocPortId. */
  | { kind: 'lldpPort'; n: number };

export interface Row extends Omit<Sighting, 'port' | 'via'> {
  at: PortRef | null;
}

/** A row and the kind of table it came from. */
export type Found = Row & { via: Sighting['via'] };

export interface NeighborTable {
  /** The dialect's name (file name), for tests and counters. */
  name: string;
  via: Sighting['via'];
  /** Usually the table's entry OID: a GETNEXT of it lands under it exactly when the table has rows. */
  presence: string;
  /** Walked together (GETBULK in lockstep); a column the agent lacks costs one varbind. */
  columns: string[];
  /** Read again in each VLAN's `community@vlan` context (Cisco serves BRIDGE-MIB per VLAN). */
  perVlan?: boolean;
  /** Its rows already cover every VLAN (Q-BRIDGE): when it has any, no VLAN context is read. */
  allVlans?: boolean;
  rows(t: Table): Row[];
}

/** A row with nothing known yet but what the caller passes. */
export function row(r: Partial<Row>): Row {
  return { mac: null, ip: null, remotePort: null, vlan: null, hostname: null, texts: [], at: null, ...r };
}

/** The row indexes found in any of `columns`, in walk order. */
export function indexes(t: Table, columns: string[]): string[] {
  const out = new Set<string>();
  for (const col of columns) for (const idx of t.get(col)?.keys() ?? []) out.add(idx);
  return [...out];
}

export function cell(t: Table, column: string, idx: string): VarValue | undefined {
  return t.get(column)?.get(idx);
}

/** An index as numbers (indexes come from the agent: anything non-numeric becomes NaN). */
export const arcs = (idx: string): number[] => idx.split('.').map(Number);

/** ifIndex runs from 1: a 0 or a broken index names no port. */
export function ifIndexRef(n: number | undefined): PortRef | null {
  return n !== undefined && Number.isInteger(n) && n > 0 ? { kind: 'ifIndex', n } : null;
}

/**
 * A MAC written out as text ("00:11:22:33:44:55", "0011.2233.4455", "001122334455"), never six
 * characters that happen to be six bytes long ("uplink").
 */
export function macInText(s: string): string | null {
  return s.length >= 12 ? macOf({ type: 'string', value: Buffer.from(s, 'latin1') }) : null;
}

export const isOctet = (n: number) => Number.isInteger(n) && n >= 0 && n <= 255;
