// Generated, realistic agent inventories for tests and the ingest benchmark: a workstation's hardware,
// NICs with real vendor OUIs, USB devices (sometimes a Huawei phone), ~800 dpkg-style packages.
// Deterministic per seed, so a test can regenerate exactly what it sent.
import type { AssetDraft, Inventory } from '@coverscan/shared';

function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 0x100000000;
  };
}

const makers = [
  { vendor: 'Dell Inc.', models: ['Latitude 5440', 'OptiPlex 7010', 'Precision 3660'], oui: 'b0:7b:25' },
  { vendor: 'LENOVO', models: ['21HD0012US', '20XW004KUS', '11T6000BUS'], oui: '8c:16:45' },
  { vendor: 'HP', models: ['HP EliteBook 840 G9', 'HP ProDesk 400 G7'], oui: '38:ca:84' },
  // Intel NICs in white boxes
  { vendor: 'ASUSTeK COMPUTER INC.', models: ['PN64'], oui: '3c:7c:3f' },
];
const words = [
  'lib',
  'python3',
  'gnome',
  'x11',
  'font',
  'perl',
  'ssl',
  'gtk',
  'qt5',
  'media',
  'net',
  'print',
  'crypt',
  'xml',
  'json',
  'audio',
  'video',
  'core',
  'utils',
  'tools',
  'data',
  'common',
  'dev',
  'doc',
];
const publishers = [
  'Debian',
  'Ubuntu Developers',
  'Canonical',
  'Mozilla',
  'GNOME',
  'KDE',
  'Free Software Foundation',
];

const BASE = 500;
const POOL = 4000;
interface Pkg {
  name: string;
  major: number;
  minor: number;
  patch: number;
  publisher?: string;
  /** This entry as JSON, for building frames without JSON.stringify. */
  json?: string;
}
let pool: Pkg[] | undefined;

/** The fleet's package names: deterministic, dpkg-like. */
function softwarePool() {
  if (pool) return pool;
  const r = rng(12345);
  pool = Array.from({ length: POOL }, (_, i) => {
    const a = words[Math.floor(r() * words.length)];
    const b = words[Math.floor(r() * words.length)];
    return {
      name: `${a}${b}${i % 7 ? '' : '-dev'}${i}`,
      major: 1 + Math.floor(r() * 9),
      minor: Math.floor(r() * 30),
      patch: Math.floor(r() * 3),
      ...(r() < 0.3 ? { publisher: publishers[Math.floor(r() * publishers.length)] } : {}),
    };
  });
  return pool;
}

function pkgEntry(p: Pkg, bump: number): Inventory['software'][number] {
  return {
    name: p.name,
    version: `${p.major}.${p.minor + bump}.${p.patch}-1`,
    ...(p.publisher ? { publisher: p.publisher } : {}),
    source: 'dpkg' as const,
  };
}

/** Which packages a machine has: the common base plus a per-machine draw from the pool. */
function picksFor(seed: number, n: number): number[] {
  const all = softwarePool();
  const r = rng(seed * 7919 + 13);
  const picks = new Set<number>();
  for (let i = 0; i < Math.min(n, BASE); i++) picks.add(i);
  while (picks.size < Math.min(n, all.length)) picks.add(BASE + Math.floor(r() * (all.length - BASE)));
  return [...picks];
}

function softwareFor(seed: number, o: GenOptions): Inventory['software'] {
  const all = softwarePool();
  return picksFor(seed, o.software ?? 800).map((k, i) =>
    pkgEntry(all[k], o.changed && i < o.changed ? 1 : 0),
  );
}

/**
 * `JSON.stringify({ type: 'report', reportId, inventory: generateInventory(seed, o) })`, built from
 * cached per-package JSON so that a benchmark client spends its CPU on sending, not on generating.
 */
export function reportFrame(seed: number, o: GenOptions, reportId: string): string {
  const all = softwarePool();
  const parts = picksFor(seed, o.software ?? 800).map((k, i) => {
    const p = all[k];
    if (o.changed && i < o.changed) return JSON.stringify(pkgEntry(p, 1));
    p.json ??= JSON.stringify(pkgEntry(p, 0));
    return p.json;
  });
  const inv = generateInventory(seed, { ...o, software: 0 });
  const marker = '"@@software@@"';
  return JSON.stringify({
    type: 'report',
    reportId,
    inventory: { ...inv, software: '@@software@@' },
  }).replace(marker, `[${parts.join(',')}]`);
}

export interface GenOptions {
  software?: number;
  /** Plug a Huawei phone (USB 12d1:107e) into this machine. */
  huaweiPhone?: boolean;
  /** Plug a DJI drone's remote controller into it (lsusb: "ID 2ca3:0008 DJI Technology Co., Ltd."). */
  djiController?: boolean;
  /** Bump this many package versions (a "slightly changed" daily report). */
  changed?: number;
}

