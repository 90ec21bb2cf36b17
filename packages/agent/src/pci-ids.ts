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
 * pci.ids → names for the wanted vendors. Format: "vvvv  Vendor", "\tdddd  Device",
 * "\t\tssss tttt  Subsystem"; comments start with '#'. Only the wanted vendors' blocks are decoded: the
 * file is 1.3 MB, and splitting all of it into lines cost the agent ~9 MB of peak memory.
 */
export function parsePciIds(file: Buffer | string, wanted: Set<string>): PciNames {
  const buf = typeof file === 'string' ? Buffer.from(file) : file;
  const names = new Map<string, string>();
  for (const vendor of wanted) {
    if (!/^[0-9a-f]{4}$/.test(vendor)) continue;
    const at = buf.indexOf(`\n${vendor}  `);
    if (at < 0) continue;
    // The block: the vendor line and the tab-indented lines under it.
    let end = at + 1;
    for (;;) {
      const nl = buf.indexOf(10, end);
      if (nl < 0 || buf[nl + 1] !== 9) {
        end = nl < 0 ? buf.length : nl;
        break;
      }
      end = nl + 1;
    }
    let device: string | null = null;
    for (const line of buf.toString('utf8', at + 1, end).split('\n')) {
      if (line[0] !== '\t') names.set(vendor, line.slice(4).trim());
      else if (line[1] !== '\t') {
        device = line.slice(1, 5).toLowerCase();
        names.set(key(vendor, device), line.slice(5).trim());
      } else if (device) {
        const [sv, sd] = line.slice(2, 11).split(' ');
        if (sv && sd) names.set(key(vendor, device, sv, sd), line.slice(11).trim());
      }
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
    const buf = await readFile(p).catch(() => null);
    if (buf) return parsePciIds(buf, wanted);
  }
  return parsePciIds('', wanted);
}
