// Dahua's device discovery (what its ConfigTool sends): a 32-byte DHIP header (0x20 00 00 00,
// "DHIP", 8 bytes of session/request ids, the JSON length little-endian at offsets 16 and 24)
// followed by {"method":"DHDiscover.search",...}, to UDP 37810 (multicast 239.255.255.251).
// Dahua firmware, OEM units included, answers with the same header and client.notifyDevInfo:
// deviceInfo carries DeviceType, DeviceClass, SerialNo, Vendor/Manufacturer, Version, the MAC and
// its address. The reply has no id of ours to echo, so the caller accepts it only from an address
// it probed (or, for multicast, one inside the targets) while that probe is open.

export const DAHUA_PORT = 37810;
export const DAHUA_GROUP = '239.255.255.251';
const MAGIC = Buffer.from('DHIP', 'latin1');
const HEADER = 32;

export function dahuaSearch(): Buffer {
  const body = Buffer.from('{"method":"DHDiscover.search","params":{"mac":"","uni":1}}\n', 'utf8');
  const h = Buffer.alloc(HEADER);
  h.writeUInt32LE(0x20, 0);
  MAGIC.copy(h, 4);
  h.writeUInt32LE(body.length, 16);
  h.writeUInt32LE(body.length, 24);
  return Buffer.concat([h, body]);
}

export interface DahuaDevice {
  deviceType: string | null;
  deviceClass: string | null;
  serial: string | null;
  /** Vendor, else Manufacturer: an OEM unit names its brand here. */
  vendor: string | null;
  version: string | null;
  mac: string | null;
  ipv4: string | null;
}

export type DahuaReply = { ok: true; device: DahuaDevice } | { ok: false; why: 'malformed' | 'not-a-reply' };

const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v.trim() : null);

export function parseDahuaReply(buf: Buffer): DahuaReply {
  if (buf.length < HEADER || !buf.subarray(4, 8).equals(MAGIC)) return { ok: false, why: 'malformed' };
  const len = buf.readUInt32LE(16);
  if (len === 0 || HEADER + len > buf.length) return { ok: false, why: 'malformed' };
  let msg: unknown;
  try {
    msg = JSON.parse(
      buf
        .subarray(HEADER, HEADER + len)
        .toString('utf8')
        .replace(/\0+$/, ''),
    );
  } catch {
    return { ok: false, why: 'malformed' };
  }
  if (typeof msg !== 'object' || msg === null) return { ok: false, why: 'malformed' };
  const m = msg as { method?: unknown; mac?: unknown; params?: { deviceInfo?: Record<string, unknown> } };
  // Our own search (looped back by multicast) or another client's is not a device's reply.
  if (m.method !== 'client.notifyDevInfo') return { ok: false, why: 'not-a-reply' };
  const info = m.params?.deviceInfo;
  if (typeof info !== 'object' || info === null) return { ok: false, why: 'malformed' };
  const addr = info.IPv4Address as Record<string, unknown> | undefined;
  const device: DahuaDevice = {
    deviceType: str(info.DeviceType),
    deviceClass: str(info.DeviceClass),
    serial: str(info.SerialNo),
    vendor: str(info.Vendor) ?? str(info.Manufacturer),
    version: str(info.Version),
    mac: str(m.mac) ?? str(info.Mac),
    ipv4: typeof addr === 'object' && addr ? str(addr.IPAddress) : null,
  };
  if (!device.deviceType && !device.serial && !device.deviceClass) return { ok: false, why: 'malformed' };
  return { ok: true, device };
}
