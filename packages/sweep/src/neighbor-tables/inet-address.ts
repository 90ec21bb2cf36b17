// Network addresses as neighbor tables carry them: InetAddressType + InetAddress (RFC 4001) in
// ipNetToPhysicalTable's index, IANA AddressFamilyNumbers in LLDP management addresses, Cisco's
// CiscoNetworkProtocol in CDP. The unspecified address (0.0.0.0, ::) is no address.
import { isOctet } from './table';

/** InetAddressType → address length: ipv4(1), ipv6(2), ipv4z(3), ipv6z(4) (zone index dropped). */
const INET_SIZE: Record<number, number> = { 1: 4, 2: 16, 3: 8, 4: 20 };
/** IANA AddressFamilyNumbers → address length: ip(1), ip6(2), all802(6), a MAC. */
const FAMILY_SIZE: Record<number, number> = { 1: 4, 2: 16, 6: 6 };

/**
 * An address from a table index: length-prefixed as RFC 2578 §7.7 encodes a variable-length
 * OCTET STRING, or — as some agents send it — without the length.
 */
function unprefixed(rest: number[], size: number | undefined): number[] | null {
  if (!size) return null;
  if (rest.length === size + 1 && rest[0] === size) return rest.slice(1);
  return rest.length === size ? rest : null;
}

export function ipv4(b: number[]): string | null {
  if (b.length !== 4 || !b.every(isOctet) || b.every((x) => x === 0)) return null;
  return b.join('.');
}

export function ipv6(b: number[]): string | null {
  if (b.length !== 16 || !b.every(isOctet) || b.every((x) => x === 0)) return null;
  const words: string[] = [];
  for (let i = 0; i < 16; i += 2) words.push(((b[i] << 8) | b[i + 1]).toString(16));
  return words.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

/** An InetAddress of the given InetAddressType, from its bytes. */
export function inetAddress(type: number, b: number[]): string | null {
  if (type === 1 || type === 3) return ipv4(b.slice(0, 4));
  if (type === 2 || type === 4) return ipv6(b.slice(0, 16));
  return null;
}

/** An InetAddress from a table index, after its InetAddressType. */
export function inetFromIndex(type: number, rest: number[]): string | null {
  const b = unprefixed(rest, INET_SIZE[type]);
  return b ? inetAddress(type, b) : null;
}

/** An address from a table index, after its IANA address family (LLDP management addresses). */
export function familyFromIndex(family: number, rest: number[]): { ip: string | null; mac: string | null } {
  const b = unprefixed(rest, FAMILY_SIZE[family]);
  return b ? familyAddress(family, b) : { ip: null, mac: null };
}

/** IANA AddressFamilyNumbers (LLDP management and network addresses): ip(1), ip6(2), all802(6). */
export function familyAddress(family: number, b: number[]): { ip: string | null; mac: string | null } {
  if (family === 1) return { ip: ipv4(b), mac: null };
  if (family === 2) return { ip: ipv6(b), mac: null };
  if (family === 6 && b.length === 6 && b.every(isOctet))
    return { ip: null, mac: Buffer.from(b).toString('hex').toUpperCase() };
  return { ip: null, mac: null };
}
