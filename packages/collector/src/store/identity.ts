// Identity rules: which values make two observations the same asset.
//
//  1. `agent` id, SMBIOS `uuid`, `usb` id (vid:pid:serial, or the port it hangs off) always identify.
//  2. `serial` identifies across sources (ENTITY-MIB serial = the agent's DMI serial), except for
//     peripherals (USB serials are often placeholders) and placeholder strings ("To Be Filled By
//     O.E.M.", "Default string", "0", …) that many machines share.
//  3. `mac` identifies across sources (the agent's own NIC seen in a switch's ARP/FDB/LLDP table is the
//     same machine), except placeholder, multicast and locally administered (randomized) MACs.
//  4. `ip` identifies only a network device to another network device (a re-swept switch without
//     serial or MAC); endpoints change addresses with DHCP, so an IP never merges them.
//  5. `sysname` is recorded but never merges on its own (names repeat across sites).
//  6. `machine` (an agent's OS installation id: /etc/machine-id, MachineGuid, IOPlatformUUID, hashed)
//     makes a re-enrolled agent's endpoint (new state directory, reinstall) the machine it was, unless
//     the two disagree on hardware: a VM cloned without a new machine id has its own MAC or SMBIOS UUID.
// When one draft matches several stored assets, they are merged into the oldest (lowest id).
import type { AssetDraft, AssetKind, Identity } from '@coverscan/shared';
import { macWithoutVendor, normMac } from '@coverscan/shared';

export const kindRank: Record<AssetKind, number> = {
  neighbor: 0,
  peripheral: 1,
  'network-device': 2,
  endpoint: 3,
};

const junkSerial =
  /^(?:to be filled.*|default string|system serial number|chassis serial number|serial number|not specified|not available|none|null|n\/?a|unknown|invalid|empty|o\.?e\.?m\.?|0+|1234567890?|0123456789|x+|\.+|-+|\*+)$/i;
const junkUuid =
  /^(?:0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12}|03000200-0400-0500-0006-000700080009)$/i;

/** The canonical form of an identity, or null when it identifies nothing. */
export function normIdentity(id: Identity): Identity | null {
  const v = id.value.trim();
  if (!v) return null;
  switch (id.type) {
    case 'mac': {
      const hex = normMac(v);
      return hex && !macWithoutVendor(hex) ? { type: 'mac', value: hex } : null;
    }
    case 'serial':
      return v.length >= 4 && !junkSerial.test(v) && !/^(.)\1+$/.test(v)
        ? { type: 'serial', value: v.toUpperCase() }
        : null;
    case 'uuid':
      return junkUuid.test(v) ? null : { type: 'uuid', value: v.toLowerCase() };
    case 'ip':
      return { type: 'ip', value: v.toLowerCase() };
    case 'sysname':
    case 'usb':
      return { type: id.type, value: v.toLowerCase() };
    case 'machine':
      return v.length >= 16 && !/^(.)\1+$/.test(v) ? { type: 'machine', value: v.toLowerCase() } : null;
    case 'agent':
      return { type: 'agent', value: v };
  }
}

/** Every identity a draft carries: its list plus its own mac/serial/ip/hostname fields. */
export function draftIdentities(d: AssetDraft): Identity[] {
  const raw: Identity[] = [...d.identities];
  if (d.mac) raw.push({ type: 'mac', value: d.mac });
  if (d.serial && d.kind !== 'peripheral') raw.push({ type: 'serial', value: d.serial });
  if (d.ip) raw.push({ type: 'ip', value: d.ip });
  if (d.hostname && d.kind === 'network-device') raw.push({ type: 'sysname', value: d.hostname });
  const seen = new Set<string>();
  const out: Identity[] = [];
  for (const r of raw) {
    if (d.kind === 'peripheral' && r.type === 'serial') continue;
    const n = normIdentity(r);
    if (!n) continue;
    const k = `${n.type}\0${n.value}`;
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(n);
  }
  return out;
}

/** Whether a stored identity of an asset of `storedKind` makes the draft of `draftKind` the same asset. */
export function identityMerges(type: Identity['type'], draftKind: AssetKind, storedKind: AssetKind): boolean {
  if (type === 'sysname') return false;
  if (type === 'ip') return draftKind === 'network-device' && storedKind === 'network-device';
  if (type === 'machine') return draftKind === 'endpoint' && storedKind === 'endpoint';
  return true;
}

/** Identities that name the hardware itself: two machines that differ in one of them are two machines. */
const hardware = ['uuid', 'serial', 'mac'] as const;

/**
 * True when a draft and a stored asset both carry hardware identities of one type (SMBIOS UUID, serial,
 * MAC) and share none of them: a machine id copied into a cloned VM does not make the clone the original.
 */
export function hardwareDiffers(draft: Identity[], stored: Identity[]): boolean {
  return hardware.some((t) => {
    const mine = draft.filter((i) => i.type === t).map((i) => i.value);
    const theirs = new Set(stored.filter((i) => i.type === t).map((i) => i.value));
    return mine.length > 0 && theirs.size > 0 && !mine.some((v) => theirs.has(v));
  });
}

/**
 * Whether a draft may be merged into a stored asset that another source found, when one of the two is an
 * agent's (an agent's draft and a swept device, a swept device and an agent's endpoint, two agents): an
 * agent describes its own machine and peripherals, and one value it claims is not enough to make it
 * another source's device (any enrolled agent could report a swept switch's serial, before or after the
 * sweep). Allowed when either side is only a MAC sighting in a neighbor table (an agent's own NIC seen
 * from a switch: rule 3), or when the two agree beyond one value: two identities in common, or the OS
 * machine id (rule 6); and in both cases no hardware identity type both carry differs.
 */
export function mayAbsorb(
  draft: Identity[],
  draftKind: AssetKind,
  stored: Identity[],
  storedKind: AssetKind,
): boolean {
  if (storedKind === 'neighbor' || draftKind === 'neighbor') return true;
  if (hardwareDiffers(draft, stored)) return false;
  const theirs = new Set(stored.map((i) => `${i.type}\0${i.value}`));
  const common = draft.filter((i) => i.type !== 'agent' && theirs.has(`${i.type}\0${i.value}`));
  return common.length >= 2 || common.some((i) => i.type === 'machine');
}

/**
 * The identity under which an asset kept apart from a conflicting one is found again: the value scoped
 * to its source (`agent=ID`, or `sweep`); the plain value stays with the asset that had it first.
 */
export function scopedIdentity(id: Identity, scope: string): Identity {
  return { type: id.type, value: `${id.value}|${scope}` };
}
