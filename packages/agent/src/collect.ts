// One machine's inventory: every collector in parallel, each time-bounded (collector-limits are in
// bounded.ts). Two backends:
// - `native` (Linux default): sysfs/procfs/BlueZ/CUPS files read directly (hardware-linux.ts,
//   peripherals-linux.ts). Measured here, alone: systeminformation's system 26 ms, bios 8, baseboard
//   11, chassis 7, cpu 17, osInfo 25, networkInterfaces 60, audio 39, graphics 35, diskLayout 12,
//   wifi 6; in parallel ~400 ms on 2 cores, and ~100 ms of it is execSync blocking the event loop.
//   The native readers take a few ms together and spawn nothing (`iw` only when a Wi-Fi NIC exists).
// - `systeminformation` (macOS, Windows, and selectable on Linux — the tests run it here too).
// Software listing and USB ids come from per-OS code on both backends.
import { hostname as osHostname, totalmem } from 'node:os';
import {
  type Inventory,
  identify,
  loadCatalog,
  type Software,
  softwareObservation,
  type UsbDevice,
} from '@coverscan/shared';
import { bounded, type CollectorError } from './bounded';
import { readDmi, readGateway, readNics, readOs, readPci } from './hardware-linux';
import { appSpecificMachineId, readLinuxMachineId } from './machine-id';
import {
  readAudio,
  readBluetooth,
  readCpu,
  readDisks,
  readGraphics,
  readPrinters,
  readWifi,
} from './peripherals-linux';
import { runCommand } from './run-command';
import { softwareCollectors } from './software';
import { readSysUsb } from './usb-linux';
import { LSUSB_ARGS, parseLsusb } from './usb-lsusb';
import { MACOS_USB_ARGS, parseSystemProfilerUsb } from './usb-macos';
import { parseWindowsUsbJson, WINDOWS_USB_ARGS } from './usb-windows';
import { AGENT_VERSION } from './version';

export type Backend = 'native' | 'systeminformation';

export interface CollectOptions {
  backend?: Backend;
  /** Per-collector limit for hardware collectors. */
  timeoutMs?: number;
  /** Per-collector limit for software listings (rpm on a cold cache can take seconds). */
  softwareTimeoutMs?: number;
  /** Tests use this to replace one collector (by name) with a slow or failing one. */
  wrap?: <T>(name: string, run: () => Promise<T>) => () => Promise<T>;
}

type Si = typeof import('systeminformation');
type Host = Inventory['host'];

const blank = (s: string | null | undefined) => {
  const t = s?.trim();
  return t && t !== '-' ? t : null;
};

