// Identification of one responder: the system group, snmpEngineID, ENTITY-MIB's physical table,
// and — when sysObjectID is empty or names only an agent toolkit (net-snmp, Windows) — the
// vendor-private identity objects the catalog lists (data, not code), the private-MIB subtrees
// the agent implements, and the MACs of its own interfaces. The result is an asset draft with
// raw observations; vendors are identified and judged only by the shared core at ingest.
import {
  type AssetDraft,
  formatMac,
  type Identity,
  isGenericSysObjectId,
  loadCatalog,
  macWithoutVendor,
  type Observation,
  registryVendorName,
} from '@coverscan/shared';
import { isException, type VarValue } from './ber';
import { ByteBudget, DEFAULT_DEVICE_BYTES, describeBytes } from './byte-budget';
import { type AgentClient, ERR, getSome } from './client';
import type { DeviceClient } from './device-client';
import { type DevicePart, inPartOrder, partOf } from './device-parts';
import type { Responder } from './discover';
import { ENGINE_ID, ENT, ENTERPRISES, IF, SYS, under } from './mib';
import { NEIGHBOR_PRESENCE } from './neighbor-tables/index';
import { readNeighbors, type Sighting } from './neighbors';
import { bytesOf, decodeText, displayText, macOf, textOf } from './value';
import { newWalkStats, type WalkLimits, walkColumns } from './walk';

export interface DeviceResult {
  draft: AssetDraft;
  sightings: Sighting[];
  /**
   * The parts of the device that were not read (unanswered, cut by the deadline), and those cut by
   * the byte budget with the reason ("neighbors:arp (over the 16 MiB budget)"); also in the draft.
   */
  incomplete: string[];
  /** The budget's bytes when it cut a walk short, else null. */
  overBudget: number | null;
}

export interface DeviceOptions {
  maxRows: number;
  /** Bytes the device's walks may keep (byte-budget.ts; default 16 MiB). */
  maxBytes?: number;
  neighbors: boolean;
}

/** What the presence check asks: the first object of each table we may walk (neighbor tables: their registry). */
const PRESENCE = [ENT.class, IF.physAddress, ...NEIGHBOR_PRESENCE];

/** GETNEXT of several roots at once; per root, the OID that followed (or null). v1-safe. */
async function nextOf(
  c: AgentClient,
  roots: string[],
): Promise<Map<string, { oid: string; value: VarValue }>> {
  const out = new Map<string, { oid: string; value: VarValue }>();
  let ask = [...roots];
  for (let round = 0; round < roots.length && ask.length; round++) {
    const r = await c.getNext(ask);
    if (!r) return out;
    if (r.errorStatus === 2 && r.errorIndex >= 1 && r.errorIndex <= ask.length) {
      ask = ask.filter((_, i) => i !== r.errorIndex - 1); // v1: end of MIB for that one
      continue;
    }
    if (r.errorStatus === ERR.tooBig && ask.length > 1) {
      // One GETNEXT of every table is more than the agent can answer at once: ask in halves.
      const half = Math.ceil(ask.length / 2);
      for (const part of [ask.slice(0, half), ask.slice(half)])
        for (const [k, v] of await nextOf(c, part)) out.set(k, v);
      return out;
    }
    if (r.errorStatus !== 0) return out;
    ask.forEach((root, i) => {
      const vb = r.varbinds[i];
      if (vb && !isException(vb.value)) out.set(root, vb);
    });
    return out;
  }
  return out;
}

type Present = Map<string, { oid: string; value: VarValue }>;

/**
 * The first look at a device, in one request where the agent allows: GETBULK with every object as
 * a non-repeater is a GETNEXT of each, so the scalars (asked as their parent: GETNEXT of
 * sysContact is sysContact.0 when it exists) and the first row of each table we may walk (and
 * of 1.3.6.1.4.1, the first private MIB) arrive together. v1 agents, and agents that refuse it,
 * get a GET and a GETNEXT instead.
 */
async function firstLook(
  c: DeviceClient,
  scalars: string[],
  roots: string[],
): Promise<{ sys: Map<string, VarValue> | null; present: Present }> {
  const all = [...roots, ENTERPRISES];
  if (c.version !== 'v1') {
    const asks = [...scalars.map((o) => o.slice(0, o.lastIndexOf('.'))), ...all];
    const unread = new Set(c.notRead);
    const r = await c.getBulk(asks, 0, asks.length);
    // A live agent that leaves this GETBULK unanswered (some never answer one this wide) is asked
    // again below, the v1 way: what that reads is not missing. A gone one answers those at once.
    if (!r) {
      for (const p of c.notRead) if (!unread.has(p)) c.notRead.delete(p);
    } else if (r.errorStatus === 0 && r.varbinds.length === asks.length) {
      const sys = new Map<string, VarValue>();
      scalars.forEach((o, i) => {
        const vb = r.varbinds[i];
        if (vb.oid === o && !isException(vb.value)) sys.set(o, vb.value);
      });
      const present: Present = new Map();
      all.forEach((root, j) => {
        const vb = r.varbinds[scalars.length + j];
        if (!isException(vb.value)) present.set(root, vb);
      });
      return { sys, present };
    }
  }
  const sys = await getSome(c, scalars);
  // Asked even when the GET went unanswered: a gone device answers at once (and the tables are
  // then named as not read), a live one that lost the GET may still list its tables.
  return { sys, present: await nextOf(c, all) };
}

