// The IEEE registry (MA-L, MA-M, MA-S from the `oui-data` package) for the vendor name of any MAC.
// Longest prefix wins: a 36-bit MA-S block beats the 28-bit MA-M and 24-bit MA-L around it.
import { createRequire } from 'node:module';
import { normMac } from './normalize';

export interface OuiEntry {
  prefix: string;
  block: 'MA-L' | 'MA-M' | 'MA-S';
  registrant: string;
}

/** Reads one registry entry by hex prefix (6, 7 or 9 digits): the registrant's address block. */
export type OuiSource = (prefix: string) => string | undefined;

let source: OuiSource | undefined;

/**
 * Replaces how registry entries are read. The default parses the whole `oui-data` JSON on first use
 * (fast lookups for a collector that names thousands of MACs); the agent, which looks up a handful,
 * searches the file's bytes instead and saves ~30 MB.
 */
export function setOuiSource(s: OuiSource): void {
  source = s;
}

function load(): OuiSource {
  if (!source) {
    const registry = createRequire(import.meta.url)('oui-data') as Record<string, string>;
    source = (prefix) => registry[prefix];
  }
  return source;
}

/** Locally administered (randomized, virtual) MACs carry no vendor: bit 1 of the first octet. */
export function isLocallyAdministered(hex12: string): boolean {
  return (Number.parseInt(hex12.slice(0, 2), 16) & 0x02) !== 0;
}

export function isMulticast(hex12: string): boolean {
  return (Number.parseInt(hex12.slice(0, 2), 16) & 0x01) !== 0;
}

/** Placeholder MACs that many drivers and VMs report; never an identity or a vendor. */
export function isPlaceholderMac(hex12: string): boolean {
  // All zeros but the last byte (an unprogrammed board's default) and the "00:11:22:33:44:55" of
  // examples and factory images name no maker, although IEEE registered those prefixes once.
  return /^0{10}[0-9A-F]{2}$|^F{12}$/.test(hex12) || hex12 === '024C4F4F5000' || hex12 === '001122334455';
}

/** Why a MAC carries no vendor, or null when it does (or may). */
export function macWithoutVendor(hex12: string): 'placeholder' | 'multicast' | 'locally-administered' | null {
  if (isPlaceholderMac(hex12)) return 'placeholder';
  if (isMulticast(hex12)) return 'multicast';
  if (isLocallyAdministered(hex12)) return 'locally-administered';
  return null;
}

/** The registry entry for a MAC, or null for unregistered, randomized and placeholder MACs. */
export function lookupOui(mac: string): OuiEntry | null {
  const hex = normMac(mac);
  if (!hex || macWithoutVendor(hex)) return null;
  const get = load();
  for (const [len, block] of [
    [9, 'MA-S'],
    [7, 'MA-M'],
    [6, 'MA-L'],
  ] as const) {
    const prefix = hex.slice(0, len);
    const rec = get(prefix);
    if (rec) return { prefix, block, registrant: rec.split('\n')[0].trim() };
  }
  return null;
}
