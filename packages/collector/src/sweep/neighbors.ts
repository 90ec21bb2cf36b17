// The devices behind a responder's ports: LLDP remote table (+ LLDP-MED inventory), CDP cache,
// ARP (ipNetToMediaTable, ipNetToPhysicalTable) and bridge forwarding (dot1dTpFdbTable,
// dot1qTpFdbTable with dot1dBasePortIfIndex → ifName). Each table is walked only when the
// presence check (one GETNEXT per device, see identify-device.ts) saw it, and bounded.
import { isException, type VarValue } from './ber';
import { type AgentClient, getSome } from './client';
import { ARP, BRIDGE, CDP, IF, LLDP, LLDP_MED } from './mib';
import { bytesOf, displayOf, intOf, macOf, textOf } from './value';
import { type WalkLimits, type WalkStats, walkColumns } from './walk';

export interface Sighting {
  /** 12 upper-case hex digits, or null for CDP neighbors known only by name/address. */
  mac: string | null;
  ip: string | null;
  via: 'lldp' | 'cdp' | 'arp' | 'fdb';
  port: string | null;
  vlan: string | null;
  hostname: string | null;
  /** Text the neighbor announced about itself (LLDP/CDP), for identification. */
  texts: { field: string; value: string; textClass: 'vendor' | 'model' | 'description' }[];
}

export interface NeighborTables {
  lldp: boolean;
  lldpMed: boolean;
  cdp: boolean;
  arpMedia: boolean;
  arpPhysical: boolean;
  fdb: boolean;
  qfdb: boolean;
}

const ipv4 = (parts: number[]) =>
  parts.length === 4 && parts.every((p) => p >= 0 && p <= 255) ? parts.join('.') : null;

function ipv6(parts: number[]): string | null {
  if (parts.length !== 16) return null;
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((parts[i] << 8) | parts[i + 1]).toString(16));
  return words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

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

/** Port names by ifIndex, read with GETs in small batches (only the ports that matter). */
async function ifNames(c: AgentClient, ifIndexes: Iterable<number>, cap = 256): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  const list = [...new Set(ifIndexes)].filter((n) => Number.isInteger(n) && n >= 0).slice(0, cap);
  for (let i = 0; i < list.length; i += 24) {
    const batch = list.slice(i, i + 24);
    const got = await getSome(
      c,
      batch.map((n) => `${IF.name}.${n}`),
    );
    if (!got) break;
    for (const n of batch) {
      const v = textOf(got.get(`${IF.name}.${n}`));
      if (v) out.set(n, v);
    }
    // Agents without ifXTable: fall back to ifDescr.
    const missing = batch.filter((n) => !out.has(n));
    if (missing.length) {
      const d = await getSome(
        c,
        missing.map((n) => `${IF.descr}.${n}`),
      );
      for (const n of missing) {
        const v = textOf(d?.get(`${IF.descr}.${n}`));
        if (v) out.set(n, v);
      }
    }
  }
  return out;
}