export async function collect(opts: CollectOptions = {}): Promise<Inventory> {
  const started = performance.now();
  const t = opts.timeoutMs ?? 8_000;
  const errors: CollectorError[] = [];
  const backend: Backend = opts.backend ?? (process.platform === 'linux' ? 'native' : 'systeminformation');
  if (backend === 'native' && process.platform !== 'linux')
    throw new Error('the native backend is Linux-only');
  const native = backend === 'native';
  // Loaded only when used: on Linux the native backend never pays for it.
  let siP: Promise<Si> | undefined;
  const loadSi = () => {
    siP ??= import('systeminformation').then((m) => {
      const s = (m.default ?? m) as Si;
      // On Windows every call would start its own PowerShell (~0.5 s each); one shared session
      // serves them all and is released when the collection ends.
      if (process.platform === 'win32') s.powerShellStart();
      return s;
    });
    return siP;
  };
  const run = <T>(name: string, fn: () => Promise<T>, fallback: T, ms = t) =>
    bounded(name, ms, opts.wrap ? opts.wrap(name, fn) : fn, fallback, errors);
  const si = <T>(name: string, fn: (s: Si) => Promise<T>, fallback: T) =>
    run(name, () => loadSi().then(fn), fallback);

  const noSystem: Host['system'] = {
    manufacturer: null,
    model: null,
    serial: null,
    uuid: null,
    sku: null,
    version: null,
  };
  const noBios: Host['bios'] = { vendor: null, version: null, releaseDate: null };
  const noBoard: Host['baseboard'] = { manufacturer: null, model: null, serial: null };
  const noChassis: Host['chassis'] = { manufacturer: null, type: null, serial: null };
  const noCpu: Host['cpu'] = { manufacturer: null, brand: null, cores: null };
  const noOs: Host['os'] = {
    platform: process.platform,
    distro: null,
    release: null,
    arch: null,
    kernel: null,
  };

  // DMI: one sysfs read on Linux. Where the kernel exposes none (containers, some ARM boards) there is
  // no firmware table to read: dmidecode finds nothing either, so the fields stay empty.
  const dmiP = native ? run('dmi', () => readDmi(), null) : Promise.resolve(null);
  const siDmi = async () => {
    const [system, bios, baseboard, chassis] = await Promise.all([
      si(
        'system',
        async (s) => {
          const x = await s.system();
          return {
            manufacturer: blank(x.manufacturer),
            model: blank(x.model),
            serial: blank(x.serial),
            uuid: blank(x.uuid),
            sku: blank(x.sku),
            version: blank(x.version),
          };
        },
        noSystem,
      ),
      si(
        'bios',
        async (s) => {
          const x = await s.bios();
          return {
            vendor: blank(x.vendor),
            version: blank(x.version),
            releaseDate: blank(x.releaseDate),
            serial: blank(x.serial),
          };
        },
        noBios,
      ),
      si(
        'baseboard',
        async (s) => {
          const x = await s.baseboard();
          return { manufacturer: blank(x.manufacturer), model: blank(x.model), serial: blank(x.serial) };
        },
        noBoard,
      ),
      si(
        'chassis',
        async (s) => {
          const x = await s.chassis();
          return { manufacturer: blank(x.manufacturer), type: blank(x.type), serial: blank(x.serial) };
        },
        noChassis,
      ),
    ]);
    return { system, bios, baseboard, chassis };
  };
  const nicsP = native ? run('nics', () => readNics(), []) : si('nics', siNics, []);
  // Disks name their controllers' makers from this list (pci.ids read once, by the PCI collector).
  const pciP: Promise<Inventory['pci']> =
    process.platform === 'linux' ? run('pci', () => readPci(), []) : Promise.resolve([]);
  const machineIdP = native
    ? run('machineId', () => readLinuxMachineId(), null)
    : si('machineId', async (s) => blank((await s.uuid()).os), null);

  // Every run needs the catalog (running programs are kept only when they name something, and the
  // inventory is judged after): built while the collectors' commands run, it is off the critical path.
  setImmediate(() => loadCatalog());
  const [dmi, cpu, os, nics, gateway, wifi, usb, bluetooth, printers, audio, gfx, disks, pci, software] =
    await Promise.all([
      native
        ? dmiP.then((d) => d ?? { system: noSystem, bios: noBios, baseboard: noBoard, chassis: noChassis })
        : siDmi(),
      native
        ? run('cpu', readCpu, noCpu)
        : si(
            'cpu',
            async (s) => {
              const x = await s.cpu();
              return {
                manufacturer: blank(x.manufacturer),
                brand: blank(x.brand),
                cores: (x.cores as number | null) ?? null,
              };
            },
            noCpu,
          ),
      native
        ? run('os', readOs, noOs)
        : si(
            'os',
            async (s) => {
              const x = await s.osInfo();
              return {
                platform: blank(x.platform),
                distro: blank(x.distro),
                release: blank(x.release),
                arch: blank(x.arch),
                kernel: blank(x.kernel),
              };
            },
            noOs,
          ),
      nicsP,
      native
        ? run('gateway', readGateway, null)
        : si('gateway', async (s) => ({ ip: blank(await s.networkGatewayDefault()), mac: null }), null),
      native
        ? nicsP.then((n) =>
            run('wifi', () => readWifi(n.filter((x) => x.type === 'wireless').map((x) => x.name)), null),
          )
        : si(
            'wifi',
            async (s) => {
              const c = (await s.wifiConnections())[0];
              return c ? { ssid: blank(c.ssid), bssid: blank(c.bssid) } : null;
            },
            null,
          ),
      run('usb', () => usbDevices(loadSi), [] as UsbDevice[]),
      native
        ? run('bluetooth', () => readBluetooth(), [])
        : si(
            'bluetooth',
            async (s) =>
              (await s.bluetoothDevices()).map((b) => ({
                name: blank(b.name),
                manufacturer: blank(b.manufacturer),
                mac: blank(b.macDevice),
                companyId: null,
              })),
            [],
          ),
      native
        ? run('printers', readPrinters, [])
        : si(
            'printers',
            async (s) =>
              (await s.printer()).map((p) => ({
                name: blank(p.name),
                model: blank(p.model),
                uri: blank(p.uri),
              })),
            [],
          ),
      native
        ? run('audio', readAudio, [])
        : si(
            'audio',
            async (s) =>
              (await s.audio()).map((a) => ({ name: blank(a.name), manufacturer: blank(a.manufacturer) })),
            [],
          ),
      native
        ? run('graphics', () => readGraphics(), { graphics: [], displays: [] })
        : si(
            'graphics',
            async (s) => {
              const g = await s.graphics();
              return {
                graphics: g.controllers.map((c) => ({
                  vendor: blank(c.vendor),
                  model: blank(c.model),
                  vendorId: blank(c.vendorId)?.replace(/^0x/i, '') ?? null,
                })),
                displays: g.displays.map((d) => ({
                  vendor: blank(d.vendor),
                  model: blank(d.model),
                  serial: blank(d.serial),
                })),
              };
            },
            { graphics: [], displays: [] },
          ),
      native
        ? pciP.then((pci) =>
            run(
              'disks',
              () => readDisks(undefined, (id) => pci.find((p) => p.vendorId === id)?.vendorName ?? null),
              [],
            ),
          )
        : si(
            'disks',
            async (s) =>
              (await s.diskLayout()).map((d) => ({
                vendor: blank(d.vendor),
                model: blank(d.name),
                serial: blank(d.serialNum),
                type: blank(d.type),
              })),
            [],
          ),
      pciP,
      Promise.all(
        softwareCollectors().map((c) =>
          run(c.name, c.run, [] as Software[], opts.softwareTimeoutMs ?? 30_000),
        ),
      ).then((lists) => lists.flat().filter((s) => s.source !== 'process' || namesSomething(s))),
    ]);

  const machineId = appSpecificMachineId(await machineIdP);
  if (siP && process.platform === 'win32') (await siP).powerShellRelease();
  return {
    schema: 1,
    agentVersion: AGENT_VERSION,
    collectedAt: new Date().toISOString(),
    durationMs: Math.round(performance.now() - started),
    host: { hostname: osHostname(), os, ...dmi, cpu, memoryBytes: totalmem(), machineId },
    nics,
    gateway,
    wifi,
    usb,
    bluetooth,
    printers,
    audio,
    graphics: gfx.graphics,
    displays: gfx.displays,
    disks,
    pci,
    software,
    errors,
  };
}

