// `lsusb` lines: "Bus 001 Device 004: ID 12d1:107e Huawei Technologies Co., Ltd. P10 smartphone".
// The text after the id is usb.ids' vendor and product names run together, so it is kept whole as the
// name; the vendor id is what identifies.
import type { UsbDevice } from '@coverscan/shared';

const LINE = /^Bus\s+(\d+)\s+Device\s+(\d+):\s+ID\s+([0-9a-f]{4}):([0-9a-f]{4})\s*(.*)$/i;

export function parseLsusb(text: string): UsbDevice[] {
  const out: UsbDevice[] = [];
  for (const line of text.split('\n')) {
    const m = LINE.exec(line.trim());
    if (!m) continue;
    out.push({
      vendorId: m[3].toLowerCase(),
      productId: m[4].toLowerCase(),
      name: m[5].trim() || null,
      manufacturer: null,
      serial: null,
      bus: `${Number(m[1])}-${Number(m[2])}`,
    });
  }
  return out;
}
