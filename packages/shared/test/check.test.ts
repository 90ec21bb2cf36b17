// Identification table: each row is an identifier a user might meet, with the verdict and entity a
// compliance officer would expect from the public facts (lists, registries, brands, traps).
import { describe, expect, it } from 'vitest';
import { check, identifierProblem } from '../src/check';

type Row = [input: string, verdict: 'covered' | 'review' | 'clear', entity: string | null];

const rows: Row[] = [
  // sysObjectID: IANA enterprise numbers and numbers seen in devices
  ['1.3.6.1.4.1.2011.2.23.96', 'covered', 'huawei'],
  ['.1.3.6.1.4.1.2011.2.240.12', 'covered', 'huawei'],
  ['1.3.6.1.4.1.3902.3.100.3', 'covered', 'zte'],
  ['1.3.6.1.4.1.39165.1.1', 'covered', 'hikvision'],
  ['1.3.6.1.4.1.50001.1.200', 'covered', 'hikvision'],
  ['1.3.6.1.4.1.1004849.2.1', 'covered', 'dahua'],
  ['1.3.6.1.4.1.37496.1', 'covered', 'dahua'],
  ['1.3.6.1.4.1.26381.1.1', 'covered', 'hytera'],
  ['1.3.6.1.4.1.40297.1', 'covered', 'hytera'],
  ['1.3.6.1.4.1.46055.2', 'covered', 'hytera'],
  ['1.3.6.1.4.1.23668.1', 'covered', 'kaspersky'],
  // traps among OIDs
  ['1.3.6.1.4.1.25506.11.1.172', 'clear', null], // H3C, not covered
  ['1.3.6.1.4.1.2011.10.1.85', 'review', 'h3c-legacy'], // Huawei-3Com subtree
  ['1.3.6.1.4.1.9.1.1208', 'clear', null], // Cisco
  ['1.3.6.1.4.1.8072.3.2.10', 'clear', null], // net-snmp Linux: generic
  ['1.3.6.1.4.1.20110.1', 'clear', null], // enterprise 20110 is not 2011
  ['1.3.6.1.4.1.39020.1', 'clear', null], // 3902 as a prefix of another number
  // USB, PCI, Bluetooth vendor ids
  ['12d1:1506', 'covered', 'huawei'],
  ['12D1:107E', 'covered', 'huawei'],
  ['USB\\VID_12D1&PID_1001', 'covered', 'huawei'],
  ['19d2:0031', 'covered', 'zte'],
  ['238b:0a11', 'covered', 'hytera'],
  ['2ca3:001f', 'covered', 'dji'],
  ['1472:0001', 'clear', null], // H3C / Huawei-3Com USB id is H3C's
  ['0bda:8153', 'clear', null], // Realtek
  ['pci:19e5:a222', 'covered', 'huawei'],
  ['pci:1cf2:8000', 'covered', 'zte'],
  ['pci:20ba:0001', 'covered', 'hikvision'],
  ['pci:193d:1000', 'clear', null],
  ['bt:0x027d', 'review', 'huawei-device'],
  ['bt:0x09c6', 'clear', null], // Honor
  // MACs: OUI owners are weak evidence; randomized MACs are never evidence
  ['00:e0:fc:12:34:56', 'review', 'huawei'],
  ['02:e0:fc:12:34:56', 'clear', null],
  ['00-0F-E2-00-00-01', 'clear', null], // H3C OUI
  ['ff:ff:ff:ff:ff:ff', 'clear', null],
  // vendor strings, models, sysDescr fragments
  ['HUAWEI', 'covered', 'huawei'],
  ['Huawei Technologies Co., Ltd.', 'covered', 'huawei'],
  ['Huawei Versatile Routing Platform Software VRP (R) software, Version 8.180', 'covered', 'huawei'],
  ['HUAWEI SmartAX MA5800', 'covered', 'huawei'],
  ['OceanStor Dorado 5000 V6', 'covered', 'huawei'],
  ['Huawei Device Co., Ltd.', 'covered', 'huawei-device'],
  ['HiSilicon Technologies', 'covered', 'hisilicon'],
  ['ZTE Corporation', 'covered', 'zte'],
  ['ZXR10 ROS Version V4.08.23 ZXR10 T600', 'covered', 'zte'],
  ['ZXA10 C320', 'covered', 'zte'],
  ['nubia Red Magic 8 Pro', 'review', 'nubia'],
  ['Hikvision', 'covered', 'hikvision'],
  ['HIKVISION DS-7608NI-K2', 'covered', 'hikvision'],
  ['DS-2CD2143G0-I', 'covered', 'hikvision'],
  ['EZVIZ C6N', 'covered', 'ezviz'],
  ['HiLook IPC-B140H', 'covered', 'hikvision-brands'],
  ['HiWatch HWI-B121H', 'covered', 'hikvision-brands'],
  ['Hiksemi', 'covered', 'hikvision-brands'],
  ['Prama Hikvision India Private Limited', 'covered', 'prama-hikvision'],
  ['Dahua Technology', 'covered', 'dahua'],
  ['DH-IPC-HFW1230S', 'covered', 'dahua'],
  ['DHI-NVR4104-P-4KS2', 'covered', 'dahua'],
  ['Imou Ranger 2', 'covered', 'imou'],
  ['Lorex Technology Inc.', 'review', 'lorex'],
  ['Amcrest IP2M-841', 'review', 'amcrest'],
  ['Hytera Communications Corporation Limited', 'covered', 'hytera'],
  ['HYT', 'covered', 'hytera'],
  ['Sepura SC20', 'covered', 'sepura'],
  ['Teltronic S.A.U.', 'covered', 'teltronic'],
  ['Norsat International Inc.', 'covered', 'norsat'],
  ['Hytera Mobilfunk GmbH', 'covered', 'hytera-mobilfunk'],
  ['Kaspersky Endpoint Security for Windows', 'covered', 'kaspersky'],
  ['SZ DJI Technology Co., Ltd.', 'covered', 'dji'],
  ['Autel Robotics', 'covered', 'autel'],
  ['Autel MaxiSys', 'review', 'autel-intelligent'],
  ['TikTok', 'covered', 'bytedance'],
  ['ByteDance Ltd.', 'covered', 'bytedance'],
  ['CapCut', 'review', 'bytedance'],
  ['WeChat', 'covered', 'tencent'],
  ['Tencent QQ', 'covered', 'tencent'],
  ['DingTalk', 'covered', 'alibaba'],
  ['Baidu Netdisk', 'covered', 'baidu'],
  ['Huawei Marine Networks', 'review', 'hmn-tech'],
  // traps among strings
  ['Aztech Systems Ltd', 'clear', null],
  ['ZTEC Instruments, Inc.', 'clear', null],
  ['Nautel LTD', 'clear', null],
  ['Autelis, LLC', 'clear', null],
  ['Avedis Zildjian Company', 'clear', null],
  ['Shanghai Dahua Scale Factory', 'clear', null],
  ['Teltronics, Inc.', 'clear', null],
  ['Huawei-3Com', 'review', 'h3c-legacy'],
  ['H3C Comware Platform Software', 'clear', null],
  ['New H3C Technologies Co., Ltd', 'clear', null],
  ['Honor Device Co., Ltd.', 'clear', null],
  ['Zhejiang Uniview Technologies', 'clear', null],
  ['TP-Link Archer AX55', 'review', 'foreign-consumer-routers'], // not listed by name; a consumer router by category
  ['TP-Link Archer T3U', 'clear', null], // a USB Wi-Fi adapter, not a router
  ['FiberHome AN5516', 'clear', null],
  ['Ruijie Networks', 'clear', null],
  ['Cisco IOS Software, C2960 Software', 'clear', null],
  ['DS-C9148-16P-K9', 'clear', null], // Cisco MDS part number, not Hikvision DS-
  ['DS-6520B', 'clear', null], // Brocade fibre-channel switch
  ['DS-6401HDI-T', 'covered', 'hikvision'], // Hikvision decoder
  ['DS-9632NI-I8', 'covered', 'hikvision'],
  ['Software Version VRP', 'covered', 'huawei'],
  ['Mozilla Firefox', 'clear', null],
];