/** A network device as a sweep stores it: its address, name and MAC, sysObjectID and sysDescr (if it has one). */
export function sweptDeviceDraft(
  ip: string,
  hostname: string,
  mac: string | null,
  sys: { oid: string; descr?: string },
): AssetDraft {
  return {
    kind: 'network-device',
    ip,
    mac,
    hostname,
    vendor: null,
    model: null,
    serial: null,
    identities: [],
    observations: [
      { kind: 'sysObjectID', source: 'snmp', field: 'sysObjectID', value: sys.oid },
      ...(sys.descr === undefined
        ? []
        : [
            {
              kind: 'text',
              source: 'snmp',
              field: 'sysDescr',
              value: sys.descr,
              textClass: 'description',
            } as const,
          ]),
    ],
  };
}

/** A MAC a switch saw on one of its ports (its forwarding table), as a sweep stores it. */
export function neighborDraft(mac: string, switchIp: string, location: string): AssetDraft {
  return {
    kind: 'neighbor',
    ip: null,
    mac,
    hostname: null,
    vendor: null,
    model: null,
    serial: null,
    identities: [],
    observations: [{ kind: 'mac', source: 'fdb', field: 'dot1dTpFdbAddress', value: mac }],
    attachedTo: { type: 'ip', value: switchIp },
    location,
  };
}

export function hex2(n: number): string {
  return (n & 0xff).toString(16).padStart(2, '0');
}

/** The MAC of a generated machine's first NIC. */
export function machineMac(seed: number): string {
  const m = makers[seed % makers.length];
  return `${m.oui}:${hex2(seed >> 16)}:${hex2(seed >> 8)}:${hex2(seed)}`;
}

export function generateInventory(seed: number, o: GenOptions = {}): Inventory {
  const r = rng(seed * 2654435761 + 7);
  const m = makers[seed % makers.length];
  const model = m.models[Math.floor(r() * m.models.length)];
  const software = softwareFor(seed, o);
  const usb: Inventory['usb'] = [
    {
      vendorId: '046d',
      productId: 'c52b',
      name: 'Unifying Receiver',
      manufacturer: 'Logitech',
      serial: null,
    },
    { vendorId: '8087', productId: '0033', name: 'Bluetooth', manufacturer: 'Intel Corp.', serial: null },
    {
      vendorId: '0bda',
      productId: '5634',
      name: 'Integrated Camera',
      manufacturer: 'Realtek',
      serial: `200901010001${seed}`,
    },
  ];
  if (o.huaweiPhone)
    usb.push({
      vendorId: '12d1',
      productId: '107e',
      name: 'P30 Pro',
      manufacturer: 'HUAWEI',
      serial: `HWP${seed.toString(16).padStart(8, '0')}`,
    });
  if (o.djiController)
    usb.push({
      vendorId: '2ca3',
      productId: '0008',
      name: 'Mavic Mini MR1SD25 Remote controller',
      manufacturer: 'DJI Technology Co., Ltd.',
      serial: null,
      bus: '1-4',
    });
  const serial = `SN${seed.toString(36).toUpperCase().padStart(8, '0')}`;
  return {
    schema: 1,
    agentVersion: '0.1.0',
    collectedAt: new Date().toISOString(),
    durationMs: 412,
    host: {
      hostname: `ws-${seed}`,
      os: { platform: 'linux', distro: 'Ubuntu', release: '24.04', arch: 'x64', kernel: '6.8.0-45-generic' },
      system: {
        manufacturer: m.vendor,
        model,
        serial,
        uuid: `4c4c4544-${seed.toString(16).padStart(4, '0').slice(-4)}-1234-8056-${seed.toString(16).padStart(12, '0')}`,
        sku: null,
        version: null,
      },
      bios: { vendor: m.vendor, version: '1.14.0', releaseDate: '2024-03-01', serial },
      baseboard: { manufacturer: m.vendor, model: '0X8DXD', serial: `/${serial}/CNFCW0047` },
      chassis: { manufacturer: m.vendor, type: 'Notebook', serial },
      cpu: { manufacturer: 'Intel', brand: 'Core i7-1365U', cores: 12 },
      memoryBytes: 34359738368,
    },
    nics: [
      {
        name: 'enp0s31f6',
        mac: machineMac(seed),
        ip4: [`10.${(seed >> 16) & 255}.${(seed >> 8) & 255}.${seed & 255}`],
        ip6: [],
        type: 'wired',
        virtual: false,
        locallyAdministered: false,
      },
      {
        name: 'wlp0s20f3',
        mac: `7a:${hex2(seed >> 16)}:${hex2(seed >> 8)}:${hex2(seed)}:00:01`,
        ip4: [],
        ip6: [],
        type: 'wireless',
        virtual: false,
        locallyAdministered: true,
      },
    ],
    gateway: { ip: '10.0.0.1', mac: '00:1b:21:00:00:01' },
    wifi: null,
    usb,
    bluetooth: [],
    printers: [],
    audio: [{ name: 'Tiger Lake-LP Smart Sound', manufacturer: 'Intel Corporation' }],
    graphics: [{ vendor: 'Intel Corporation', model: 'Iris Xe Graphics', vendorId: '8086' }],
    displays: [{ vendor: 'Dell', model: 'U2723QE' }],
    disks: [{ vendor: 'Samsung', model: 'PM9A1 NVMe 512GB', serial: null, type: 'NVMe' }],
    pci: [],
    software,
    errors: [],
  };
}
