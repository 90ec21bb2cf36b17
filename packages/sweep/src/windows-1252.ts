// Windows-1252, the 8-bit text that devices send when their strings are not UTF-8 (the web's
// "latin1" too). Node 20's TextDecoder('windows-1252') decodes it as ISO-8859-1, turning 0x80–0x9F
// into C1 controls, so the 27 characters that differ are mapped here. Table: WHATWG Encoding
// Standard, index-windows-1252 (https://encoding.spec.whatwg.org/index-windows-1252.txt).
// biome-ignore format: two rows of 16, as the table is laid out
const HIGH: (number | null)[] = [
  0x20ac, null, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, null, 0x017d, null,
  null, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, null, 0x017e, 0x0178,
];

/** Whether the byte is unassigned in Windows-1252 (0x81, 0x8D, 0x8F, 0x90, 0x9D). */
export function unassigned1252(b: number): boolean {
  return b >= 0x80 && b < 0xa0 && HIGH[b - 0x80] === null;
}

/** The bytes as Windows-1252 text; unassigned bytes keep their Latin-1 code point. */
export function decode1252(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += String.fromCharCode(x >= 0x80 && x < 0xa0 ? (HIGH[x - 0x80] ?? x) : x);
  return s;
}
