// Canonical forms of the identifiers we match, so matching is case- and whitespace-insensitive.

/** Lower-case, Unicode-normalized, whitespace collapsed. */
export function normText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_]+/gu, ' ')
    .trim();
}

/** A software column as rules see it: names and publishers as text, ids and package names lower-cased. */
export function normSoftwareField(field: 'name' | 'publisher' | 'bundleId' | 'package', v: string): string {
  return field === 'name' || field === 'publisher' ? normText(v) : v.trim().toLowerCase();
}

/** An IEEE registrant name reduced to words: "HUAWEI TECHNOLOGIES CO.,LTD" → "huawei technologies co ltd". */
export function normRegistrant(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** A MAC as 12 upper-case hex digits, or null. Accepts `:`, `-`, `.` separators and bare hex. */
export function normMac(s: string): string | null {
  const t = s.trim();
  let hex: string;
  if (/^[0-9a-f]{1,2}([:-][0-9a-f]{1,2}){5}$/i.test(t))
    hex = t
      .split(/[:-]/)
      .map((p) => p.padStart(2, '0'))
      .join('');
  else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(t)) hex = t.replace(/\./g, '');
  else if (/^(0x)?[0-9a-f]{12}$/i.test(t)) hex = t.replace(/^0x/i, '');
  else return null;
  return hex.toUpperCase();
}

export function formatMac(hex12: string): string {
  return hex12.toLowerCase().replace(/(..)(?!$)/g, '$1:');
}

/** A numeric OID without the leading dot, or null. */
export function normOid(s: string): string | null {
  const t = s.trim().replace(/^\./, '');
  return /^\d+(\.\d+)+$/.test(t) ? t : null;
}

/** The enterprise number of an OID under 1.3.6.1.4.1, or null. */
export function enterpriseOf(oid: string): string | null {
  const m = /^1\.3\.6\.1\.4\.1\.(\d+)/.exec(oid);
  return m ? m[1] : null;
}

/** A 16-bit vendor/company id as 4 lower-case hex digits, or null. */
export function normHex4(s: string | number): string | null {
  if (typeof s === 'number') return s >= 0 && s <= 0xffff ? s.toString(16).padStart(4, '0') : null;
  const t = s.trim().replace(/^0x/i, '');
  return /^[0-9a-f]{1,4}$/i.test(t) ? t.toLowerCase().padStart(4, '0') : null;
}
