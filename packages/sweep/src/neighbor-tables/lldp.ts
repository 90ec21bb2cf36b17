// LLDP remote systems (IEEE 802.1AB LLDP-MIB): what each neighbor announced — chassis id, port
// id, system name and description — with its management addresses (lldpRemManAddrTable, the
// address in the index) and, from phones and cameras, LLDP-MED inventory (ANSI/TIA-1057
// manufacturer and model). lldpTable() also reads LLDP-V2-MIB (lldp-v2.ts): same columns, other
// OIDs and index.
import type { VarValue } from '../ber';
import { bytesOf, displayOf, intOf, macOf, textOf } from '../value';
import type { Table } from '../walk';
import { familyAddress, familyFromIndex } from './inet-address';
import { arcs, cell, indexes, macInText, type NeighborTable, type PortRef, type Row, row } from './table';

export interface LldpDialect {
  name: string;
  /** The remote table's entry; chassis subtype, chassis id, port subtype, port id, port description, sysName, sysDescr. */
  entry: string;
  columns: {
    chassisSubtype: string;
    chassisId: string;
    portSubtype: string;
    portId: string;
    portDesc: string;
    sysName: string;
    sysDesc: string;
  };
  /** A column of the management-address table, whose index is remote index + family + address. */
  manAddr: string;
  /** Arcs of the remote table's index (the management-address index starts with them). */
  keyArcs: number;
  med?: { mfgName: string; modelName: string };
  /** The device's port, from the remote table's index. */
  localPort(key: number[]): PortRef | null;
}

/** LldpChassisIdSubtype: chassisComponent(1), interfaceAlias(2), portComponent(3), macAddress(4), networkAddress(5), interfaceName(6), local(7). */
const CHASSIS = { mac: 4, network: 5 };
/** LldpPortIdSubtype: interfaceAlias(1), portComponent(2), macAddress(3), networkAddress(4), interfaceName(5), agentCircuitId(6), local(7). */
const PORT = { mac: 3, network: 4, circuit: 6 };

interface Id {
  mac: string | null;
  ip: string | null;
  /** A name-like id (an alias, an interface or component name, a locally assigned string). */
  text: string | null;
}

/** An LLDP chassis or port id by its subtype: a MAC, a network address (IANA family first), or text. */
function decodeId(subtype: number | null, v: VarValue | undefined, mac: number, network: number): Id {
  const none: Id = { mac: null, ip: null, text: null };
  if (subtype === mac) return { ...none, mac: macOf(v) };
  const b = bytesOf(v);
  if (subtype === network)
    return b?.length ? { ...familyAddress(b[0], [...b.subarray(1)]), text: null } : none;
  const text = textOf(v);
  // Whatever the subtype says, a MAC written out as text, or six binary bytes, is the MAC.
  if (text) return macInText(text) ? { ...none, mac: macInText(text) } : { ...none, text };
  return b?.length === 6 ? { ...none, mac: macOf(v) } : none;
}

/** Management addresses by remote key: the first IPv4 one, else IPv6, and an 802 (MAC) one. */
function manAddresses(t: Table, d: LldpDialect): Map<string, { ip: string | null; mac: string | null }> {
  const out = new Map<string, { ip: string | null; mac: string | null }>();
  for (const idx of t.get(d.manAddr)?.keys() ?? []) {
    const parts = arcs(idx);
    const key = parts.slice(0, d.keyArcs).join('.');
    const [family, ...rest] = parts.slice(d.keyArcs);
    const addr = familyFromIndex(family, rest);
    const got = out.get(key) ?? { ip: null, mac: null };
    if (addr.ip && (!got.ip || (got.ip.includes(':') && !addr.ip.includes(':')))) got.ip = addr.ip;
    got.mac ??= addr.mac;
    out.set(key, got);
  }
  return out;
}

export function lldpTable(d: LldpDialect): NeighborTable {
  const c = d.columns;
  return {
    name: d.name,
    via: 'lldp',
    presence: d.entry,
    columns: [...Object.values(c), d.manAddr, ...(d.med ? [d.med.mfgName, d.med.modelName] : [])],
    rows(t) {
      const man = manAddresses(t, d);
      const out: Row[] = [];
      for (const idx of indexes(t, [c.chassisSubtype, c.chassisId, c.sysName])) {
        const key = arcs(idx);
        if (key.length !== d.keyArcs) continue;
        const chassis = decodeId(
          intOf(cell(t, c.chassisSubtype, idx)),
          cell(t, c.chassisId, idx),
          CHASSIS.mac,
          CHASSIS.network,
        );
        const portSubtype = intOf(cell(t, c.portSubtype, idx));
        const port =
          portSubtype === PORT.circuit
            ? null
            : decodeId(portSubtype, cell(t, c.portId, idx), PORT.mac, PORT.network);
        const addr = man.get(idx);
        const texts: Row['texts'] = [];
        const sysDesc = displayOf(cell(t, c.sysDesc, idx));
        if (sysDesc) texts.push({ field: 'lldpRemSysDesc', value: sysDesc, textClass: 'description' });
        const mfg = d.med && textOf(cell(t, d.med.mfgName, idx));
        if (mfg) texts.push({ field: 'lldpXMedRemMfgName', value: mfg, textClass: 'vendor' });
        const model = d.med && textOf(cell(t, d.med.modelName, idx));
        if (model) texts.push({ field: 'lldpXMedRemModelName', value: model, textClass: 'model' });
        out.push(
          row({
            // The chassis id names the box; a phone or camera often gives only its port's MAC.
            mac: chassis.mac ?? port?.mac ?? addr?.mac ?? null,
            ip: addr?.ip ?? chassis.ip ?? port?.ip ?? null,
            hostname: textOf(cell(t, c.sysName, idx)) || chassis.text,
            remotePort: port?.text || textOf(cell(t, c.portDesc, idx)) || null,
            texts,
            at: d.localPort(key),
          }),
        );
      }
      return out;
    },
  };
}

const REM = '1.0.8802.1.1.2.1.4.1.1';

/** LLDP-MIB (802.1AB-2005); index lldpRemTimeMark.lldpRemLocalPortNum.lldpRemIndex. */
export const lldp = lldpTable({
  name: 'lldp',
  entry: REM,
  columns: {
    chassisSubtype: `${REM}.4`,
    chassisId: `${REM}.5`,
    portSubtype: `${REM}.6`,
    portId: `${REM}.7`,
    portDesc: `${REM}.8`,
    sysName: `${REM}.9`,
    sysDesc: `${REM}.10`,
  },
  manAddr: '1.0.8802.1.1.2.1.4.2.1.3', // lldpRemManAddrIfSubtype
  keyArcs: 3,
  // LLDP-EXT-MED-MIB lldpXMedRemInventoryEntry, same index as lldpRemEntry.
  med: { mfgName: '1.0.8802.1.1.2.1.5.4795.1.3.3.1.5', modelName: '1.0.8802.1.1.2.1.5.4795.1.3.3.1.6' },
  localPort: (key) => (Number.isInteger(key[1]) ? { kind: 'lldpPort', n: key[1] } : null),
});
