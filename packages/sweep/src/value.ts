// Turning SNMP values into the strings observations and reports carry.
import type { VarValue } from './ber';
import { decode1252, unassigned1252 } from './windows-1252';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** A device string as text, and its bytes (hex) when they were not UTF-8 and had to be decoded. */
export interface DecodedText {
  text: string;
  raw?: string;
}

/**
 * An OCTET STRING as text: UTF-8 when it is valid UTF-8, otherwise Windows-1252 (what devices with
 * 8-bit strings send: "©", "°", "é" in Latin-1), with the bytes kept as `raw`. Null when the bytes
 * are binary (a MAC, an engine id): C0 control bytes, or — for 8-bit text — bytes unassigned in
 * Windows-1252 or more 8-bit bytes than ASCII ones (a Latin-1 string is mostly ASCII; six random
 * bytes are not).
 */
export function decodeText(v: VarValue | undefined): DecodedText | null {
  if (v?.type !== 'string') {
    const t = scalarText(v);
    return t === null ? null : { text: t };
  }
  const b = v.value;
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--; // C strings with their NUL
  const bytes = b.subarray(0, end);
  let s: string | null = null;
  try {
    s = utf8.decode(bytes);
  } catch {
    // not UTF-8: 8-bit text or binary, decided below
  }
  if (s !== null) return CONTROL.test(s) ? null : { text: s.trim() };
  let high = 0;
  let ascii = 0;
  for (const x of bytes) {
    if (x < 0x20 ? !(x >= 0x09 && x <= 0x0d) : x === 0x7f || unassigned1252(x)) return null;
    if (x >= 0x80) high++;
    else ascii++;
  }
  if (high > ascii) return null;
  return { text: decode1252(bytes).trim(), raw: b.toString('hex') };
}

// Binary data decodes to control characters (tab, newlines, form feed are text).
const CONTROL = /[\u0000-\u0008\u000e-\u001f]/;

/** Printable text of a value, or null when it is binary (displayOf gives its hex). */
export function textOf(v: VarValue | undefined): string | null {
  return decodeText(v)?.text ?? null;
}

function scalarText(v: VarValue | undefined): string | null {
  if (!v) return null;
  switch (v.type) {
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
export function displayText(v: VarValue | undefined): DecodedText | null {
  const t = decodeText(v);
  if (t !== null) return t.text ? t : null;
  if (v && (v.type === 'string' || v.type === 'opaque') && v.value.length)
    return { text: v.value.toString('hex') };
  return null;
}

export function displayOf(v: VarValue | undefined): string | null {
  return displayText(v)?.text ?? null;
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
