// Vendor names for reports, from public registries (IANA enterprise numbers, IEEE OUIs) and makers'
// own names; generic agent toolkits name no one.
import { describe, expect, it } from 'vitest';
import { isGenericSysObjectId, nameVendor, shortVendorName, vendorOfEnterprise } from '../src/vendor-name';

describe('vendor naming', () => {
  it.each([
    ['1.3.6.1.4.1.9.1.1208', 'Cisco'],
    ['1.3.6.1.4.1.11.2.3.7.11.160', 'HPE'],
    ['1.3.6.1.4.1.2636.1.1.1.2.29', 'Juniper'],
    ['1.3.6.1.4.1.2011.2.23.289', 'Huawei'],
    ['1.3.6.1.4.1.14988.1', 'MikroTik'],
    ['.1.3.6.1.4.1.12356.101.1.1', 'Fortinet'],
  ])('names %s after its enterprise as %s', (oid, name) => {
    expect(nameVendor({ sysObjectID: oid })).toEqual({ name, from: 'sysObjectID' });
  });

  it("names a product line sold to another maker by its sysObjectID subtree, before the enterprise's owner", () => {
    // Canopy/PMP radios: Cambium Networks since 2011, still under Motorola's enterprise 161.
    expect(nameVendor({ sysObjectID: '1.3.6.1.4.1.161.19.250.256' })).toEqual({
      name: 'Cambium',
      from: 'sysObjectID',
    });
    expect(nameVendor({ sysObjectID: '1.3.6.1.4.1.161.3.1' })?.name).toBe('Motorola');
    expect(nameVendor({ sysObjectID: '1.3.6.1.4.1.161.190' })?.name).toBe('Motorola');
  });

  it('reads makers from sysDescr product names under a generic sysObjectID', () => {
    const generic = '1.3.6.1.4.1.4413';
    expect(
      nameVendor({ sysObjectID: generic, sysDescr: 'US-24-250W, 5.43.18.12487, Linux 3.6.5' })?.name,
    ).toBe('Ubiquiti');
    expect(
      nameVendor({ sysObjectID: generic, sysDescr: 'USW-24P-250, 3.7.17.5220, Linux 3.6.5' })?.name,
    ).toBe('Ubiquiti');
    expect(nameVendor({ sysObjectID: generic, sysDescr: 'EdgePoint Switch 16-Port, 1.6.0' })?.name).toBe(
      'Ubiquiti',
    );
    expect(nameVendor({ sysObjectID: '1.3.6.1.4.1.8072.3.2.10', sysDescr: 'Acano' })?.name).toBe('Cisco');
    expect(nameVendor({ sysObjectID: generic, sysDescr: 'US-West gateway' })).toBeNull();
  });

  it('falls back to the IANA registrant, without legal suffixes, for makers without a short name', () => {
    expect(vendorOfEnterprise('14')).toBe('BBN');
    expect(shortVendorName('Zhejiang Dahua Technology Co., Ltd.')).toBe('Dahua');
    expect(shortVendorName('ACME Widgets GmbH')).toBe('ACME Widgets');
  });

  it('does not name the agent toolkit behind a generic sysObjectID', () => {
    for (const oid of ['1.3.6.1.4.1.8072.3.2.10', '1.3.6.1.4.1.311.1.1.3.1.2', '0.0', '']) {
      expect(isGenericSysObjectId(oid)).toBe(true);
      expect(nameVendor({ sysObjectID: oid })).toBeNull();
    }
  });

  it('uses the next clue when sysObjectID is generic, in order of trust', () => {
    const base = { sysObjectID: '1.3.6.1.4.1.8072.3.2.10' };
    expect(nameVendor({ ...base, mfgNames: ['', 'Hewlett Packard Enterprise'] })?.name).toBe('HPE');
    expect(nameVendor({ ...base, sysDescr: 'EdgeSwitch 24-Port 250W, 1.0.1, Linux 3.6.5' })?.name).toBe(
      'Ubiquiti',
    );
    expect(nameVendor({ ...base, sysDescr: 'Linux', enterprises: ['8072', '2021', '39165'] })).toEqual({
      name: 'Hikvision',
      from: 'private-mib',
    });
    expect(nameVendor({ ...base, engineID: '800007db0300e0fc123456' })).toEqual({
      name: 'Huawei',
      from: 'snmpEngineID',
    });
    expect(nameVendor({ ...base, macs: ['00:1e:10:aa:bb:01', '02:00:00:00:00:01'] })).toEqual({
      name: 'Huawei',
      from: 'mac',
    });
    expect(
      nameVendor({ ...base, mfgNames: ['To Be Filled By O.E.M.'], macs: ['02:11:22:33:44:55'] }),
    ).toBeNull();
  });

  it('keeps the Huawei-3Com legacy name apart from Huawei', () => {
    expect(shortVendorName('Huawei-3Com Technology Co., Ltd.')).toBe('H3C (HPE Comware)');
    expect(shortVendorName('HUAWEI TECHNOLOGIES CO.,LTD')).toBe('Huawei');
  });
});
