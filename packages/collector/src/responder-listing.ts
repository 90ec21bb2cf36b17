// What `sweep --discover-only` prints: as a table, one line per responder as it answers (address
// first, tab-separated, so `cut -f1` works mid-sweep); as json or csv, every responder at the end.

import type { Responder } from '@coverscan/sweep/discover';
import { type Format, printRows } from './output-format';

const columns = [
  { key: 'address', title: 'address' },
  { key: 'version', title: 'version' },
  { key: 'sysName', title: 'sysName' },
  { key: 'sysObjectID', title: 'sysObjectID' },
  { key: 'engineId', title: 'engineId' },
  { key: 'sysDescr', title: 'sysDescr' },
];

export function responderListing(format: Format) {
  const rows: Record<string, string | null>[] = [];
  return {
    add(r: Responder): void {
      const descr = (r.sysDescr ?? '').split(/\r?\n/)[0].slice(0, 100);
      if (format === 'table')
        process.stdout.write(
          `${r.address}\t${r.version}\t${r.sysName ?? '-'}\t${r.sysObjectID ?? r.engineId ?? '-'}\t${descr}\n`,
        );
      else
        rows.push({
          address: r.address,
          version: r.version,
          sysName: r.sysName,
          sysObjectID: r.sysObjectID,
          engineId: r.engineId,
          sysDescr: r.sysDescr,
        });
    },
    end(): void {
      if (format !== 'table') printRows(format, rows, columns);
    },
  };
}
