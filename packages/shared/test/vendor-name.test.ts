// The vendor a report shows comes from the same evidence as the verdict (identify() + judge()),
// with public registry names (IANA, IEEE) only as a fallback; generic agent toolkits name no one.
import { describe, expect, it } from 'vitest';
import type { Observation } from '../src/evidence';
import { identify } from '../src/identify';
import { assetVendor, isGenericSysObjectId, shortVendorName, vendorOfEnterprise } from '../src/vendor-name';
import { judge } from '../src/verdict';

const snmp = (
  kind: Observation['kind'],
  field: string,
  value: string,
  textClass?: Observation['textClass'],
) => ({ kind, source: 'snmp', field, value, ...(textClass ? { textClass } : {}) }) as Observation;
const oid = (v: string) => snmp('sysObjectID', 'sysObjectID', v);
const descr = (v: string) => snmp('text', 'sysDescr', v, 'description');
const mfg = (v: string) => snmp('text', 'entPhysicalMfgName', v, 'vendor');
const mib = (n: string) => snmp('enterprise', 'private-mib', n);
const engine = (hex: string) => snmp('engineID', 'snmpEngineID', hex);
const ownMac = (m: string) => snmp('mac', 'ifPhysAddress', m);

/** What a sweep stores: the verdict and the vendor column, from the observations alone. */
function asset(obs: Observation[]) {
  const v = judge(identify(obs));
  return { verdict: v.verdict, vendor: assetVendor(v, obs, null), reason: v.reason };
}

describe('vendor naming', () => {
  it.each([
    ['1.3.6.1.4.1.9.1.1208', 'Cisco'],
    ['1.3.6.1.4.1.11.2.3.7.11.160', 'HPE'],
    ['1.3.6.1.4.1.2636.1.1.1.2.29', 'Juniper'],
    ['1.3.6.1.4.1.14988.1', 'MikroTik'],
    ['.1.3.6.1.4.1.12356.101.1.1', 'Fortinet'],
  ])('names %s after its enterprise as %s, clear', (o, name) => {
    expect(asset([oid(o)])).toMatchObject({ vendor: name, verdict: 'clear' });
  });

  it('names a Huawei sysObjectID Huawei and judges it covered', () => {
    expect(asset([oid('1.3.6.1.4.1.2011.2.23.289')])).toMatchObject({ vendor: 'Huawei', verdict: 'covered' });
  });

  it("names a product line sold to another maker by its sysObjectID subtree, before the enterprise's owner", () => {
    // Canopy/PMP radios: Cambium Networks since 2011, still under Motorola's enterprise 161.
    expect(asset([oid('1.3.6.1.4.1.161.19.250.256')]).vendor).toBe('Cambium');
    const motorola = asset([oid('1.3.6.1.4.1.161.3.1')]);
    expect(motorola.vendor).toBe('Motorola');
  });

  it('reads makers from sysDescr product names under a generic sysObjectID', () => {
    const generic = oid('1.3.6.1.4.1.4413');
    expect(asset([generic, descr('US-24-250W, 5.43.18.12487, Linux 3.6.5')]).vendor).toBe('Ubiquiti');
    expect(asset([generic, descr('USW-24P-250, 3.7.17.5220, Linux 3.6.5')]).vendor).toBe('Ubiquiti');
    expect(asset([generic, descr('EdgePoint Switch 16-Port, 1.6.0')]).vendor).toBe('Ubiquiti');
    expect(asset([oid('1.3.6.1.4.1.8072.3.2.10'), descr('Acano')]).vendor).toBe('Cisco');
    expect(asset([generic, descr('US-West gateway')]).vendor).toBeNull();
  });

  it('falls back to the IANA registrant, without legal suffixes, for makers the catalog does not know', () => {
    expect(vendorOfEnterprise('14')).toBe('BBN');
    expect(asset([oid('1.3.6.1.4.1.14.1')])).toMatchObject({
      vendor: 'BBN',
      verdict: 'clear',
    });
    expect(shortVendorName('Zhejiang Dahua Technology Co., Ltd.')).toBe('Dahua');
    expect(shortVendorName('ACME Widgets GmbH')).toBe('ACME Widgets');
  });

  it('does not name the agent toolkit behind a generic sysObjectID', () => {
    for (const o of ['1.3.6.1.4.1.8072.3.2.10', '1.3.6.1.4.1.311.1.1.3.1.2', '0.0', '']) {
      expect(isGenericSysObjectId(o)).toBe(true);
      expect(asset(o ? [oid(o)] : [])).toEqual({
        vendor: null,
        verdict: 'clear',
        reason: 'nothing matched',
      });
    }
  });

  it('every clue that names a covered maker is evidence: named after it, and never clear', () => {
    const base = oid('1.3.6.1.4.1.8072.3.2.10');
    expect(asset([base, mfg('Hewlett Packard Enterprise')]).vendor).toBe('HPE');
    // The private MIB of Hikvision (39165) found by the enterprise-subtree hop.
    expect(asset([base, descr('Linux'), mib('8072'), mib('2021'), mib('39165')])).toMatchObject({
      vendor: 'Hikvision',
      verdict: 'covered',
    });
    // snmpEngineID 0x800007db: enterprise 2011, Huawei.
    expect(asset([base, engine('800007db0300e0fc123456')])).toMatchObject({
      vendor: 'Huawei',
      verdict: 'covered',
    });
    // The device's own MAC: the NIC's maker, at most review (as on the agent path).
    expect(asset([base, ownMac('00:1e:10:aa:bb:01'), ownMac('02:00:00:00:00:01')])).toMatchObject({
      vendor: 'Huawei',
      verdict: 'review',
    });
    expect(asset([base, mfg('To Be Filled By O.E.M.'), ownMac('02:11:22:33:44:55')]).vendor).toBeNull();
  });

  it("a covered group's own enterprise number (a joint venture, a subsidiary) is judged, not only named", () => {
    // 34774: Huawei Symantec Technologies; 46904: Sepura (Hytera).
    expect(asset([oid('1.3.6.1.4.1.34774.1.2')])).toMatchObject({ verdict: 'covered' });
    expect(asset([oid('1.3.6.1.4.1.46904.1')])).toMatchObject({
      vendor: 'Sepura Limited',
      verdict: 'covered',
    });
  });

  it("an enterprise the catalog does not claim is read through its IANA registrant's name", () => {
    // 29279 "WuXi ZhongXing Optoelectronics" is not ZTE (Zhongxing Telecom): no rule names it.
    expect(asset([oid('1.3.6.1.4.1.29279.1')]).verdict).toBe('clear');
    // 58597 is claimed (Hytera Austria); 59516 Autel New Energy: an Autel group company, review.
    expect(asset([oid('1.3.6.1.4.1.59516.1')]).verdict).toBe('review');
  });

  it('keeps the Huawei-3Com legacy name apart from Huawei', () => {
    expect(shortVendorName('Huawei-3Com Technology Co., Ltd.')).toBe('Huawei-3Com (H3C)');
    expect(shortVendorName('HUAWEI TECHNOLOGIES CO.,LTD')).toBe('Huawei');
  });
});
