// Naming the device's port a neighbor was seen on, with GETs of just the ports in use (never a
// walk of every port): a bridge port → ifIndex (dot1dBasePortIfIndex, read in the context whose
// forwarding table used it — Cisco numbers bridge ports per VLAN), ifIndex → ifName (ifDescr
// when the agent has no ifXTable), LLDP local port → lldpLocPortDesc / lldpLocPortId. A port
// that cannot be named keeps its raw number.
import { isException, type VarValue } from '../ber';
import { type AgentClient, getSome } from '../client';
import { IF } from '../mib';
import { intOf, textOf } from '../value';
import type { Found, PortRef, Row, Sighting } from './table';

const BASE_PORT_IF_INDEX = '1.3.6.1.2.1.17.1.4.1.2';
const LOC_PORT_ID = '1.0.8802.1.1.2.1.3.7.1.3';
const LOC_PORT_DESC = '1.0.8802.1.1.2.1.3.7.1.4';
/** Ports looked up per device (and per VLAN context): a bound on GETs, far above a switch's port count. */
const MAX_PORTS = 512;

/** GETs in batches of 24 objects; missing objects are simply absent from the result. */
async function getBatched(c: AgentClient, oids: string[]): Promise<Map<string, VarValue>> {
  const out = new Map<string, VarValue>();
  // Indexes come from the agent: a broken one (negative, missing) must not become a request.
  const ok = oids.filter((o) => /^\d+(\.\d+)+$/.test(o));
  for (let i = 0; i < ok.length; i += 24) {
    const got = await getSome(c, ok.slice(i, i + 24));
    if (!got) break;
    for (const [k, v] of got) if (!isException(v)) out.set(k, v);
  }
  return out;
}

const distinct = (ns: number[]) =>
  [...new Set(ns)].filter((n) => Number.isInteger(n) && n >= 0).slice(0, MAX_PORTS);

/** Maps the rows' bridge ports to ifIndexes, asking `c` — the context the rows were read in. */
export async function mapBridgePorts(c: AgentClient, rows: Row[]): Promise<void> {
  const refs = rows
    .map((r) => r.at)
    .filter((a): a is Extract<PortRef, { kind: 'bridgePort' }> => a?.kind === 'bridgePort');
  const ports = distinct(refs.map((a) => a.n));
  if (!ports.length) return;
  const got = await getBatched(
    c,
    ports.map((p) => `${BASE_PORT_IF_INDEX}.${p}`),
  );
  for (const a of refs) {
    const ifIndex = intOf(got.get(`${BASE_PORT_IF_INDEX}.${a.n}`));
    if (ifIndex !== null) a.ifIndex = ifIndex;
  }
}

/** First non-empty text of each object, per index. */
async function names(c: AgentClient, indexes: number[], columns: string[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (const col of columns) {
    const missing = indexes.filter((n) => !out.has(n));
    if (!missing.length) break;
    const got = await getBatched(
      c,
      missing.map((n) => `${col}.${n}`),
    );
    for (const n of missing) {
      const v = textOf(got.get(`${col}.${n}`));
      if (v) out.set(n, v);
    }
  }
  return out;
}

function ifIndexOf(a: PortRef | null): number | undefined {
  if (a?.kind === 'ifIndex') return a.n;
  if (a?.kind === 'bridgePort') return a.ifIndex;
  return undefined;
}

/** The rows as sightings, their ports named (asking the device's default context). */
export async function nameSightings(c: AgentClient, rows: Found[]): Promise<Sighting[]> {
  const ifIndexes = distinct(rows.map((r) => ifIndexOf(r.at)).filter((n) => n !== undefined));
  const lldpPorts = distinct(rows.flatMap((r) => (r.at?.kind === 'lldpPort' ? [r.at.n] : [])));
  const ifNames = ifIndexes.length
    ? await names(c, ifIndexes, [IF.name, IF.descr])
    : new Map<number, string>();
  const lldpNames = lldpPorts.length
    ? await names(c, lldpPorts, [LOC_PORT_DESC, LOC_PORT_ID])
    : new Map<number, string>();
  return rows.map(({ at, ...r }) => {
    const ifIndex = ifIndexOf(at);
    let port: string | null = null;
    if (ifIndex !== undefined) port = ifNames.get(ifIndex) ?? null;
    if (!port && at?.kind === 'lldpPort') port = lldpNames.get(at.n) ?? String(at.n);
    if (!port && at?.kind === 'bridgePort') port = `bridge port ${at.n}`;
    if (!port && at?.kind === 'ifIndex') port = `ifIndex ${at.n}`;
    return { ...r, port };
  });
}
