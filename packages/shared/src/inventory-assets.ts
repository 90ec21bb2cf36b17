// An agent's inventory → asset drafts: the endpoint itself, plus every USB device with a vendor id and
// every paired Bluetooth device as its own peripheral asset attached to the endpoint (a Huawei phone or a
// ZTE modem plugged into a workstation is equipment in its own right, with its own verdict).
//
// Rules, so the collector's merge stays sound (RESEARCH: never key an asset on a placeholder):
// - endpoint identities: the agent id, the system serial and UUID unless they are vendor placeholders
//   ("To be filled by O.E.M.", all-zero UUIDs, ...), the OS installation's machine id, and the MACs of
//   physical NICs that carry a vendor (not locally administered, multicast or a known placeholder).
// - endpoint observations: DMI vendor strings (textClass 'vendor') and model strings ('model'), CPU
//   maker, PCI and graphics vendor ids, disk/display/audio vendors and models, printers, software;
//   the Wi-Fi BSSID and the gateway MAC are 'mac' observations of devices the endpoint talks to: a MAC
//   is weak evidence by catalog rule, so at most they ask for review, with the field saying which.
// - USB root hubs (vendor 0x1d6b, the Linux Foundation: the OS itself) are not peripherals.
import type { AssetDraft, Identity } from './asset';
import type { Observation } from './evidence';
import type { Inventory, Software } from './inventory';
import { normHex4, normMac } from './normalize';
import { macWithoutVendor } from './oui';

/** DMI/SMBIOS filler that firmware ships instead of a real value (lower-case, trimmed). */
const placeholderText = new Set([
  '',
  '0',
  '00000000',
  '0123456789',
  '1234567890',
  'none',
  'n/a',
  'na',
  'null',
  'unknown',
  'default string',
  'not specified',
  'not applicable',
  'not available',
  'to be filled by o.e.m.',
  'to be filled by oem',
  'system serial number',
  'system product name',
  'system manufacturer',
  'chassis serial number',
  'base board serial number',
  'oem',
  'o.e.m.',
  'invalid',
  'empty',
  'xxxxxxxxxx',
]);

export function isPlaceholderText(s: string | null | undefined): boolean {
  if (s == null) return true;
  const t = s.trim().toLowerCase();
  return placeholderText.has(t) || /^(.)\1*$/.test(t.replace(/[-\s]/g, ''));
}

