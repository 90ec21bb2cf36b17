// An agent's inventory → asset drafts: the endpoint itself, plus each USB/Bluetooth device that can be
// its own asset (a Huawei phone or ZTE modem plugged into a workstation) as a peripheral attached to it.
// Minimal version written by the collector; the agent helper owns and extends it (same signature).
import type { AssetDraft, Identity } from './asset';
import type { Observation } from './evidence';
import type { Inventory } from './inventory';
import { normHex4, normMac } from './normalize';
import { macWithoutVendor } from './oui';

export function inventoryToAssets(inv: Inventory, agentId: string): AssetDraft[] {
  const h = inv.host;
  const obs: Observation[] = [];
  const text = (field: string, value: string | null | undefined, textClass: Observation['textClass']) => {
    if (value?.trim()) obs.push({ kind: 'text', source: 'agent', field, value, textClass });
  };
  text('dmi.system.manufacturer', h.system.manufacturer, 'vendor');
  text('dmi.system.model', h.system.model, 'model');
  text('dmi.baseboard.manufacturer', h.baseboard.manufacturer, 'vendor');
  text('dmi.baseboard.model', h.baseboard.model, 'model');
  text('dmi.chassis.manufacturer', h.chassis.manufacturer, 'vendor');
  text('dmi.bios.vendor', h.bios.vendor, 'vendor');
  const identities: Identity[] = [{ type: 'agent', value: agentId }];
  if (h.system.uuid) identities.push({ type: 'uuid', value: h.system.uuid });
  if (h.system.serial) identities.push({ type: 'serial', value: h.system.serial });
  let mac: string | null = null;
  let ip: string | null = null;
  for (const [i, n] of inv.nics.entries()) {
    if (n.virtual || !n.mac) continue;
    const hex = normMac(n.mac);
    if (!hex || macWithoutVendor(hex)) continue;
    mac ??= n.mac;
    ip ??= n.ip4[0] ?? null;
    identities.push({ type: 'mac', value: n.mac });
    obs.push({ kind: 'mac', source: 'agent', field: `nics[${i}].mac`, value: n.mac });
  }
  for (const [i, g] of inv.graphics.entries()) {
    text(`graphics[${i}].vendor`, g.vendor, 'vendor');
    if (g.vendorId)
      obs.push({ kind: 'pci', source: 'agent', field: `graphics[${i}].vendorId`, value: g.vendorId });
  }
  for (const [i, d] of inv.disks.entries()) text(`disks[${i}].vendor`, d.vendor, 'vendor');
  for (const [i, d] of inv.displays.entries()) text(`displays[${i}].vendor`, d.vendor, 'vendor');
  for (const [i, p] of inv.pci.entries())
    if (p.vendorId)
      obs.push({
        kind: 'pci',
        source: 'agent',
        field: `pci[${i}].vendorId`,
        value: p.vendorId,
        productId: p.deviceId ?? undefined,
      });
  for (const [i, s] of inv.software.entries())
    obs.push({
      kind: 'software',
      source: 'agent',
      field: `software[${i}]`,
      value: s.name,
      software: {
        name: s.name,
        publisher: s.publisher ?? undefined,
        bundleId: s.bundleId ?? undefined,
        package: s.package ?? undefined,
      },
    });
  const self: Identity = { type: 'agent', value: agentId };
  const endpoint: AssetDraft = {
    kind: 'endpoint',
    ip,
    mac,
    hostname: h.hostname,
    vendor: h.system.manufacturer,
    model: h.system.model,
    serial: h.system.serial,
    identities,
    observations: obs,
  };
  const out: AssetDraft[] = [endpoint];
  for (const [i, u] of inv.usb.entries()) {
    const vid = u.vendorId ? normHex4(u.vendorId) : null;
    if (!vid) continue;
    const pid = u.productId ? normHex4(u.productId) : null;
    const pobs: Observation[] = [
      { kind: 'usb', source: 'agent', field: `usb[${i}].vendorId`, value: vid, productId: pid ?? undefined },
    ];
    if (u.manufacturer?.trim())
      pobs.push({
        kind: 'text',
        source: 'agent',
        field: `usb[${i}].manufacturer`,
        value: u.manufacturer,
        textClass: 'vendor',
      });
    if (u.name?.trim())
      pobs.push({
        kind: 'text',
        source: 'agent',
        field: `usb[${i}].name`,
        value: u.name,
        textClass: 'description',
      });
    // Without a serial a USB device is only known by where it is plugged in.
    const usbId = `${vid}:${pid ?? '????'}:${u.serial?.trim() || `@${agentId}#${i}`}`;
    out.push({
      kind: 'peripheral',
      ip: null,
      mac: null,
      hostname: null,
      vendor: u.manufacturer,
      model: u.name,
      serial: u.serial,
      identities: [{ type: 'usb', value: usbId }],
      observations: pobs,
      attachedTo: self,
      location: `USB on ${h.hostname}`,
    });
  }
  return out;
}
