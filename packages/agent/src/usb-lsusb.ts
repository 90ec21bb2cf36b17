// `lsusb` and `lsusb -v` (usbutils), the fallback where sysfs shows no USB bus.
// Plain lines: "Bus 001 Device 004: ID 12d1:107e Huawei Technologies Co., Ltd. P10 smartphone" — the
// text after the id is usb.ids' vendor and product names run together, kept whole as the name; the
// vendor id is what identifies. `-v` adds each device's own strings (iManufacturer, iProduct, iSerial:
// the serial follows the same phone across laptops) and its interfaces' classes (decimal there).
import type { UsbDevice } from '@coverscan/shared';
import { usbInterfaceClass } from './usb-class';

const LINE = /^Bus\s+(\d+)\s+Device\s+(\d+):\s+ID\s+([0-9a-f]{4}):([0-9a-f]{4})\s*(.*)$/i;
/** "  iSerial                 3 9WV4C19A29001234": string index, then the string (absent when 0). */
const STRING = /^\s*(iManufacturer|iProduct|iSerial|iInterface)\s+\d+\s*(.*)$/;
const NUMBER = /^\s*(bInterfaceClass|bInterfaceSubClass|bInterfaceProtocol)\s+(\d+)/;

export const LSUSB_ARGS = ['-v'];

const hex2 = (n: string) => Number(n).toString(16).padStart(2, '0');

export function parseLsusb(text: string): UsbDevice[] {
  const out: UsbDevice[] = [];
  let dev: UsbDevice | null = null;
  let iface: Record<string, string | null> = {};
  const classes = new Set<string>();
  const endInterface = () => {
    const c = iface.bInterfaceClass
      ? usbInterfaceClass(
          iface.bInterfaceClass,
          iface.bInterfaceSubClass,
          iface.bInterfaceProtocol,
          iface.iInterface,
        )
      : null;
    if (c) classes.add(c);
    iface = {};
  };
  const endDevice = () => {
    endInterface();
    if (dev && classes.size) dev.interfaces = [...classes].sort();
    classes.clear();
  };
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (m) {
      endDevice();
      dev = {
        vendorId: m[3].toLowerCase(),
        productId: m[4].toLowerCase(),
        name: m[5].trim() || null,
        manufacturer: null,
        serial: null,
        bus: `${Number(m[1])}-${Number(m[2])}`,
      };
      out.push(dev);
      continue;
    }
    if (!dev) continue;
    if (/^\s*Interface Descriptor:/.test(line)) {
      endInterface();
      continue;
    }
    const s = STRING.exec(line);
    if (s) {
      const v = s[2].trim() || null;
      if (s[1] === 'iInterface') iface.iInterface = v;
      else if (v && s[1] === 'iSerial') dev.serial = v;
      else if (v && s[1] === 'iManufacturer') dev.manufacturer = v;
      // The device's own product string is more precise than usb.ids' names.
      else if (v && s[1] === 'iProduct') dev.name = v;
      continue;
    }
    const n = NUMBER.exec(line);
    if (n) iface[n[1]] = hex2(n[2]);
  }
  endDevice();
  return out;
}
