// Hikvision SADP (Search Active Devices Protocol), the XML-over-UDP form its SADP tool sends to
// 239.255.255.250:37020: an inquiry Probe with a UUID; Hikvision firmware (OEM units included)
// answers with a ProbeMatch echoing that UUID and carrying its device type, description (model),
// serial, MAC, address and software version. A reply without our UUID is someone else's (or
// spoofed) and is dropped.
import { hasElement, xmlField } from './xml-fields';

export const SADP_PORT = 37020;
export const SADP_GROUP = '239.255.255.250';

export function sadpInquiry(uuid: string): Buffer {
  return Buffer.from(
    `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${uuid}</Uuid><Types>inquiry</Types></Probe>`,
    'utf8',
  );
}

export interface SadpDevice {
  deviceType: string | null;
  description: string | null;
  serial: string | null;
  mac: string | null;
  ipv4: string | null;
  softwareVersion: string | null;
}

export type SadpReply = { ok: true; device: SadpDevice } | { ok: false; why: 'malformed' | 'spoofed' };

export function parseSadpReply(buf: Buffer, uuid: string): SadpReply {
  const xml = buf.toString('utf8');
  if (!hasElement(xml, 'ProbeMatch')) return { ok: false, why: 'malformed' };
  const got = xmlField(xml, 'Uuid');
  if (!got || got.toUpperCase() !== uuid.toUpperCase()) return { ok: false, why: 'spoofed' };
  const f = (n: string) => xmlField(xml, n) || null;
  const device = {
    deviceType: f('DeviceType'),
    description: f('DeviceDescription'),
    serial: f('DeviceSN'),
    mac: f('MAC'),
    ipv4: f('IPv4Address'),
    softwareVersion: f('SoftwareVersion'),
  };
  // A ProbeMatch that says nothing about the device is not a reply worth an observation.
  if (!device.deviceType && !device.description && !device.serial) return { ok: false, why: 'malformed' };
  return { ok: true, device };
}
