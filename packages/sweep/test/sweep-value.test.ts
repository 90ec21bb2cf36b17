// Device strings are text whatever their encoding: UTF-8 when the bytes are UTF-8, Windows-1252
// (Latin-1) otherwise with the bytes kept, hex only for what is clearly binary.
import { describe, expect, it } from 'vitest';
import type { VarValue } from '../src/ber';
import { decodeText, displayOf } from '../src/value';

const octets = (b: Buffer | string): VarValue => ({
  type: 'string',
  value: Buffer.isBuffer(b) ? b : Buffer.from(b, 'hex'),
});

describe('decodeText', () => {
  it('reads Latin-1 text as text and keeps its bytes', () => {
    const bytes = Buffer.from('Hikvision \u00a9 2019 Entr\u00e9e', 'latin1');
    expect(decodeText(octets(bytes))).toEqual({
      text: 'Hikvision © 2019 Entrée',
      raw: bytes.toString('hex'),
    });
  });

  it('reads UTF-8 as UTF-8, with no raw bytes to keep', () => {
    expect(decodeText(octets(Buffer.from('Caméra © 2019', 'utf8')))).toEqual({ text: 'Caméra © 2019' });
  });

  it("maps Windows-1252's own characters (not C1 controls)", () => {
    // 0x99 ™, 0x93/0x94 curly quotes, 0x80 €: what Node's TextDecoder('windows-1252') gets wrong.
    const bytes = Buffer.concat([
      Buffer.from('Acme'),
      Buffer.from([0x99, 0x20, 0x93]),
      Buffer.from('NVR'),
      Buffer.from([0x94, 0x20, 0x80]),
      Buffer.from('5'),
    ]);
    expect(decodeText(octets(bytes))?.text).toBe('Acme™ “NVR” €5');
  });

  it('drops the NULs of a C string', () => {
    expect(decodeText(octets(Buffer.from('sw1\0\0', 'latin1')))).toEqual({ text: 'sw1' });
  });

  it('leaves binary values binary: MACs, engine ids, unassigned bytes', () => {
    expect(decodeText(octets('a4bb6dc3e2f9'))).toBeNull(); // mostly 8-bit bytes
    expect(decodeText(octets('001e10aabb01'))).toBeNull(); // a NUL inside
    expect(decodeText(octets('800007db03001e10aabb01'))).toBeNull();
    expect(decodeText(octets('41424381'))).toBeNull(); // 0x81 is unassigned in Windows-1252
    expect(displayOf(octets('a4bb6dc3e2f9'))).toBe('a4bb6dc3e2f9');
  });
});
