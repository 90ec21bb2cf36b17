// Linux peripherals from files the kernel, BlueZ and CUPS keep, instead of systeminformation's
// synchronous lspci/dmidecode/nmcli/hcitool spawns (measured: those block the event loop ~100 ms
// in all; these reads take a few ms). Each parser is pure and tested with fixtures.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Inventory } from '@coverscan/shared';
import { runCommand } from './run-command';
import { withoutUserinfo } from './uri-userinfo';

async function read(path: string, enc: BufferEncoding = 'utf8'): Promise<string | null> {
  try {
    const v = (await readFile(path, enc)).trim();
    return v || null;
  } catch {
    return null;
  }
}

async function list(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch {
    return [];
  }
}

// ARM "CPU implementer" codes (Arm ARM, MIDR_EL1): 0x48 is HiSilicon (Kunpeng, Kirin).
const armImplementers: Record<string, string> = {
  '0x41': 'ARM',
  '0x42': 'Broadcom',
  '0x43': 'Cavium',
  '0x46': 'Fujitsu',
  '0x48': 'HiSilicon',
  '0x4e': 'NVIDIA',
  '0x50': 'Applied Micro',
  '0x51': 'Qualcomm',
  '0x53': 'Samsung',
  '0x61': 'Apple',
  '0x63': 'Arm China',
  '0x69': 'Intel',
  '0xc0': 'Ampere',
};
const x86Vendors: Record<string, string> = {
  GenuineIntel: 'Intel',
  AuthenticAMD: 'AMD',
  HygonGenuine: 'Hygon',
  CentaurHauls: 'VIA',
  Shanghai: 'Zhaoxin', // vendor_id "  Shanghai  ", trimmed
};

export function parseCpuinfo(text: string): Inventory['host']['cpu'] {
  const first: Record<string, string> = {};
  let processors = 0;
  for (const line of text.split('\n')) {
    const i = line.indexOf(':');
    if (i < 0) continue;
    const key = line.slice(0, i).trim();
    const val = line.slice(i + 1).trim();
    if (key === 'processor') processors++;
    if (!(key in first)) first[key] = val;
  }
  const vendorId = first.vendor_id;
  const impl = first['CPU implementer']?.toLowerCase();
  const manufacturer = vendorId
    ? (x86Vendors[vendorId] ?? vendorId)
    : impl
      ? (armImplementers[impl] ?? `ARM implementer ${impl}`)
      : null;
  const brand = first['model name'] ?? first.Model ?? first.Hardware ?? null;
  return { manufacturer, brand, cores: processors || null };
}

export async function readCpu(): Promise<Inventory['host']['cpu']> {
  return parseCpuinfo((await read('/proc/cpuinfo')) ?? '');
}

/** SCSI INQUIRY vendor fields that name a transport, not a maker: the model says who made the disk. */
const TRANSPORT_VENDORS = /^(?:ata|nvme|scsi|usb|generic|sata)$/i;

/** Unit Serial Number VPD page (SPC-4 §7.8.15): 4-byte header, then the serial in ASCII. */
export function parseVpdSerial(buf: Buffer): string | null {
  if (buf.length < 5 || buf[1] !== 0x80) return null;
  const len = buf.readUInt16BE(2);
  const s = buf
    .subarray(4, 4 + len)
    .toString('latin1')
    .trim();
  return s || null;
}

/** Block devices backed by hardware (not loop, ram, zram, device-mapper): the maker's name (from the
 * disk, or for NVMe and virtio from its controller's PCI vendor id, named by `pciVendorName` — the PCI
 * collector's names, so pci.ids is read once), the model the disk reports, the serial (NVMe `serial`,
 * SCSI/SATA `vpd_pg80`) and the size. A HIKSEMI (Hikvision) SSD is found by its model. */
