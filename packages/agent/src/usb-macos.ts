// macOS: `system_profiler SPUSBDataType -json` (systeminformation's usb() gives no vendor ids).
// Devices nest under hubs in `_items`; ids read "0x12d1  (Huawei Technologies Co., Ltd.)" and,
// for Apple's own, "apple_vendor_id".
import type { UsbDevice } from '@coverscan/shared';

export const MACOS_USB_ARGS = ['SPUSBDataType', '-json'];

interface SpItem {
  _name?: string;
  vendor_id?: string;
  product_id?: string;
  serial_num?: string;
  manufacturer?: string;
  location_id?: string;
  _items?: SpItem[];
}

const hex = (s: string | undefined) => {
  if (s === 'apple_vendor_id') return '05ac';
  const m = /0x([0-9a-f]{1,4})/i.exec(s ?? '');
  return m ? m[1].toLowerCase().padStart(4, '0') : null;
};

export function parseSystemProfilerUsb(json: string): UsbDevice[] {
  const doc = JSON.parse(json) as { SPUSBDataType?: SpItem[] };
  const out: UsbDevice[] = [];
  const walk = (items: SpItem[] | undefined) => {
    for (const it of items ?? []) {
      const vendorId = hex(it.vendor_id);
      if (vendorId) {
        const maker = /\((.+)\)/.exec(it.vendor_id ?? '')?.[1];
        out.push({
          vendorId,
          productId: hex(it.product_id),
          name: it._name ?? null,
          manufacturer: it.manufacturer ?? maker ?? null,
          serial: it.serial_num ?? null,
          bus: it.location_id ?? null,
        });
      }
      walk(it._items);
    }
  };
  walk(doc.SPUSBDataType);
  return out;
}
