// Linux facts read straight from sysfs/procfs: each is a handful of file reads, where the matching
// systeminformation call spawns processes (measured here: networkInterfaces 60 ms, system+bios+
// baseboard+chassis 50 ms, osInfo 25 ms; these readers take 1-3 ms together).
import { readdir, readFile, readlink, realpath } from 'node:fs/promises';
import { arch, networkInterfaces, release } from 'node:os';
import { basename, dirname, join } from 'node:path';
import type { Inventory, Nic } from '@coverscan/shared';
import { loadPciNames, PCI_IDS_PATHS } from './pci-ids';

async function read(path: string): Promise<string | null> {
  try {
    const v = (await readFile(path, 'utf8')).trim();
    return v || null;
  } catch {
    return null;
  }
}

export const SYS_DMI = '/sys/class/dmi/id';

// SMBIOS chassis types (DMTF DSP0134 §7.4.1), the ones that say what kind of machine it is.
const chassisTypes: Record<string, string> = {
  '3': 'Desktop',
  '4': 'Low Profile Desktop',
  '6': 'Mini Tower',
  '7': 'Tower',
  '8': 'Portable',
  '9': 'Laptop',
  '10': 'Notebook',
  '13': 'All in One',
  '14': 'Sub Notebook',
  '17': 'Main Server Chassis',
  '23': 'Rack Mount Chassis',
  '30': 'Tablet',
  '31': 'Convertible',
  '32': 'Detachable',
  '35': 'Mini PC',
  '36': 'Stick PC',
};

type Dmi = Pick<Inventory['host'], 'system' | 'bios' | 'baseboard' | 'chassis'>;

/** DMI from sysfs; null when the kernel exposes none (containers, some ARM boards). Serials and the
 * UUID are readable by root only: the agent runs as a service, as root. */
export async function readDmi(root = SYS_DMI): Promise<Dmi | null> {
  const names = [
    'sys_vendor',
    'product_name',
    'product_serial',
    'product_uuid',
    'product_sku',
    'product_version',
    'bios_vendor',
    'bios_version',
    'bios_date',
    'board_vendor',
    'board_name',
    'board_serial',
    'chassis_vendor',
    'chassis_type',
    'chassis_serial',
  ] as const;
  try {
    await readdir(root);
  } catch {
    return null;
  }
  const v = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await read(join(root, n))] as const)),
  ) as Record<(typeof names)[number], string | null>;
  return {
    system: {
      manufacturer: v.sys_vendor,
      model: v.product_name,
      serial: v.product_serial,
      uuid: v.product_uuid,
      sku: v.product_sku,
      version: v.product_version,
    },
    bios: { vendor: v.bios_vendor, version: v.bios_version, releaseDate: v.bios_date },
    baseboard: { manufacturer: v.board_vendor, model: v.board_name, serial: v.board_serial },
    chassis: {
      manufacturer: v.chassis_vendor,
      type: v.chassis_type ? (chassisTypes[v.chassis_type] ?? v.chassis_type) : null,
      serial: v.chassis_serial,
    },
  };
}

/** /etc/os-release fields (shell-style KEY="value" lines). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2].replace(/^["']|["']$/g, '');
  }
  return out;
}

export async function readOs(): Promise<Inventory['host']['os']> {
  const rel = parseOsRelease((await read('/etc/os-release')) ?? (await read('/usr/lib/os-release')) ?? '');
  return {
    platform: 'linux',
    distro: rel.NAME ?? null,
    release: rel.VERSION_ID ?? rel.VERSION ?? null,
    arch: arch(),
    kernel: release(),
  };
}

/** Every physical interface the kernel knows (also those that are down and have no address, whose
 * MAC still identifies the machine), with addresses from os.networkInterfaces(). */
export async function readNics(root = '/sys/class/net'): Promise<Nic[]> {
  const addrs = networkInterfaces();
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    names = Object.keys(addrs);
  }
  const nics = await Promise.all(
    names.sort().map(async (name): Promise<Nic> => {
      const dir = join(root, name);
      const [mac, type, link, wireless, driver, device] = await Promise.all([
        read(join(dir, 'address')),
        read(join(dir, 'type')),
        readlink(dir).catch(() => ''),
        readdir(join(dir, 'wireless')).then(
          () => true,
          () => false,
        ),
        readlink(join(dir, 'device', 'driver')).then(basename, () => null),
        realpath(join(dir, 'device')).catch(() => null),
      ]);
      const a = addrs[name] ?? [];
      const m = mac ?? a.find((x) => x.mac)?.mac ?? null;
      const first = m ? Number.parseInt(m.slice(0, 2), 16) : 0;
      return {
        name,
        mac: m,
        ip4: a.filter((x) => x.family === 'IPv4').map((x) => x.address),
        ip6: a.filter((x) => x.family === 'IPv6').map((x) => x.address),
        type: wireless ? 'wireless' : type === '772' ? 'loopback' : type === '1' ? 'wired' : (type ?? null),
        // Bridges, veths, tunnels, docker and loopback live under /sys/devices/virtual.
        virtual: link.includes('/virtual/') || type === '772',
        locallyAdministered: (first & 0x02) !== 0,
        driver,
        usb: device ? await usbParent(device) : null,
      };
    }),
  );
  // Loopback and virtual interfaces (bridges, veths, tunnels, docker) say nothing about the machine
  // and a container host has dozens of them.
  return nics.filter((n) => n.type !== 'loopback' && !n.virtual);
}