export async function readDisks(
  root = '/sys/block',
  pciVendorName: (id: string) => string | null = () => null,
): Promise<Inventory['disks']> {
  const names = (await list(root)).filter((n) => !/^(loop|ram|zram|dm-|md|sr|fd|nbd)/.test(n));
  const disks = await Promise.all(
    names.map(async (n) => {
      const dev = join(root, n, 'device');
      const [vendor, model, serial, vpd, rotational, sectors, pciVendor] = await Promise.all([
        read(join(dev, 'vendor')),
        read(join(dev, 'model')),
        read(join(dev, 'serial')),
        readFile(join(dev, 'vpd_pg80')).catch(() => null),
        read(join(root, n, 'queue', 'rotational')),
        read(join(root, n, 'size')),
        // An NVMe namespace's device is its controller (nvme0), whose device is the PCI function.
        n.startsWith('nvme') ? read(join(dev, 'device', 'vendor')) : Promise.resolve(null),
      ]);
      const size = sectors ? Number(sectors) * 512 : Number.NaN;
      // virtio and some NVMe drivers put the PCI vendor id ("0x1af4") where SCSI puts a name.
      const idVendor = vendor && /^0x[0-9a-f]{4}$/i.test(vendor) ? vendor : null;
      return {
        vendor: vendor && !idVendor && !TRANSPORT_VENDORS.test(vendor) ? vendor : null,
        pciVendor: (pciVendor ?? idVendor)?.replace(/^0x/, '').toLowerCase() ?? null,
        // No model file (virtio, mmc): the device name says only where it is, so no model at all.
        model,
        serial: serial ?? (vpd ? parseVpdSerial(vpd) : null),
        type: n.startsWith('nvme') ? 'NVMe' : rotational === '1' ? 'HD' : rotational === '0' ? 'SSD' : null,
        sizeBytes: Number.isFinite(size) && size > 0 ? size : null,
      };
    }),
  );
  return disks.map(({ pciVendor, ...d }) => ({
    ...d,
    vendor: d.vendor ?? (pciVendor ? pciVendorName(pciVendor) : null),
  }));
}

/** EDID (VESA E-EDID 1.4): bytes 8-9 hold the 3-letter PNP manufacturer id; descriptors 0xFC/0xFF
 * hold the monitor name and serial. */
export function parseEdid(
  buf: Buffer,
): { vendor: string | null; model: string | null; serial: string | null } | null {
  if (buf.length < 128 || buf.readUInt32BE(0) !== 0x00ffffff || buf.readUInt32BE(4) !== 0xffffff00)
    return null;
  const w = buf.readUInt16BE(8);
  const letter = (n: number) => String.fromCharCode(64 + n);
  const vendor = letter((w >> 10) & 31) + letter((w >> 5) & 31) + letter(w & 31);
  let model: string | null = null;
  let serial: string | null = null;
  for (let off = 54; off <= 108; off += 18) {
    if (buf[off] !== 0 || buf[off + 1] !== 0) continue; // a timing descriptor, not text
    const text = buf
      .subarray(off + 5, off + 18)
      .toString('latin1')
      .replace(/\n[\s\S]*$/, '')
      .trim();
    if (buf[off + 3] === 0xfc) model = text || null;
    else if (buf[off + 3] === 0xff) serial = text || null;
  }
  return { vendor: /^[A-Z]{3}$/.test(vendor) ? vendor : null, model, serial };
}

/** Graphics controllers (PCI class 0x03) and connected displays (DRM connectors' EDID). */
export async function readGraphics(
  pciRoot = '/sys/bus/pci/devices',
  drmRoot = '/sys/class/drm',
): Promise<{ graphics: Inventory['graphics']; displays: Inventory['displays'] }> {
  const graphics: Inventory['graphics'] = [];
  for (const n of await list(pciRoot)) {
    const cls = await read(join(pciRoot, n, 'class'));
    if (!cls?.startsWith('0x03')) continue;
    const vendor = await read(join(pciRoot, n, 'vendor'));
    const device = await read(join(pciRoot, n, 'device'));
    graphics.push({
      vendor: null,
      model: device ? `PCI device ${device}` : null,
      vendorId: vendor?.replace(/^0x/, '') ?? null,
    });
  }
  const displays: Inventory['displays'] = [];
  for (const n of (await list(drmRoot)).filter((x) => x.includes('-'))) {
    let edid: Buffer;
    try {
      edid = await readFile(join(drmRoot, n, 'edid'));
    } catch {
      continue;
    }
    const e = edid.length ? parseEdid(edid) : null;
    if (e) displays.push(e);
  }
  return { graphics, displays };
}

/** /proc/asound/cards: " 0 [PCH            ]: HDA-Intel - HDA Intel PCH" (the vendor comes from the
 * card's PCI or USB id, which the pci/usb lists carry). */
export function parseAsoundCards(text: string): Inventory['audio'] {
  const out: Inventory['audio'] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*\d+\s+\[[^\]]*\]:\s*(\S+)\s+-\s+(.+)$/.exec(line);
    if (m) out.push({ name: m[2].trim(), manufacturer: null });
  }
  return out;
}

export async function readAudio(): Promise<Inventory['audio']> {
  return parseAsoundCards((await read('/proc/asound/cards')) ?? '');
}