/**
 * Running programs are kept when the catalog's rules name them (any evidence, weak included): what runs
 * changes by the minute (build tools, updaters), and reporting all of it would make every inventory
 * differ from the last for nothing a compliance user asks about. Installed software is reported whole.
 */
function namesSomething(s: Software): boolean {
  return identify([softwareObservation(s, 0)]).length > 0;
}

async function siNics(s: Si) {
  const list = await s.networkInterfaces();
  return (Array.isArray(list) ? list : [list])
    .filter((n) => !n.internal && !n.virtual)
    .map((n) => {
      const first = n.mac ? Number.parseInt(n.mac.slice(0, 2), 16) : 0;
      return {
        name: n.iface,
        mac: blank(n.mac),
        ip4: n.ip4 ? [n.ip4] : [],
        ip6: n.ip6 ? [n.ip6] : [],
        type: blank(n.type),
        virtual: n.virtual,
        locallyAdministered: (first & 0x02) !== 0,
      };
    });
}

/** USB devices with vendor ids, from the best source each OS has. */
async function usbDevices(loadSi: () => Promise<Si>): Promise<UsbDevice[]> {
  if (process.platform === 'linux') {
    const sys = await readSysUsb();
    if (sys) return sys;
    // -v for serials and interface classes; plain lsusb where -v fails (old usbutils, no permission).
    const ls =
      (await runCommand('lsusb', LSUSB_ARGS).catch(() => null)) ??
      (await runCommand('lsusb', []).catch(() => null));
    return ls ? parseLsusb(ls) : [];
  }
  if (process.platform === 'win32') {
    const out = await runCommand('powershell.exe', WINDOWS_USB_ARGS);
    return out ? parseWindowsUsbJson(out) : [];
  }
  if (process.platform === 'darwin') {
    const out = await runCommand('system_profiler', MACOS_USB_ARGS);
    return out ? parseSystemProfilerUsb(out) : [];
  }
  // Elsewhere systeminformation has names but no ids: kept for the record, they match as text.
  const s = await loadSi();
  return (await s.usb()).map((u) => ({
    vendorId: null,
    productId: null,
    name: blank(u.name),
    manufacturer: blank(u.manufacturer ?? u.vendor),
    serial: blank(u.serialNumber),
    bus: null,
  }));
}