/** The USB device a network interface belongs to: its `device` is a USB interface ("1-2:1.0") whose
 * parent directory is the device ("1-2") with its ids. A tethered phone's interface has a locally
 * administered MAC; its USB ids still say who made it. */
async function usbParent(ifaceDir: string): Promise<Nic['usb']> {
  if (!/\/\d+-[\d.]+:\d+\.\d+$/.test(ifaceDir)) return null;
  const dev = dirname(ifaceDir);
  const [vendorId, productId, serial] = await Promise.all([
    read(join(dev, 'idVendor')),
    read(join(dev, 'idProduct')),
    read(join(dev, 'serial')),
  ]);
  return vendorId ? { vendorId, productId, serial, bus: basename(dev) } : null;
}

/** The default IPv4 gateway from /proc/net/route and its MAC from the ARP cache. */
export function parseGateway(routes: string, arp: string): { ip: string | null; mac: string | null } | null {
  let ip: string | null = null;
  for (const line of routes.split('\n').slice(1)) {
    const [, dest, gw, flags] = line.trim().split(/\s+/);
    // RTF_UP|RTF_GATEWAY, destination 0.0.0.0
    if (dest !== '00000000' || !gw || !(Number.parseInt(flags, 16) & 0x2)) continue;
    const n = Number.parseInt(gw, 16);
    ip = [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255].join('.');
    break;
  }
  if (!ip) return null;
  let mac: string | null = null;
  for (const line of arp.split('\n').slice(1)) {
    const [addr, , flags, hw] = line.trim().split(/\s+/);
    if (addr === ip && hw && Number.parseInt(flags, 16) & 0x2 && hw !== '00:00:00:00:00:00') mac = hw;
  }
  return { ip, mac };
}

export async function readGateway(): Promise<{ ip: string | null; mac: string | null } | null> {
  const [routes, arp] = await Promise.all([read('/proc/net/route'), read('/proc/net/arp')]);
  return routes ? parseGateway(routes, arp ?? '') : null;
}

const hex = (v: string | null) => v?.replace(/^0x/, '').toLowerCase() ?? null;

/** PCI functions from sysfs: vendor, device and subsystem ids (the subsystem is the card's OEM: an
 * Intel chip on a Huawei-branded card), with names from the system's pci.ids where it has one. */
export async function readPci(
  root = '/sys/bus/pci/devices',
  pciIds = PCI_IDS_PATHS,
): Promise<Inventory['pci']> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const rows = await Promise.all(
    names.sort().map(async (n) => {
      const [vendor, device, subVendor, subDevice] = await Promise.all(
        ['vendor', 'device', 'subsystem_vendor', 'subsystem_device'].map((f) => read(join(root, n, f))),
      );
      return {
        vendorId: hex(vendor),
        deviceId: hex(device),
        subsystemVendorId: hex(subVendor),
        subsystemDeviceId: hex(subDevice),
      };
    }),
  );
  const found = rows.filter((r) => r.vendorId);
  const ids = await loadPciNames(
    found.flatMap((r) => [r.vendorId!, ...(r.subsystemVendorId ? [r.subsystemVendorId] : [])]),
    pciIds,
  );
  return found.map((r) => {
    const v = r.vendorId!;
    const d = r.deviceId ?? '';
    const sv = r.subsystemVendorId;
    // 0000 and a copy of the chip's own ids mean the card has no OEM of its own.
    const oem = sv && sv !== '0000' && !(sv === v && r.subsystemDeviceId === d) ? sv : null;
    return {
      ...r,
      name: ids.device(v, d),
      vendorName: ids.vendor(v),
      subsystemName: oem && r.subsystemDeviceId ? ids.subsystem(v, d, oem, r.subsystemDeviceId) : null,
      subsystemVendorName: oem ? ids.vendor(oem) : null,
    };
  });
}
