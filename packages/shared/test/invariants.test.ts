// One path from observation to name and verdict, as properties over generated observations: a device
// named after a listed maker is never clear, and every flag has evidence naming what it flags.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { invariantViolations } from '../../../bench/lab-invariants.mjs';
import { loadCatalog } from '../src/catalog';
import { check } from '../src/check';
import type { Observation } from '../src/evidence';
import { identify } from '../src/identify';
import { assetVendor } from '../src/vendor-name';
import { judge } from '../src/verdict';

const cat = loadCatalog();
const classify = (names: string[]) => new Map(names.map((n) => [n, check(n).verdict]));

// Material a device might report: every enterprise number the catalog claims plus unclaimed ones,
// entity names, brand names and product words, MAC prefixes of covered and unlisted makers.
const claimed = [...cat.byEnterprise.keys()];
const enterprise = fc.oneof(fc.constantFrom(...claimed), fc.integer({ min: 1, max: 65000 }).map(String));
const words = [
  ...[...cat.entities.values()].flatMap((e) => [e.name, e.short ?? e.name]),
  'Linux 4.9',
  'Software Version VRP',
  'DS-2CD2143G2-I',
  'Cisco IOS Software',
  'Network Camera',
  'UPS',
];
const text = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }).map((w) => w.join(' '));
const macPrefix = fc.constantFrom(
  '00E0FC',
  '001E10',
  'C056E3',
  '3CEF8C',
  '000C29',
  '00000C',
  '00C0F2',
  '001122',
);
const mac = fc
  .tuple(macPrefix, fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 3, maxLength: 3 }))
  .map(([p, t]) => p + t.map((b) => b.toString(16).padStart(2, '0')).join(''));
const o = (kind: Observation['kind'], field: string, value: string, textClass?: Observation['textClass']) =>
  ({ kind, source: 'snmp', field, value, ...(textClass ? { textClass } : {}) }) as Observation;
const observation: fc.Arbitrary<Observation> = fc.oneof(
  fc
    .tuple(enterprise, fc.integer({ min: 1, max: 99 }))
    .map(([e, n]) => o('sysObjectID', 'sysObjectID', `1.3.6.1.4.1.${e}.${n}`)),
  enterprise.map((e) => o('enterprise', 'private-mib', e)),
  enterprise.map((e) =>
    o('engineID', 'snmpEngineID', `${(0x80000000 + Number(e)).toString(16)}03000000000001`),
  ),
  fc
    .tuple(text, fc.constantFrom('vendor', 'model', 'description', 'freetext') as fc.Arbitrary<'vendor'>)
    .map(([t, c]) => o('text', c === 'vendor' ? 'entPhysicalMfgName' : 'sysDescr', t, c)),
  mac.map((m) => o('mac', 'ifPhysAddress', m)),
);

describe('identification invariants', () => {
  it('hold for any mix of what a device reports', () => {
    fc.assert(
      fc.property(fc.array(observation, { minLength: 1, maxLength: 6 }), (obs) => {
        const v = judge(identify(obs));
        const asset = { ip: JSON.stringify(obs), vendor: assetVendor(v, obs, null), ...v };
        expect(invariantViolations([asset], classify)).toEqual([]);
      }),
      { numRuns: 2000 },
    );
    // ~5 s alone; a loaded machine running other test files beside it can take several times that.
  }, 180_000);

  it('a violation is reported (the checker itself can fail)', () => {
    const named = { ip: '127.0.0.9', vendor: 'Huawei', verdict: 'clear', entity: null, evidence: [] };
    const bare = { ip: '127.0.0.8', vendor: 'Cisco', verdict: 'review', entity: 'zte', evidence: [] };
    expect(invariantViolations([named, bare], classify)).toEqual([
      '127.0.0.9: named "Huawei" (covered by check) but judged clear',
      '127.0.0.8: judged review as zte with no evidence naming it',
    ]);
  });
});
