// Windows: systeminformation's usb() has no vendor or product ids, so the agent lists PnP device
// instance ids (USB\VID_12D1&PID_107E\QRX7N18A22003456) with one PowerShell call and parses them.
import type { UsbDevice } from '@coverscan/shared';
import { parsePowerShellJson, powerShellRows } from './powershell-json';

export const WINDOWS_USB_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-Command',
  '[Console]::OutputEncoding=[Text.Encoding]::UTF8; @(Get-CimInstance Win32_PnPEntity -Filter "PNPDeviceID LIKE \'USB\\\\VID_%\'" | Select-Object PNPDeviceID,Name,Manufacturer) | ConvertTo-Json -Compress',
];

interface PnpRow {
  PNPDeviceID?: string;
  Name?: string | null;
  Manufacturer?: string | null;
}

// Interfaces of composite devices (…&MI_00\…) are parts of the device listed without MI_.
const ID = /^USB\\VID_([0-9A-F]{4})&PID_([0-9A-F]{4})\\(.+)$/i;

export function parseWindowsUsbJson(json: string): UsbDevice[] {
  const rows = powerShellRows<PnpRow>(parsePowerShellJson(json));
  const out: UsbDevice[] = [];
  for (const r of rows) {
    const m = ID.exec(r.PNPDeviceID ?? '');
    if (!m) continue;
    // Windows makes up an instance id with '&' when the device has no serial of its own.
    const serial = m[3].includes('&') ? null : m[3];
    out.push({
      vendorId: m[1].toLowerCase(),
      productId: m[2].toLowerCase(),
      name: r.Name?.trim() || null,
      manufacturer: r.Manufacturer?.trim() || null,
      serial,
      bus: r.PNPDeviceID ?? null,
    });
  }
  return out;
}
