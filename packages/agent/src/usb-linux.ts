// USB devices on Linux from sysfs (/sys/bus/usb/devices/<bus>-<port>[.<port>...]): vendor and product
// ids, and the strings the device itself reports (manufacturer, product, serial). Reading sysfs costs
// a few file reads; lsusb would add a process and usb.ids lookups we do not need.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { UsbDevice } from '@coverscan/shared';
import { usbInterfaceClass } from './usb-class';

export const SYS_USB = '/sys/bus/usb/devices';

async function attr(dir: string, name: string): Promise<string | null> {
  try {
    const v = (await readFile(join(dir, name), 'latin1')).trim();
    return v || null;
  } catch {
    return null; // devices without a serial or string descriptors simply lack the file
  }
}

/** USB devices under a sysfs root; null when the root does not exist (no USB bus visible). */
export async function readSysUsb(root = SYS_USB): Promise<UsbDevice[] | null> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  // Interfaces ("1-2:1.0") are parts of a device, not devices; "usb1" is a root hub.
  const devices = names.filter((n) => !n.includes(':')).sort();
  const interfaces = names.filter((n) => n.includes(':'));
  const out = await Promise.all(
    devices.map(async (n): Promise<UsbDevice | null> => {
      const dir = join(root, n);
      const [vendorId, productId, manufacturer, product, serial] = await Promise.all([
        attr(dir, 'idVendor'),
        attr(dir, 'idProduct'),
        attr(dir, 'manufacturer'),
        attr(dir, 'product'),
        attr(dir, 'serial'),
      ]);
      if (!vendorId) return null;
      const own = interfaces.filter((i) => i.startsWith(`${n}:`));
      const classes = await Promise.all(
        own.map(async (i) => {
          const d = join(root, i);
          const [cls, sub, proto, label] = await Promise.all(
            ['bInterfaceClass', 'bInterfaceSubClass', 'bInterfaceProtocol', 'interface'].map((f) =>
              attr(d, f),
            ),
          );
          return usbInterfaceClass(cls, sub, proto, label);
        }),
      );
      const found = [...new Set(classes.filter((c): c is string => c !== null))].sort();
      return {
        vendorId,
        productId,
        name: product,
        manufacturer,
        serial,
        bus: n,
        ...(found.length ? { interfaces: found } : {}),
      };
    }),
  );
  return out.filter((d): d is UsbDevice => d !== null);
}