/** BlueZ keeps each paired device in /var/lib/bluetooth/<adapter>/<device>/info; its [DeviceID]
 * section carries the maker's id: Source 1 = Bluetooth SIG company id, 2 = USB vendor id. */
export function parseBluezInfo(mac: string, text: string): Inventory['bluetooth'][number] {
  let section = '';
  const v: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const s = /^\[(.+)\]$/.exec(line.trim());
    if (s) section = s[1];
    else {
      const i = line.indexOf('=');
      if (i > 0) v[`${section}.${line.slice(0, i).trim()}`] = line.slice(i + 1).trim();
    }
  }
  const src = v['DeviceID.Source'];
  const vendor = v['DeviceID.Vendor'] ? Number(v['DeviceID.Vendor']) : Number.NaN;
  const companyId = src === '1' && Number.isFinite(vendor) ? vendor.toString(16).padStart(4, '0') : null;
  return { name: v['General.Alias'] || v['General.Name'] || null, manufacturer: null, mac, companyId };
}

export async function readBluetooth(root = '/var/lib/bluetooth'): Promise<Inventory['bluetooth']> {
  const out: Inventory['bluetooth'] = [];
  for (const adapter of await list(root)) {
    for (const dev of await list(join(root, adapter))) {
      if (!/^([0-9A-F]{2}:){5}[0-9A-F]{2}$/i.test(dev)) continue;
      const info = await read(join(root, adapter, dev, 'info'));
      if (info) out.push(parseBluezInfo(dev, info));
    }
  }
  return out;
}

/** CUPS queues from /etc/cups/printers.conf: <Printer name> … MakeModel … DeviceURI … </Printer>. */
export function parseCupsPrinters(text: string): Inventory['printers'] {
  const out: Inventory['printers'] = [];
  let cur: Inventory['printers'][number] | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const open = /^<(?:Default)?Printer\s+(.+)>$/.exec(line);
    if (open) cur = { name: open[1], model: null, uri: null };
    else if (line === '</Printer>' || line === '</DefaultPrinter>') {
      if (cur) out.push(cur);
      cur = null;
    } else if (cur) {
      const [k, ...rest] = line.split(/\s+/);
      if (k === 'MakeModel') cur.model = rest.join(' ') || null;
      else if (k === 'DeviceURI') cur.uri = withoutUserinfo(rest.join(' ')) || null; // no credentials
    }
  }
  return out;
}

export async function readPrinters(): Promise<Inventory['printers']> {
  return parseCupsPrinters((await read('/etc/cups/printers.conf')) ?? '');
}

/** `iw dev IF link`: "Connected to 00:e0:fc:12:34:56 (on wlan0)\n\tSSID: corp\n…". */
export function parseIwLink(text: string): { ssid: string | null; bssid: string | null } | null {
  const m = /Connected to ([0-9a-f:]{17})/i.exec(text);
  if (!m) return null;
  return { bssid: m[1].toLowerCase(), ssid: /^\s*SSID:\s*(.*)$/m.exec(text)?.[1].trim() || null };
}

/** `nmcli -t -f ACTIVE,BSSID,SSID dev wifi`: terse fields split by ':', colons inside values
 * escaped as '\:'. The line marked `yes` is the access point in use. */
export function parseNmcliWifi(text: string): { ssid: string | null; bssid: string | null } | null {
  for (const line of text.split('\n')) {
    const f = line.split(/(?<!\\):/).map((x) => x.replace(/\\:/g, ':'));
    if (f[0] === 'yes' && /^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(f[1] ?? ''))
      return { bssid: f[1].toLowerCase(), ssid: f.slice(2).join(':') || null };
  }
  return null;
}

/** The access point of the first connected wireless interface; no process unless one exists.
 * `iw` where installed, else NetworkManager's `nmcli`. */
export async function readWifi(
  wireless: string[],
): Promise<{ ssid: string | null; bssid: string | null } | null> {
  if (!wireless.length) return null;
  for (const iface of wireless) {
    const out = await runCommand('iw', ['dev', iface, 'link'], { timeoutMs: 3000 }).catch(() => '');
    if (out === null) break; // no iw on this machine
    const link = parseIwLink(out);
    if (link) return link;
  }
  const nm = await runCommand('nmcli', ['-t', '-f', 'ACTIVE,BSSID,SSID', 'dev', 'wifi'], { timeoutMs: 3000 });
  return nm ? parseNmcliWifi(nm) : null;
}