/**
 * The enterprise subtrees an agent implements, found by hopping GETNEXT from one enterprise to
 * the next (1.3.6.1.4.1 → first object → 1.3.6.1.4.1.<n+1> → ...): a handful of requests, and
 * the maker of a box behind a generic net-snmp sysObjectID usually shows up as one of them.
 */
async function enterpriseSubtrees(c: AgentClient, first: string | null, max = 6): Promise<string[]> {
  const out: string[] = [];
  let oid = first;
  for (let i = 0; i < max && oid && under(oid, ENTERPRISES); i++) {
    const n = oid.split('.')[6];
    if (!n || out.includes(n)) break;
    out.push(n);
    if (i + 1 >= max) break;
    const next = await nextOf(c, [`${ENTERPRISES}.${Number(n) + 1}`]);
    oid = next.values().next().value?.oid ?? null;
  }
  return out;
}

/**
 * Identifies one responder through its DeviceClient (which bounds every request by the device's
 * deadline). Throws only our own bugs: the agent's failures become `incomplete`.
 */
export async function identifyDevice(c: DeviceClient, r: Responder, o: DeviceOptions): Promise<DeviceResult> {
  const budget = new ByteBudget(o.maxBytes ?? DEFAULT_DEVICE_BYTES);
  const lim: WalkLimits = { maxRows: o.maxRows, deadline: c.deadline, bytes: budget };
  const stats = newWalkStats();
  const obs: Observation[] = [];
  const text = (field: string, value: string | null, textClass: Observation['textClass'], raw?: string) => {
    if (value) obs.push({ kind: 'text', source: 'snmp', field, value, textClass, ...(raw ? { raw } : {}) });
  };
  /** A text object as an observation, with its bytes when they were not UTF-8. */
  const textValue = (field: string, v: VarValue | undefined, textClass: Observation['textClass']) => {
    const d = decodeText(v);
    text(field, d?.text ?? null, textClass, d?.raw);
    return d?.text || null;
  };

  // System group: discovery already brought descr/objectID/name over v1/v2c.
  // ...plus the standard identity objects the catalog lists (UPS-MIB, Printer-MIB, LLDP local...).
  const identityOids = loadCatalog().identityOids;
  const sysOids = [SYS.contact, SYS.location, ENGINE_ID, ...identityOids.map((x) => x.oid)];
  if (!r.sysDescr) sysOids.unshift(SYS.descr);
  if (!r.sysObjectID) sysOids.unshift(SYS.objectId);
  if (!r.sysName) sysOids.unshift(SYS.name);
  const first = await firstLook(c, sysOids, PRESENCE);
  const sys = first.sys;
  const sv = (oid: string) => sys?.get(oid);
  const descr = r.sysDescr ? { text: r.sysDescr, raw: r.sysDescrRaw } : displayText(sv(SYS.descr));
  const sysDescr = descr?.text ?? null;
  const objVal = sv(SYS.objectId);
  const sysObjectID = r.sysObjectID ?? (objVal?.type === 'oid' ? objVal.value : null);
  const sysName = r.sysName ?? textOf(sv(SYS.name));
  const engineBytes = bytesOf(sv(ENGINE_ID));
  const engineID = r.engineId ?? (engineBytes?.length ? engineBytes.toString('hex') : null);
  if (sysObjectID)
    obs.push({ kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: sysObjectID });
  text('sysDescr', sysDescr, 'description', descr?.raw);
  textValue('sysContact', sv(SYS.contact), 'freetext');
  textValue('sysLocation', sv(SYS.location), 'freetext');
  text('sysName', sysName, 'freetext');
  if (engineID) obs.push({ kind: 'engineID', source: 'snmp', field: 'snmpEngineID', value: engineID });
  for (const x of identityOids) textValue(x.name, sv(x.oid), x.textClass);

  const generic = isGenericSysObjectId(sysObjectID);
  const present = first.present;
  const has = (root: string) => {
    const hit = present.get(root);
    return !!hit && under(hit.oid, root);
  };

  // ENTITY-MIB: the chassis (class 3) first, then anything with a maker or model.
  let model: string | null = null;
  let serial: string | null = null;
  if (has(ENT.class)) {
    // The class column finds the chassis; then GET the few columns we need for it (and the first
    // rows when there is no chassis), instead of walking every column of every module and sensor.
    const t = await walkColumns(c, [ENT.class], { ...lim, maxRows: Math.min(o.maxRows, 32) }, stats);
    const classes = [...(t.get(ENT.class) ?? new Map<string, VarValue>())];
    const isClass = (v: VarValue, n: number) => v.type === 'int' && v.value === n;
    const pick = [
      ...classes.filter(([, v]) => isClass(v, 3)),
      ...classes.filter(([, v]) => isClass(v, 11)),
      ...classes,
    ].map(([k]) => k);
    const rows = [...new Set(pick)].slice(0, 3);
    const cols = [ENT.mfgName, ENT.modelName, ENT.serial, ENT.descr];
    const got = rows.length
      ? await getSome(
          c,
          rows.flatMap((k) => cols.map((col) => `${col}.${k}`)),
        )
      : null;
    const cell = (col: string, k: string) => got?.get(`${col}.${k}`);
    for (const k of rows) {
      textValue('entPhysicalMfgName', cell(ENT.mfgName, k), 'vendor');
      const mdl = textValue('entPhysicalModelName', cell(ENT.modelName, k), 'model');
      if (mdl) model ??= mdl;
      serial ??= textOf(cell(ENT.serial, k)) || null;
    }
    if (rows[0]) textValue('entPhysicalDescr', cell(ENT.descr, rows[0]), 'description');
  }

  // Vendor-private identity objects from the catalog, when sysObjectID does not name a maker.
  const macs: string[] = [];
  if (generic) {
    const probes = loadCatalog().probes;
    const gets = [...new Set(probes.filter((p) => p.def.op === 'get').map((p) => p.def.oid))];
    const nexts = [...new Set(probes.filter((p) => p.def.op === 'next').map((p) => p.def.oid))];
    if (gets.length) {
      const got = await getSome(c, gets);
      for (const oid of gets) {
        const v = got?.get(oid);
        if (v && !isException(v)) {
          obs.push({ kind: 'snmpProbe', source: 'snmp', field: `probe:${oid}`, value: oid, probe: oid });
          textValue(`probe:${oid}`, v, 'model');
        }
      }
    }
    if (nexts.length) {
      const got = await nextOf(c, nexts);
      for (const oid of nexts) {
        const vb = got.get(oid);
        if (vb && under(vb.oid, oid))
          obs.push({ kind: 'snmpProbe', source: 'snmp', field: `probe:${oid}`, value: vb.oid, probe: oid });
      }
    }
    for (const n of await enterpriseSubtrees(c, present.get(ENTERPRISES)?.oid ?? null))
      obs.push({ kind: 'enterprise', source: 'snmp', field: 'private-mib', value: n });
  }
  // The agent's own interface MACs: identities for merging with other sources, and weak evidence
  // (at most `review`, as on the agent path): the NIC's maker is often not the device's.
  if (has(IF.physAddress)) {
    const t = await walkColumns(c, [IF.physAddress], { ...lim, maxRows: Math.min(o.maxRows, 8) }, stats);
    for (const v of t.get(IF.physAddress)?.values() ?? []) {
      const m = macOf(v);
      if (m && !macWithoutVendor(m) && !macs.includes(m)) macs.push(m);
    }
    for (const m of macs)
      obs.push({ kind: 'mac', source: 'snmp', field: 'ifPhysAddress', value: formatMac(m) });
  }

  const sightings: Sighting[] = o.neighbors ? await readNeighbors(c, has, lim, stats) : [];
  const cut = new Set([...budget.cut].map(partOf).filter((p): p is DevicePart => p !== null));
  const why = ` (over the ${describeBytes(budget.max)} budget)`;
  const incomplete = inPartOrder([...c.notRead, ...cut]).map((p) => (cut.has(p) ? p + why : p));

  // What the registries call the maker; the report names it from the evidence when any names one.
  const vendor = registryVendorName(obs);
  const identities: Identity[] = [{ type: 'ip', value: r.address }];
  if (sysName) identities.push({ type: 'sysname', value: sysName });
  if (serial) identities.push({ type: 'serial', value: serial });
  for (const m of macs) identities.push({ type: 'mac', value: formatMac(m) });
  return {
    draft: {
      kind: 'network-device',
      ip: r.address,
      mac: macs[0] ? formatMac(macs[0]) : null,
      hostname: sysName || null,
      vendor,
      model,
      serial,
      identities,
      observations: obs,
      incomplete,
    },
    sightings,
    incomplete,
    overBudget: budget.cut.size ? budget.max : null,
  };
}