describe('check: identifier table', () => {
  it.each(rows)('%s → %s %s', (input, verdict, entity) => {
    const r = check(input);
    expect({ verdict: r.verdict, entity: r.entity }).toEqual({ verdict, entity });
    if (verdict !== 'clear') expect(r.evidence.length).toBeGreaterThan(0);
  });

  it('has at least 60 rows covering every entity the catalog can flag', () => {
    expect(rows.length).toBeGreaterThanOrEqual(60);
  });
});

describe('check: identifier kinds and evidence', () => {
  it('detects the kind of each identifier', () => {
    expect(check('1.3.6.1.4.1.2011.2.23.96').kind).toBe('oid');
    expect(check('00:e0:fc:12:34:56').kind).toBe('mac');
    expect(check('00e0.fc12.3456').kind).toBe('mac');
    expect(check('12d1:1506').kind).toBe('usb');
    expect(check('Huawei').kind).toBe('text');
  });

  it('names the list, its date and the scope wording for a covered finding', () => {
    const r = check('1.3.6.1.4.1.39165.1.1');
    const fcc = r.lists.find((l) => l.id === 'fcc-covered');
    expect(fcc?.added).toBe('2021-03-12');
    expect(fcc?.scope).toMatch(/public safety/);
    expect(r.lists.map((l) => l.id)).toContain('ndaa-889');
  });

  it('a subsidiary is judged under its parent listing', () => {
    const r = check('EZVIZ');
    expect(r.lists.every((l) => l.entity === 'hikvision')).toBe(true);
  });

  it('software under the proposed CCAS list says it is proposed', () => {
    const r = check('WeChat');
    expect(r.lists.map((l) => [l.id, l.status])).toEqual([['ccas-proposed', 'proposed']]);
  });

  it('evidence says which identifier matched and where the rule comes from', () => {
    const [ev] = check('12d1:1506').evidence;
    expect(ev).toMatchObject({ value: '12d1', strength: 'strong', entity: 'huawei' });
    expect(ev.rule).toMatch(/0x12d1/);
    expect(ev.ruleSource).toMatch(/^https?:\/\//);
  });

  it('a MAC finding names the prefix and the registrant', () => {
    const [ev] = check('00:e0:fc:12:34:56').evidence;
    expect(ev.rule).toMatch(/00E0FC/);
    expect(ev.rule).toMatch(/HUAWEI TECHNOLOGIES/);
  });
});

describe('check: software identifiers', () => {
  it.each([
    ['com.tencent.xinWeChat', 'covered', 'tencent'],
    ['com.zhiliaoapp.musically', 'covered', 'bytedance'],
    ['com.kaspersky.kav', 'covered', 'kaspersky'],
    ['kesl', 'covered', 'kaspersky'],
    ['com.hikvision.ivms4500', 'covered', 'hikvision'],
    ['iVMS-4200', 'covered', 'hikvision'],
    ['SmartPSS', 'covered', 'dahua'],
    ['Huawei HiSuite', 'covered', 'huawei'],
    ['DJI Assistant 2', 'covered', 'dji'],
    ['org.mozilla.firefox', 'clear', null],
    ['libreoffice-core', 'clear', null],
    ['0x12d1:0x1506', 'covered', 'huawei'],
  ] as const)('%s → %s %s', (input, verdict, entity) => {
    const r = check(input);
    expect({ verdict: r.verdict, entity: r.entity }).toEqual({ verdict, entity });
  });
});

describe('check: policy profiles', () => {
  it('proposed lists count only where the policy enables them', async () => {
    const { loadCatalog } = await import('../src/catalog');
    const { policy } = await import('../src/policy');
    const cat = loadCatalog();
    expect(check('WeChat', { policy: policy(cat, 'in-force') }).verdict).toBe('review');
    expect(check('WeChat', { policy: policy(cat, 'default') }).verdict).toBe('covered');
    const all = check('WeChat', { policy: policy(cat, 'all') });
    expect(all.lists.map((l) => l.status).sort()).toEqual(['proposed', 'revoked']);
    // Hardware lists are the same under every profile.
    expect(check('12d1:1506', { policy: policy(cat, 'in-force') }).verdict).toBe('covered');
  });
});

describe('check: input that is not an identifier', () => {
  it.each([
    ['', /empty/],
    ['00:e0:fc', /not a whole MAC address/],
    ['00-e0-fc-12', /not a whole MAC address/],
    ['192.0.2.10', /IP address/],
    ['1.3.6', /not a sysObjectID/],
    ['300.1.2.3.4', /not a sysObjectID/],
  ])('%j is refused (%s)', (input, why) => {
    expect(identifierProblem(input)).toMatch(why);
  });

  it.each([
    '00:e0:fc:12:34:56',
    '00e0.fc12.3456',
    '1.3.6.1.4.1.2011.2.23.96',
    '.1.3.6.1.4.1.2011',
    '12d1:1506',
    'bt:0x027d',
    'HUAWEI',
    'WeChat',
    'Archer AX21',
  ])('%j is an identifier', (input) => {
    expect(identifierProblem(input)).toBeNull();
  });
});

describe('check: one reading, one line per rule', () => {
  it('a program name keeps its verdict, its evidence once per rule, and is worded as software', async () => {
    const { loadCatalog } = await import('../src/catalog');
    const { policy } = await import('../src/policy');
    const r = check('WeChat', { policy: policy(loadCatalog(), 'in-force') });
    expect(r.verdict).toBe('review');
    expect(r.reason).toMatch(/covers its software$/);
    const rules = r.evidence.map((e) => e.ruleId);
    expect(new Set(rules).size).toBe(rules.length);
  });

  it('a string both a device and a program could be keeps the verdict and entity of all its evidence', () => {
    // Huawei HiSuite: a Huawei Device program by its software rule; the verdict stays the one every
    // piece of evidence together gives.
    const r = check('Huawei HiSuite');
    expect({ verdict: r.verdict, entity: r.entity }).toEqual({ verdict: 'covered', entity: 'huawei' });
  });
});
