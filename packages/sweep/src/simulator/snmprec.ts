// Reads snmpsim's recording format (`OID|TAG|VALUE`, TAG with an `x` suffix for hex values) into a
// sorted table a simulated agent can answer GET, GETNEXT and GETBULK from.
import type { VarValue } from '../ber';
import { compareOid } from '../mib';

export interface Record {
  oid: string;
  value: VarValue;
}

function value(tag: string, raw: string): VarValue | null {
  const hex = tag.endsWith('x');
  const t = Number(hex ? tag.slice(0, -1) : tag);
  const bytes = () => (hex ? Buffer.from(raw, 'hex') : Buffer.from(raw, 'latin1'));
  switch (t) {
    case 2:
      return { type: 'int', value: Number(raw) };
    case 4:
      return { type: 'string', value: bytes() };
    case 5:
      return { type: 'null' };
    case 6:
      return { type: 'oid', value: raw.replace(/^\./, '') };
    case 64:
      return { type: 'ip', value: hex ? [...Buffer.from(raw, 'hex')].join('.') : raw };
    case 65:
      return { type: 'counter', value: Number(raw) };
    case 66:
      return { type: 'gauge', value: Number(raw) };
    case 67:
      return { type: 'ticks', value: Number(raw) };
    case 68:
      return { type: 'opaque', value: bytes() };
    case 70:
      return { type: 'counter64', value: BigInt(raw) };
    default:
      return null;
  }
}

/** Parses a recording; lines it cannot represent (snmpsim variation modules, unknown tags) are skipped. */
export function parseSnmprec(text: string): Record[] {
  const out: Record[] = [];
  for (const line of text.split(/\r?\n/)) {
    const a = line.indexOf('|');
    const b = line.indexOf('|', a + 1);
    if (a < 0 || b < 0) continue;
    const oid = line.slice(0, a).replace(/^\./, '');
    if (!/^\d+(\.\d+)+$/.test(oid)) continue;
    const v = value(line.slice(a + 1, b), line.slice(b + 1));
    if (v) out.push({ oid, value: v });
  }
  return out.sort((x, y) => compareOid(x.oid, y.oid));
}

/** The first record strictly after `oid`, or undefined at the end of the view. */
export function nextRecord(table: Record[], oid: string): Record | undefined {
  let lo = 0;
  let hi = table.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareOid(table[mid].oid, oid) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return table[lo];
}
