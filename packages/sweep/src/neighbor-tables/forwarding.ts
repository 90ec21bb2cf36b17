// What BRIDGE-MIB's dot1dTpFdbTable (RFC 4188) and Q-BRIDGE-MIB's dot1qTpFdbTable (RFC 4363)
// share: the entry status enumeration and a MAC address written into the row index.
import { isOctet, type PortRef } from './table';

/**
 * dot1dTpFdbStatus / dot1qTpFdbStatus: other(1), invalid(2), learned(3), self(4), mgmt(5).
 * A neighbor is a learned entry, or other(1) — forwarding decided elsewhere (e.g. port security),
 * still a station on that port. invalid is being removed, self is the bridge's own address, mgmt
 * is a static filter entry rather than a station seen. Agents without the column: kept.
 */
export function isStation(status: number | null): boolean {
  return status === null || status === 1 || status === 3;
}

/**
 * The MAC in an FDB row index: six arcs (MacAddress is a fixed-size OCTET STRING, so no length),
 * or the same six with a length 6 before them, as agents that declare the type variable-length
 * encode it (RFC 2578 §7.7). Anything else is not a MAC.
 */
export function macFromIndex(parts: number[]): string | null {
  const b = parts.length === 7 && parts[0] === 6 ? parts.slice(1) : parts;
  if (b.length !== 6 || !b.every(isOctet)) return null;
  return Buffer.from(b).toString('hex').toUpperCase();
}

/** dot1dTpFdbPort / dot1qTpFdbPort: 0 means the port is not known. */
export function bridgePort(n: number | null): PortRef | null {
  return n !== null && n > 0 ? { kind: 'bridgePort', n } : null;
}