export async function readNeighbors(
  c: AgentClient,
  has: NeighborTables,
  lim: WalkLimits,
  stats: WalkStats,
): Promise<Sighting[]> {
  const out: Sighting[] = [];

  if (has.lldp) {
    const cols = [
      LLDP.chassisIdSubtype,
      LLDP.chassisId,
      LLDP.portIdSubtype,
      LLDP.portId,
      LLDP.sysName,
      LLDP.sysDesc,
    ];
    const t = await walkColumns(c, cols, lim, stats);
    const med = has.lldpMed
      ? await walkColumns(c, [LLDP_MED.mfgName, LLDP_MED.modelName, LLDP_MED.serial], lim, stats)
      : null;
    const col = (name: string) => t.get(name) ?? new Map<string, VarValue>();
    // Local port names only for the ports that have neighbors.
    const portNums = [...new Set([...col(LLDP.chassisIdSubtype).keys()].map((idx) => idx.split('.')[1]))];
    const loc = await getBatched(
      c,
      portNums.flatMap((n) => [`${LLDP.locPortDesc}.${n}`, `${LLDP.locPortId}.${n}`]),
    );
    for (const [idx, subtype] of col(LLDP.chassisIdSubtype)) {
      const portNum = idx.split('.')[1];
      const localPort =
        textOf(loc.get(`${LLDP.locPortDesc}.${portNum}`)) ||
        textOf(loc.get(`${LLDP.locPortId}.${portNum}`)) ||
        portNum;
      const chassis = col(LLDP.chassisId).get(idx);
      let mac = intOf(subtype) === 4 ? macOf(chassis) : null;
      if (!mac && intOf(col(LLDP.portIdSubtype).get(idx)) === 3) mac = macOf(col(LLDP.portId).get(idx));
      // networkAddress subtype (5): 1 byte IANA family (1 = IPv4) then the address.
      let ip: string | null = null;
      const cb = bytesOf(chassis);
      if (intOf(subtype) === 5 && cb && cb.length === 5 && cb[0] === 1) ip = ipv4([...cb.subarray(1)]);
      const texts: Sighting['texts'] = [];
      const sysDesc = displayOf(col(LLDP.sysDesc).get(idx));
      if (sysDesc) texts.push({ field: 'lldpRemSysDesc', value: sysDesc, textClass: 'description' });
      const mfg = textOf(med?.get(LLDP_MED.mfgName)?.get(idx));
      if (mfg) texts.push({ field: 'lldpXMedRemMfgName', value: mfg, textClass: 'vendor' });
      const model = textOf(med?.get(LLDP_MED.modelName)?.get(idx));
      if (model) texts.push({ field: 'lldpXMedRemModelName', value: model, textClass: 'model' });
      out.push({
        mac,
        ip,
        via: 'lldp',
        port: localPort,
        vlan: null,
        hostname: textOf(col(LLDP.sysName).get(idx)) || null,
        texts,
      });
    }
  }

  if (has.cdp) {
    const t = await walkColumns(c, [CDP.address, CDP.deviceId, CDP.devicePort, CDP.platform], lim, stats);
    const ports = new Set<number>();
    for (const idx of t.get(CDP.deviceId)?.keys() ?? []) ports.add(Number(idx.split('.')[0]));
    const names = await ifNames(c, ports);
    for (const [idx, dev] of t.get(CDP.deviceId) ?? []) {
      const addr = bytesOf(t.get(CDP.address)?.get(idx));
      const id = textOf(dev);
      const platform = textOf(t.get(CDP.platform)?.get(idx));
      const texts: Sighting['texts'] = [];
      if (platform) texts.push({ field: 'cdpCachePlatform', value: platform, textClass: 'model' });
      const ifIndex = Number(idx.split('.')[0]);
      out.push({
        // Some devices (phones) use their MAC as CDP device id, e.g. "SEP001122334455".
        mac: id ? macOf({ type: 'string', value: Buffer.from(id.replace(/^SEP/i, '')) }) : null,
        ip: addr && addr.length === 4 ? ipv4([...addr]) : null,
        via: 'cdp',
        port: names.get(ifIndex) ?? String(ifIndex),
        vlan: null,
        hostname: id || null,
        texts,
      });
    }
  }

  const arpIf = new Set<number>();
  const arp: { mac: string; ip: string | null; ifIndex: number }[] = [];
  if (has.arpMedia) {
    const t = await walkColumns(c, [ARP.media], lim, stats);
    for (const [idx, v] of t.get(ARP.media) ?? []) {
      const parts = idx.split('.').map(Number);
      const mac = macOf(v);
      if (!mac) continue;
      arp.push({ mac, ip: ipv4(parts.slice(1)), ifIndex: parts[0] });
      arpIf.add(parts[0]);
    }
  }
  if (has.arpPhysical) {
    const t = await walkColumns(c, [ARP.physical], lim, stats);
    for (const [idx, v] of t.get(ARP.physical) ?? []) {
      const parts = idx.split('.').map(Number);
      const mac = macOf(v);
      if (!mac) continue;
      // index: ifIndex, addressType (1 ipv4, 2 ipv6), length, address bytes
      const addr = parts.slice(3);
      const ip = parts[1] === 1 ? ipv4(addr) : parts[1] === 2 ? ipv6(addr) : null;
      arp.push({ mac, ip, ifIndex: parts[0] });
      arpIf.add(parts[0]);
    }
  }

  const fdb: { mac: string; port: number; vlan: string | null }[] = [];
  if (has.qfdb) {
    const t = await walkColumns(c, [BRIDGE.qTpFdbPort], lim, stats);
    for (const [idx, v] of t.get(BRIDGE.qTpFdbPort) ?? []) {
      const parts = idx.split('.').map(Number);
      if (parts.length !== 7) continue;
      const mac = Buffer.from(parts.slice(1)).toString('hex').toUpperCase();
      const port = intOf(v);
      if (port === null) continue;
      fdb.push({ mac, port, vlan: String(parts[0]) }); // the FDB id is the VLAN id on most bridges
    }
  }
  if (has.fdb) {
    const t = await walkColumns(c, [BRIDGE.tpFdbPort], lim, stats);
    const seen = new Set(fdb.map((f) => f.mac));
    for (const [idx, v] of t.get(BRIDGE.tpFdbPort) ?? []) {
      const parts = idx.split('.').map(Number);
      if (parts.length !== 6) continue;
      const mac = Buffer.from(parts).toString('hex').toUpperCase();
      const port = intOf(v);
      if (port === null || seen.has(mac)) continue;
      fdb.push({ mac, port, vlan: null });
    }
  }

  const names = new Map<number, string>();
  if (fdb.length) {
    // Bridge port → ifIndex only for the ports the tables use (GETs, not a walk of every port).
    const bridgePorts = [...new Set(fdb.map((f) => f.port))].slice(0, 512);
    const bp = await getBatched(
      c,
      bridgePorts.map((p) => `${BRIDGE.basePortIfIndex}.${p}`),
    );
    const ifOfPort = new Map<number, number>();
    for (const p of bridgePorts) {
      const n = intOf(bp.get(`${BRIDGE.basePortIfIndex}.${p}`));
      if (n !== null) ifOfPort.set(p, n);
    }
    const wanted = new Set<number>();
    for (const f of fdb) {
      const ifIndex = ifOfPort.get(f.port);
      if (ifIndex !== undefined) wanted.add(ifIndex);
    }
    const n = await ifNames(c, wanted);
    for (const f of fdb) {
      const ifIndex = ifOfPort.get(f.port);
      const name = ifIndex !== undefined ? n.get(ifIndex) : undefined;
      out.push({
        mac: f.mac,
        ip: null,
        via: 'fdb',
        port: name ?? (f.port ? `bridge port ${f.port}` : null),
        vlan: f.vlan,
        hostname: null,
        texts: [],
      });
    }
    for (const [k, v] of n) names.set(k, v);
  }
  if (arp.length) {
    const missing = [...arpIf].filter((i) => !names.has(i));
    for (const [k, v] of await ifNames(c, missing, 64)) names.set(k, v);
    for (const a of arp)
      out.push({
        mac: a.mac,
        ip: a.ip,
        via: 'arp',
        port: names.get(a.ifIndex) ?? null,
        vlan: null,
        hostname: null,
        texts: [],
      });
  }
  return out;
}
