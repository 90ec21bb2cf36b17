// USB interface classes by name (USB-IF "Defined Class Codes"): what a device is, whatever its label —
// a phone offers MTP/PTP, ADB or RNDIS/CDC networking; a keyboard offers HID; a stick, mass storage.
const classes: Record<string, string> = {
  '01': 'audio',
  '02': 'cdc',
  '03': 'hid',
  '05': 'physical',
  '06': 'still-image', // PTP; MTP phones often use it too (subclass 01, protocol 01)
  '07': 'printer',
  '08': 'mass-storage',
  '09': 'hub',
  '0a': 'cdc-data',
  '0b': 'smart-card',
  '0d': 'content-security',
  '0e': 'video',
  '0f': 'healthcare',
  '10': 'audio-video',
  '11': 'billboard',
  dc: 'diagnostic',
  e0: 'wireless', // e0/01/03: RNDIS, Android's USB tethering
  ef: 'misc',
  fe: 'application',
  ff: 'vendor',
};

/** One interface's class, subclass, protocol (hex, as sysfs and `lsusb -v` give them) and its string. */
export function usbInterfaceClass(
  cls: string | null,
  sub: string | null,
  proto: string | null,
  label: string | null,
): string | null {
  const c = cls?.toLowerCase().replace(/^0x/, '').padStart(2, '0');
  const s = sub?.toLowerCase().replace(/^0x/, '').padStart(2, '0');
  const p = proto?.toLowerCase().replace(/^0x/, '').padStart(2, '0');
  // Named by their interface string or well-known vendor-specific triples (Android's, AOSP usb docs).
  if (label && /\bmtp\b/i.test(label)) return 'mtp';
  if (c === 'ff' && s === '42' && p === '01') return 'adb';
  if ((c === 'e0' && s === '01' && p === '03') || (c === 'ef' && s === '04' && p === '01')) return 'rndis';
  return c ? (classes[c] ?? `class-${c}`) : null;
}
