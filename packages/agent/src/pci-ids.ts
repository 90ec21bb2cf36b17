// Names for PCI ids from the system's pci.ids (the PCI ID Repository, shipped by pciutils/hwdata): disks
// and cards are reported with their makers' names, not only numbers. Only the ids asked for are kept.
import { readFile } from 'node:fs/promises';

export const PCI_IDS_PATHS = ['/usr/share/misc/pci.ids', '/usr/share/hwdata/pci.ids', '/usr/share/pci.ids'];

export interface PciNames {
  vendor(id: string): string | null;
  device(vendor: string, device: string): string | null;
  subsystem(vendor: string, device: string, subVendor: string, subDevice: string): string | null;
}

const key = (...ids: string[]) => ids.map((x) => x.toLowerCase()).join(':');

/**
 * pci.ids text → names for the wanted vendors. Format: "vvvv  Vendor", "\tdddd  Device",
 * "\t\tssss tttt  Subsystem"; comments start with '#'; the class list ("C xx") ends the vendor list.
 */
export function parsePciIds(text: string, wanted: Set<string>): PciNames {
  const names = new Map<string, string>();
  let vendor: string | null = null;
  let device: string | null = null;
  for (const line of text.split('\n')) {
    if (!line || line[0] === '#') continue;
    if (line.startsWith('C ')) break;
    if (line[0] !== '\t') {
      const v = line.slice(0, 4).toLowerCase();
      vendor = wanted.has(v) ? v : null;
      device = null;
      if (vendor) names.set(vendor, line.slice(4).trim());
    } else if (!vendor) {
      // a device of a vendor nobody asked about
    } else if (line[1] !== '\t') {
      device = line.slice(1, 5).toLowerCase();
      names.set(key(vendor, device), line.slice(5).trim());
    } else if (device) {
      const [sv, sd] = line.slice(2, 11).split(' ');
      if (sv && sd) names.set(key(vendor, device, sv, sd), line.slice(11).trim());
    }
  }
  return {
    vendor: (id) => names.get(id.toLowerCase()) ?? null,
    device: (v, d) => names.get(key(v, d)) ?? null,
    subsystem: (v, d, sv, sd) => names.get(key(v, d, sv, sd)) ?? null,
  };
}

/** The system's pci.ids for these vendor ids; names are null where the file is absent. */
export async function loadPciNames(vendors: Iterable<string>, paths = PCI_IDS_PATHS): Promise<PciNames> {
  const wanted = new Set([...vendors].map((v) => v.toLowerCase()));
  for (const p of paths) {
    const text = await readFile(p, 'utf8').catch(() => null);
    if (text) return parsePciIds(text, wanted);
  }
  return parsePciIds('', wanted);
}
