// One workstation's inventory as the agent sends it (protocol v1). Schemas validate what arrives.
// A namespace import: esbuild keeps only the parts of zod we use (the agent bundle: 924 → 361 KB, -2 MB RSS).
import * as z from 'zod';

const str = z.string().max(1024).nullable();
const opt = <T extends z.ZodType>(t: T) => t.nullable().optional();

export const nicSchema = z.object({
  name: z.string().max(256),
  mac: str,
  ip4: z.array(z.string().max(64)).max(64).default([]),
  ip6: z.array(z.string().max(64)).max(64).default([]),
  type: opt(z.string().max(64)),
  virtual: z.boolean().default(false),
  locallyAdministered: z.boolean().default(false),
  /** The kernel driver (Linux `device/driver`): `rndis_host`, `cdc_ncm`, `huawei_cdc_ncm`, `qmi_wwan`... */
  driver: opt(z.string().max(64)),
  /** The USB device behind the interface (a tethered phone, a USB modem): identified by its ids even
   * when its MAC is locally administered, as tethering MACs are. */
  usb: opt(z.object({ vendorId: str, productId: str, serial: opt(str), bus: opt(z.string().max(64)) })),
});

export const usbDeviceSchema = z.object({
  vendorId: str,
  productId: str,
  name: str,
  manufacturer: str,
  serial: str,
  bus: opt(z.string().max(64)),
  /** Interface classes (USB-IF class codes by name: `cdc`, `still-image` (PTP/MTP), `mtp`,
   * `mass-storage`, `hid`, `wireless` (RNDIS), `vendor`...): they tell a phone from a keyboard. */
  interfaces: z.array(z.string().max(32)).max(32).optional(),
});

export const softwareSchema = z.object({
  name: z.string().max(1024),
  version: opt(z.string().max(256)),
  publisher: opt(z.string().max(1024)),
  bundleId: opt(z.string().max(512)),
  package: opt(z.string().max(512)),
  /** Package managers, then what lives outside them: running processes, desktop entries, AppImages,
   * Wine prefixes, and application folders (/opt, %LOCALAPPDATA%\Programs). */
  source: z.enum([
    'dpkg',
    'rpm',
    'snap',
    'flatpak',
    'registry',
    'app',
    'process',
    'desktop',
    'appimage',
    'wine',
    'folder',
    'other',
  ]),
  /** Where it was found (an executable, a .desktop file, a folder), for the evidence. */
  path: opt(z.string().max(1024)),
  /** For running programs: the last day (YYYY-MM-DD) the agent saw it running; programs are
   * remembered for 30 days, so closing WeChat before the next inventory does not hide it. */
  lastSeen: opt(z.string().max(10)),
});

const vendorModel = z.object({ vendor: str, model: str, serial: opt(str) });

export const inventorySchema = z.object({
  schema: z.literal(1),
  agentVersion: z.string().max(64),
  collectedAt: z.string().max(64),
  durationMs: z.number().nonnegative(),
  host: z.object({
    hostname: z.string().max(256),
    os: z.object({ platform: str, distro: str, release: str, arch: str, kernel: str }),
    system: z.object({
      manufacturer: str,
      model: str,
      serial: str,
      uuid: str,
      sku: opt(str),
      version: opt(str),
    }),
    bios: z.object({ vendor: str, version: str, releaseDate: opt(str), serial: opt(str) }),
    baseboard: z.object({ manufacturer: str, model: str, serial: str }),
    chassis: z.object({ manufacturer: str, type: str, serial: str }),
    cpu: z.object({ manufacturer: str, brand: str, cores: z.number().int().nullable() }),
    memoryBytes: z.number().nullable(),
    /**
     * The OS installation's identity (Linux /etc/machine-id, Windows MachineGuid, macOS IOPlatformUUID),
     * as an application-specific keyed hash: it survives an agent reinstall and a new state directory.
     * Absent from agents before 0.2.
     */
    machineId: opt(z.string().max(128)),
  }),
  nics: z.array(nicSchema).max(256),
  gateway: opt(z.object({ ip: str, mac: str })),
  wifi: opt(z.object({ ssid: str, bssid: str })),
  usb: z.array(usbDeviceSchema).max(512),
  bluetooth: z.array(z.object({ name: str, manufacturer: str, mac: str, companyId: opt(str) })).max(512),
  printers: z.array(z.object({ name: str, model: str, uri: opt(str) })).max(256),
  audio: z.array(z.object({ name: str, manufacturer: str })).max(256),
  graphics: z.array(vendorModel.extend({ vendorId: opt(str) })).max(64),
  displays: z.array(vendorModel).max(64),
  disks: z.array(vendorModel.extend({ type: opt(str), sizeBytes: opt(z.number().nonnegative()) })).max(256),
  pci: z
    .array(
      z.object({
        vendorId: str,
        deviceId: str,
        name: str,
        /** The card's OEM (PCI subsystem ids): an Intel chip on a Huawei-branded card says Huawei here. */
        subsystemVendorId: opt(str),
        subsystemDeviceId: opt(str),
        subsystemName: opt(str),
        subsystemVendorName: opt(str),
        vendorName: opt(str),
      }),
    )
    .max(1024)
    .default([]),
  software: z.array(softwareSchema).max(20000),
  errors: z
    .array(z.object({ collector: z.string().max(64), message: z.string().max(2048), timedOut: z.boolean() }))
    .max(64),
});

export type Inventory = z.infer<typeof inventorySchema>;
export type Nic = z.infer<typeof nicSchema>;
export type UsbDevice = z.infer<typeof usbDeviceSchema>;
export type Software = z.infer<typeof softwareSchema>;
