// Properties that must hold for every input, not just the table's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../src/check';
import { identify } from '../src/identify';
import { lookupOui } from '../src/oui';

const hexByte = fc.integer({ min: 0, max: 255 });
const macBytes = fc.array(hexByte, { minLength: 6, maxLength: 6 });
const fmt = (b: number[], sep: string) => b.map((x) => x.toString(16).padStart(2, '0')).join(sep);

describe('properties', () => {
  it('a locally administered (randomized) MAC never yields a vendor or evidence', () => {
    fc.assert(
      fc.property(macBytes, fc.constantFrom(':', '-', ''), (bytes, sep) => {
        bytes[0] |= 0x02;
        const mac = fmt(bytes, sep);
        expect(lookupOui(mac)).toBeNull();
        expect(identify([{ kind: 'mac', source: 't', field: 'mac', value: mac }])).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('a covered OUI with the local bit set is not evidence, with it clear is', () => {
    fc.assert(
      fc.property(fc.array(hexByte, { minLength: 3, maxLength: 3 }), (tail) => {
        expect(check(fmt([0x00, 0xe0, 0xfc, ...tail], ':')).entity).toBe('huawei');
        expect(check(fmt([0x02, 0xe0, 0xfc, ...tail], ':')).verdict).toBe('clear');
      }),
      { numRuns: 100 },
    );
  });

  const names = [
    'Huawei Technologies',
    'ZTE Corporation',
    'Hikvision',
    'Dahua Technology',
    'Hytera',
    'Kaspersky Lab',
  ];
  it('text matching is case- and whitespace-insensitive', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...names),
        fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }),
        fc.constantFrom(' ', '  ', '\t', '\n '),
        fc.constantFrom('', ' ', '\t'),
        (name, upper, gap, pad) => {
          const varied = [...name]
            .map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase()))
            .join('');
          const spaced = pad + varied.replace(/ /g, gap) + pad;
          const a = check(name);
          const b = check(spaced);
          expect([b.verdict, b.entity]).toEqual([a.verdict, a.entity]);
          expect(a.verdict).toBe('covered');
        },
      ),
      { numRuns: 300 },
    );
  });

  it('OIDs match by arc, never by string prefix', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.array(fc.nat(500), { maxLength: 5 }), (d, rest) => {
        const oid = ['1.3.6.1.4.1', `2011${d}`, ...rest].join('.');
        expect(check(oid).entity).toBeNull();
        expect(check(['1.3.6.1.4.1.2011', ...rest].join('.')).entity).toBe(
          rest[0] === 10 ? 'h3c-legacy' : 'huawei',
        );
      }),
      { numRuns: 200 },
    );
  });
});