/** UUIDs that many boards share: all zeros, all F, or the sequential one of cheap firmware. */
export function isPlaceholderUuid(s: string | null | undefined): boolean {
  if (!s) return true;
  const hex = s.replace(/[-{}\s]/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return true;
  return /^(.)\1*$/.test(hex) || hex === '03000200040005000006000700080009';
}

const USB_ROOT_HUB_VENDOR = '1d6b';

// How a program found outside the package managers was found, for the evidence's field.
const foundAs: Partial<Record<Software['source'], string>> = {
  process: 'running',
  desktop: 'menu entry',
  appimage: 'AppImage',
  wine: 'Wine',
  folder: 'folder',
};

/** Software entry `i`'s field path in evidence: where it was found when a package manager did not list
 * it ("software[12] (running /opt/wechat/wechat)"), so the evidence says which file to look at. */
export function softwareField(s: Software, i: number | string): string {
  const how = foundAs[s.source];
  return how && s.path ? `software[${i}] (${how} ${s.path})` : `software[${i}]`;
}

/** The observation of software entry `i` (the endpoint's last observations, in list order). */
export function softwareObservation(s: Software, i: number): Observation {
  return {
    kind: 'software',
    source: 'agent',
    field: softwareField(s, i),
    value: s.name,
    software: {
      name: s.name,
      publisher: s.publisher ?? undefined,
      bundleId: s.bundleId ?? undefined,
      package: s.package ?? undefined,
    },
  };
}

/**
 * `software: false` leaves the software entries out of the endpoint's observations, for a caller that
 * identifies them itself (the collector, memoized per entry; see softwareObservation).
 */
export function inventoryToAssets(
  inv: Inventory,
  agentId: string,
  o: { software?: boolean } = {},
): AssetDraft[] {
  const h = inv.host;
  const obs: Observation[] = [];
  const text = (field: string, value: string | null | undefined, textClass: Observation['textClass']) => {
    if (value && !isPlaceholderText(value))
      obs.push({ kind: 'text', source: 'agent', field, value, textClass });
  };
  text('dmi.system.manufacturer', h.system.manufacturer, 'vendor');
  text('dmi.system.model', h.system.model, 'model');
  text('dmi.system.version', h.system.version, 'model');
  text('dmi.baseboard.manufacturer', h.baseboard.manufacturer, 'vendor');
  text('dmi.baseboard.model', h.baseboard.model, 'model');
  text('dmi.chassis.manufacturer', h.chassis.manufacturer, 'vendor');
  text('dmi.bios.vendor', h.bios.vendor, 'vendor');
  text('cpu.manufacturer', h.cpu.manufacturer, 'vendor');
  text('cpu.brand', h.cpu.brand, 'model');

  const self: Identity = { type: 'agent', value: agentId };
  const identities: Identity[] = [self];
  const serial = isPlaceholderText(h.system.serial) ? null : h.system.serial!.trim();
  if (serial) identities.push({ type: 'serial', value: serial });
  if (!isPlaceholderUuid(h.system.uuid))
    identities.push({ type: 'uuid', value: h.system.uuid!.toLowerCase() });
  // A reinstalled agent (new state directory, new agent id) on the same OS installation is this machine.
  const machine = h.machineId && !isPlaceholderText(h.machineId) ? h.machineId.toLowerCase() : null;
  if (machine) identities.push({ type: 'machine', value: machine });
  // A device known only by where it is plugged in: on this agent, and on this OS installation (the id
  // a re-enrolled agent finds it by; the agent's is kept so devices stored before still match).
  const hosts = machine ? [agentId, `m:${machine}`] : [agentId];

  let mac: string | null = null;
  let ip: string | null = null;
  for (const [i, n] of inv.nics.entries()) {
    if (n.virtual || n.locallyAdministered || !n.mac) continue;
    const hex = normMac(n.mac);
    if (!hex || macWithoutVendor(hex)) continue;
    mac ??= n.mac.toLowerCase();
    ip ??= n.ip4[0] ?? null;
    identities.push({ type: 'mac', value: n.mac.toLowerCase() });
    obs.push({ kind: 'mac', source: 'agent', field: `nics[${i}].mac`, value: n.mac });
  }
  if (!ip) ip = inv.nics.find((n) => !n.virtual && n.ip4.length)?.ip4[0] ?? null;
  // Devices the endpoint talks to: only weak, MAC-registrant evidence, so at most a review.
  if (inv.wifi?.bssid && normMac(inv.wifi.bssid))
    obs.push({ kind: 'mac', source: 'agent', field: 'wifi.bssid', value: inv.wifi.bssid });
  if (inv.gateway?.mac && normMac(inv.gateway.mac))
    obs.push({ kind: 'mac', source: 'agent', field: 'gateway.mac', value: inv.gateway.mac });

  for (const [i, g] of inv.graphics.entries()) {
    text(`graphics[${i}].vendor`, g.vendor, 'vendor');
    text(`graphics[${i}].model`, g.model, 'model');
    const vid = g.vendorId ? normHex4(g.vendorId) : null;
    if (vid) obs.push({ kind: 'pci', source: 'agent', field: `graphics[${i}].vendorId`, value: vid });
  }
  for (const [i, d] of inv.disks.entries()) {
    text(`disks[${i}].vendor`, d.vendor, 'vendor');
    text(`disks[${i}].model`, d.model, 'model');
  }
  for (const [i, d] of inv.displays.entries()) {
    text(`displays[${i}].vendor`, d.vendor, 'vendor');
    text(`displays[${i}].model`, d.model, 'model');
  }
  for (const [i, a] of inv.audio.entries()) text(`audio[${i}].manufacturer`, a.manufacturer, 'vendor');
  for (const [i, p] of inv.printers.entries()) {
    text(`printers[${i}].model`, p.model, 'model');
    if (p.name !== p.model) text(`printers[${i}].name`, p.name, 'description');
  }
  for (const [i, p] of inv.pci.entries()) {
    const vid = p.vendorId ? normHex4(p.vendorId) : null;
    if (!vid) continue;
    obs.push({
      kind: 'pci',
      source: 'agent',
      field: `pci[${i}].vendorId`,
      value: vid,
      productId: (p.deviceId && normHex4(p.deviceId)) || undefined,
    });
    text(`pci[${i}].name`, p.name, 'description');
    // The card's OEM, when it is not the chip's maker: an Intel NIC on a Huawei-branded card.
    const sv = p.subsystemVendorId ? normHex4(p.subsystemVendorId) : null;
    if (sv && sv !== vid && sv !== '0000') {
      obs.push({
        kind: 'pci',
        source: 'agent',
        field: `pci[${i}].subsystemVendorId`,
        value: sv,
        productId: (p.subsystemDeviceId && normHex4(p.subsystemDeviceId)) || undefined,
      });
      text(`pci[${i}].subsystemName`, p.subsystemName, 'description');
    }
  }
  if (o.software !== false) for (const [i, s] of inv.software.entries()) obs.push(softwareObservation(s, i));

  const endpoint: AssetDraft = {
    kind: 'endpoint',
    ip,
    mac,
    hostname: h.hostname,
    vendor: isPlaceholderText(h.system.manufacturer) ? null : h.system.manufacturer,
    model: isPlaceholderText(h.system.model) ? null : h.system.model,
    serial,
    identities,
    observations: obs,
  };
  const out: AssetDraft[] = [endpoint];

  // Network interfaces of USB devices (a tethered phone, a USB modem): by the device's bus position.
  const nicOfBus = new Map<string, { name: string; driver: string | null }>();
  const usbList = inv.usb.map((u, i) => ({ u, at: `usb[${i}]` }));
  for (const [j, n] of inv.nics.entries()) {
    if (!n.usb?.vendorId) continue;
    const bus = n.usb.bus ?? `nic:${n.name}`;
    nicOfBus.set(bus, { name: n.name, driver: n.driver ?? null });
    // The USB listing failed or missed it: the interface's parent still gives the ids.
    const known = inv.usb.some(
      (u) =>
        (u.bus && u.bus === n.usb?.bus) ||
        (u.vendorId === n.usb?.vendorId && u.productId === n.usb?.productId && u.serial === n.usb?.serial),
    );
    if (!known)
      usbList.push({
        u: {
          vendorId: n.usb.vendorId,
          productId: n.usb.productId,
          serial: n.usb.serial ?? null,
          name: null,
          manufacturer: null,
          bus,
        },
        at: `nics[${j}].usb`,
      });
  }

  for (const [i, { u, at }] of usbList.entries()) {
    const vid = u.vendorId ? normHex4(u.vendorId) : null;
    if (!vid || vid === USB_ROOT_HUB_VENDOR) continue;
    const nic = u.bus ? nicOfBus.get(u.bus) : undefined;
    const what = [
      ...(u.interfaces ?? []),
      ...(nic ? [`network interface ${nic.name}${nic.driver ? `, driver ${nic.driver}` : ''}`] : []),
    ];
    const pid = u.productId ? normHex4(u.productId) : null;
    const pobs: Observation[] = [
      { kind: 'usb', source: 'agent', field: `${at}.vendorId`, value: vid, productId: pid ?? undefined },
    ];
    if (u.manufacturer && !isPlaceholderText(u.manufacturer))
      pobs.push({
        kind: 'text',
        source: 'agent',
        field: `${at}.manufacturer`,
        value: u.manufacturer,
        textClass: 'vendor',
      });
    if (u.name && !isPlaceholderText(u.name))
      pobs.push({
        kind: 'text',
        source: 'agent',
        field: `${at}.name`,
        value: u.name,
        textClass: 'model',
      });
    const usbSerial = u.serial && !isPlaceholderText(u.serial) ? u.serial.trim() : null;
    // Without a serial a USB device is only known by where it is plugged in.
    const usbIds = usbSerial
      ? [`${vid}:${pid ?? '????'}:${usbSerial}`]
      : hosts.map((host) => `${vid}:${pid ?? '????'}:@${host}#${u.bus ?? i}`);
    out.push({
      kind: 'peripheral',
      ip: null,
      mac: null,
      hostname: null,
      vendor: u.manufacturer,
      model: u.name,
      serial: usbSerial,
      identities: usbIds.map((value) => ({ type: 'usb' as const, value })),
      observations: pobs,
      attachedTo: self,
      location: `USB on ${h.hostname}${what.length ? ` (${what.join('; ')})` : ''}`,
    });
  }

  for (const [i, b] of inv.bluetooth.entries()) {
    const pobs: Observation[] = [];
    const cid = b.companyId ? normHex4(b.companyId) : null;
    if (cid)
      pobs.push({ kind: 'bluetooth', source: 'agent', field: `bluetooth[${i}].companyId`, value: cid });
    if (b.manufacturer && !isPlaceholderText(b.manufacturer))
      pobs.push({
        kind: 'text',
        source: 'agent',
        field: `bluetooth[${i}].manufacturer`,
        value: b.manufacturer,
        textClass: 'vendor',
      });
    if (b.name && !isPlaceholderText(b.name))
      pobs.push({
        kind: 'text',
        source: 'agent',
        field: `bluetooth[${i}].name`,
        value: b.name,
        textClass: 'description',
      });
    const hex = b.mac ? normMac(b.mac) : null;
    const btMac = hex && !macWithoutVendor(hex) ? b.mac!.toLowerCase() : null;
    if (btMac) pobs.push({ kind: 'mac', source: 'agent', field: `bluetooth[${i}].mac`, value: btMac });
    if (!pobs.length) continue;
    const ids: Identity[] = btMac
      ? [{ type: 'mac', value: btMac }]
      : hosts.map((at) => ({ type: 'usb' as const, value: `bt:${b.name ?? '?'}@${at}#${i}` }));
    out.push({
      kind: 'peripheral',
      ip: null,
      mac: btMac,
      hostname: null,
      vendor: b.manufacturer,
      model: b.name,
      serial: null,
      identities: ids,
      observations: pobs,
      attachedTo: self,
      location: `Bluetooth, paired with ${h.hostname}`,
    });
  }
  return out;
}
