// Rows → sightings for indexes and values that agents get wrong: what is not a MAC or an address
// must not become one. (The well-formed dialects run against snmpsimd in sweep-neighbor-tables.)
import { describe, expect, it } from 'vitest';
import type { VarValue } from '../src/ber';
import { arpPhysical } from '../src/neighbor-tables/arp';
import { cdp } from '../src/neighbor-tables/cdp';
import { fdb } from '../src/neighbor-tables/fdb';
import { qbridgeFdb } from '../src/neighbor-tables/qbridge-fdb';
import type { Table } from '../src/walk';

const int = (value: number): VarValue => ({ type: 'int', value });
const str = (s: string): VarValue => ({ type: 'string', value: Buffer.from(s) });
const hex = (h: string): VarValue => ({ type: 'string', value: Buffer.from(h, 'hex') });
const table = (cols: Record<string, Record<string, VarValue>>): Table =>
  new Map(Object.entries(cols).map(([col, rows]) => [col, new Map(Object.entries(rows))]));

describe('forwarding-table indexes', () => {
  it('takes a Q-BRIDGE MAC from the index only when it is six octets (length-prefixed or not)', () => {
    const port = '1.3.6.1.2.1.17.7.1.2.2.1.2';
    const rows = qbridgeFdb.rows(
      table({
        [port]: {
          '10.0.188.153.1.2.3': int(1), // fdbId.MAC
          '10.6.0.188.153.1.2.4': int(2), // fdbId.length.MAC
          '10.0.188.153.1.2.5.7': int(3), // fdbId.MAC.extra: not a MAC
          '10.0.188.153.1.2.300': int(4), // an arc above 255
          '10.0.188.153.1.2': int(5), // too short
        },
      }),
    );
    expect(rows.map((r) => r.mac)).toEqual(['00BC99010203', '00BC99010204']);
  });

  it('drops a numbered BRIDGE-MIB row that has no address column, keeps one that has', () => {
    const [address, port] = ['1.3.6.1.2.1.17.4.3.1.1', '1.3.6.1.2.1.17.4.3.1.2'];
    const rows = fdb.rows(
      table({ [address]: { '2': hex('0015eb000002') }, [port]: { '1': int(3), '2': int(4) } }),
    );
    expect(rows).toEqual([
      expect.objectContaining({ mac: '0015EB000002', at: { kind: 'bridgePort', n: 4 } }),
    ]);
  });
});

describe('addresses in indexes', () => {
  it('reads ipNetToPhysical addresses with or without their length, and nothing else', () => {
    const phys = '1.3.6.1.2.1.4.35.1.4';
    const mac = hex('0015eb000001');
    const rows = arpPhysical.rows(
      table({
        [phys]: {
          '2.1.4.10.0.0.1': mac,
          '2.1.10.0.0.2': mac,
          '2.1.5.10.0.0.1.9': mac, // five bytes: not IPv4
          '2.1.4.0.0.0.0': mac,
          '2.16.4.10.0.0.3': mac, // an unknown address type
        },
      }),
    );
    expect(rows.map((r) => r.ip)).toEqual(['10.0.0.1', '10.0.0.2', null, null, null]);
  });
});

describe('CDP device ids', () => {
  it('is a MAC only when it spells one out ("SEP" + 12 hex digits), not when it is six characters', () => {
    const id = '1.3.6.1.4.1.9.9.23.1.2.1.1.6';
    const rows = cdp.rows(
      table({ [id]: { '1.1': str('SEP00BC99010203'), '2.1': str('switch'), '3.1': str('sw1.example') } }),
    );
    expect(rows.map((r) => [r.hostname, r.mac])).toEqual([
      ['SEP00BC99010203', '00BC99010203'],
      ['switch', null],
      ['sw1.example', null],
    ]);
  });
});
