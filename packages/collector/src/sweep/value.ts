// Turning SNMP values into the strings observations and reports carry.
import type { VarValue } from './ber';

/** Printable text of an OCTET STRING, or null when it is binary (then use hexOf). */
export function textOf(v: VarValue | undefined): string | null {
  if (!v) return null;
  switch (v.type) {
    case 'string': {
      const b = v.value;
      let end = b.length;
      while (end > 0 && b[end - 1] === 0) end--; // C strings with their NUL
      const s = b.subarray(0, end).toString('utf8');
      // Binary data (a MAC, an engine id) decodes to replacement or control characters.
      if (/[\uFFFD\u0000-\u0008\u000e-\u001f]/.test(s)) return null;
      return s.trim();
    }
    case 'oid':
    case 'ip':
      return v.value;
    case 'int':
    case 'counter':
    case 'gauge':
    case 'ticks':
      return String(v.value);
    case 'counter64':
      return v.value.toString();
    default:
      return null;
  }
}

/** Text when printable, else hex; null for exceptions and empty values. */
export function displayOf(v: VarValue | undefined): string | null {
  const t = textOf(v);
  if (t !== null) return t || null;
  if (v && (v.type === 'string' || v.type === 'opaque') && v.value.length) return v.value.toString('hex');
  return null;
}

/** Raw bytes of an OCTET STRING (MACs, engine ids). */
export function bytesOf(v: VarValue | undefined): Buffer | null {
  return v && (v.type === 'string' || v.type === 'opaque') ? v.value : null;
}

export function intOf(v: VarValue | undefined): number | null {
  if (!v) return null;
  if (v.type === 'int' || v.type === 'counter' || v.type === 'gauge' || v.type === 'ticks') return v.value;
  return null;
}

/**
 * A MAC from an OCTET STRING: 6 raw bytes, or (some agents) the text "00:11:22:33:44:55" or
 * "0011.2233.4455". Returns 12 upper-case hex digits or null.
 */
export function macOf(v: VarValue | undefined): string | null {
  const b = bytesOf(v);
  if (!b) return null;
  if (b.length === 6) return b.toString('hex').toUpperCase();
  const s = b.toString('latin1').trim();
  const m =
    /^([0-9a-f]{1,2})[:\- ]([0-9a-f]{1,2})[:\- ]([0-9a-f]{1,2})[:\- ]([0-9a-f]{1,2})[:\- ]([0-9a-f]{1,2})[:\- ]([0-9a-f]{1,2})$/i.exec(
      s,
    );
  if (m)
    return m
      .slice(1)
      .map((p) => p.padStart(2, '0'))
      .join('')
      .toUpperCase();
  if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(s)) return s.replace(/\./g, '').toUpperCase();
  if (/^[0-9a-f]{12}$/i.test(s)) return s.toUpperCase();
  return null;
}
