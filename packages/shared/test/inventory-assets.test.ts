// inventoryToAssets: the endpoint and its peripherals as the collector will store and judge them.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog';
import { identify } from '../src/identify';
import type { Inventory } from '../src/inventory';
import { inventorySchema } from '../src/inventory';
import { inventoryToAssets, isPlaceholderText, isPlaceholderUuid } from '../src/inventory-assets';
import { judge } from '../src/verdict';

function inventory(over: Partial<Inventory> = {}, host: Partial<Inventory['host']> = {}): Inventory {
  return inventorySchema.parse({
    schema: 1,
    agentVersion: '0.1.0',
    collectedAt: '2026-11-23T10:00:00.000Z',
    durationMs: 120,
    host: {
      hostname: 'ws-042',
      os: { platform: 'linux', distro: 'Debian GNU/Linux', release: '12', arch: 'x64', kernel: '6.1.0' },
      system: {
        manufacturer: 'LENOVO',
        model: '20XW003GUS',
        serial: 'PF3ABCDE',
        uuid: '4c4c4544-0042-3510-8052-b4c04f4d3732',
      },
      bios: { vendor: 'LENOVO', version: 'N32ET75W' },
      baseboard: { manufacturer: 'LENOVO', model: '20XW003GUS', serial: 'L1HF16A01KN' },
      chassis: { manufacturer: 'LENOVO', type: 'Notebook', serial: 'PF3ABCDE' },
      cpu: { manufacturer: 'Intel', brand: 'Core i7-1165G7', cores: 8 },
      memoryBytes: 17179869184,
      ...host,
    },
    nics: [
      { name: 'lo', mac: '00:00:00:00:00:00', ip4: ['127.0.0.1'], virtual: true },
      { name: 'enp0s31f6', mac: '8c:16:45:aa:bb:cc', ip4: ['10.1.2.3'] },
      { name: 'wlp0s20f3', mac: 'da:a1:19:01:02:03', ip4: [], locallyAdministered: true },
      { name: 'docker0', mac: '02:42:ac:11:00:01', ip4: ['172.17.0.1'], virtual: true },
    ],
    gateway: { ip: '10.1.2.1', mac: '00:1b:21:00:00:01' },
    wifi: null,
    usb: [],
    bluetooth: [],
    printers: [],
    audio: [],
    graphics: [{ vendor: 'Intel Corporation', model: 'TigerLake-LP GT2', vendorId: '8086' }],
    displays: [],
    disks: [{ vendor: 'Samsung', model: 'MZVLB512HBJQ', type: 'NVMe' }],
    software: [
      {
        name: 'firefox-esr',
        version: '115.9.1',
        publisher: 'Mozilla',
        package: 'firefox-esr',
        source: 'dpkg',
      },
    ],
    errors: [],
    ...over,
  });
}

const verdictOf = (a: { observations: Parameters<typeof identify>[0] }) =>
  judge(identify(a.observations), { today: '2026-11-23' });

describe('inventoryToAssets', () => {
  it('turns a clean Lenovo laptop into one clear endpoint keyed on agent id, serial, uuid and its real NIC MAC', () => {
    const assets = inventoryToAssets(inventory(), 'agent-1');
    expect(assets).toHaveLength(1);
    const [ep] = assets;
    expect(ep.kind).toBe('endpoint');
    expect(ep.hostname).toBe('ws-042');
    expect(ep.mac).toBe('8c:16:45:aa:bb:cc');
    expect(ep.ip).toBe('10.1.2.3');
    expect(ep.identities).toEqual([
      { type: 'agent', value: 'agent-1' },
      { type: 'serial', value: 'PF3ABCDE' },
      { type: 'uuid', value: '4c4c4544-0042-3510-8052-b4c04f4d3732' },
      { type: 'mac', value: '8c:16:45:aa:bb:cc' },
    ]);
    // randomized Wi-Fi MAC, loopback placeholder and docker bridge are never identities
    expect(ep.identities.some((i) => i.value.startsWith('da:a1') || i.value.startsWith('02:42'))).toBe(false);
    expect(verdictOf(ep).verdict).toBe('clear');
  });

  it('classes DMI vendor strings as vendor and model strings as model', () => {
    const [ep] = inventoryToAssets(inventory(), 'a');
    const byField = Object.fromEntries(ep.observations.map((o) => [o.field, o]));
    expect(byField['dmi.system.manufacturer']).toMatchObject({
      kind: 'text',
      textClass: 'vendor',
      value: 'LENOVO',
    });
    expect(byField['dmi.system.model']).toMatchObject({ kind: 'text', textClass: 'model' });
    expect(byField['graphics[0].vendorId']).toMatchObject({ kind: 'pci', value: '8086' });
    expect(byField['software[0]']).toMatchObject({
      kind: 'software',
      software: { name: 'firefox-esr', publisher: 'Mozilla', package: 'firefox-esr' },
    });
  });

  it('drops firmware placeholders from identities so cloned boards do not merge', () => {
    const inv = inventory(
      {},
      {
        system: {
          manufacturer: 'System manufacturer',
          model: 'System Product Name',
          serial: 'To be filled by O.E.M.',
          uuid: '03000200-0400-0500-0006-000700080009',
        },
      },
    );
    const [ep] = inventoryToAssets(inv, 'a');
    expect(ep.identities.map((i) => i.type)).toEqual(['agent', 'mac']);
    expect(ep.serial).toBeNull();
    expect(ep.vendor).toBeNull();
    expect(ep.observations.some((o) => o.field === 'dmi.system.manufacturer')).toBe(false);
  });

  it('judges a Huawei MateBook covered on its DMI vendor string', () => {
    const inv = inventory(
      {},
      {
        system: {
          manufacturer: 'HUAWEI',
          model: 'MACHD-WXX9',
          serial: 'CJKBB21A01234567',
          uuid: '8a0f1e2d-3c4b-5a69-7887-96a5b4c3d2e1',
        },
      },
    );
    const v = verdictOf(inventoryToAssets(inv, 'a')[0]);
    expect(v.verdict).toBe('covered');
    expect(v.entity).toBe('huawei');
    expect(v.evidence.some((e) => e.field === 'dmi.system.manufacturer')).toBe(true);
  });

  it('makes a Huawei phone and a ZTE modem on USB their own covered assets attached to the workstation', () => {
    const inv = inventory({
      usb: [
        {
          vendorId: '1d6b',
          productId: '0002',
          name: 'xHCI Host Controller',
          manufacturer: 'Linux Foundation',
          serial: '0000:00:14.0',
          bus: '1-0',
        },
        {
          vendorId: '12d1',
          productId: '107e',
          name: 'P10 smartphone',
          manufacturer: 'Huawei Technologies Co., Ltd.',
          serial: 'QRX7N18A22003456',
          bus: '1-2',
        },
        {
          vendorId: '0x19D2',
          productId: '0x1405',
          name: 'ZTE WCDMA Technologies MSM',
          manufacturer: 'ZTE,Incorporated',
          serial: null,
          bus: '1-3',
        },
        {
          vendorId: '046d',
          productId: 'c52b',
          name: 'Unifying Receiver',
          manufacturer: 'Logitech',
          serial: null,
          bus: '1-4',
        },
      ],
    });
    const assets = inventoryToAssets(inv, 'agent-7');
    const periph = assets.filter((a) => a.kind === 'peripheral');
    expect(periph).toHaveLength(3); // the root hub is the OS, not a peripheral
    for (const p of periph) expect(p.attachedTo).toEqual({ type: 'agent', value: 'agent-7' });
    const [phone, modem, mouse] = periph;
    expect(phone.serial).toBe('QRX7N18A22003456');
    expect(phone.identities).toEqual([{ type: 'usb', value: '12d1:107e:QRX7N18A22003456' }]);
    expect(verdictOf(phone)).toMatchObject({ verdict: 'covered', entity: 'huawei' });
    expect(modem.identities[0].value).toBe('19d2:1405:@agent-7#1-3');
    expect(verdictOf(modem)).toMatchObject({ verdict: 'covered', entity: 'zte' });
    expect(verdictOf(mouse).verdict).toBe('clear');
    // the workstation itself stays clear: the phone is not the workstation
    expect(verdictOf(assets[0]).verdict).toBe('clear');
  });

  it('keeps Wi-Fi BSSID and gateway MACs as weak evidence: review at most, never covered', () => {
    const inv = inventory({
      wifi: { ssid: 'corp', bssid: '00:e0:fc:12:34:56' },
      gateway: { ip: '10.0.0.1', mac: '00:e0:fc:00:00:01' },
    });
    const [ep] = inventoryToAssets(inv, 'a');
    const v = verdictOf(ep);
    expect(v.verdict).toBe('review');
    expect(v.entity).toBe('huawei');
    // The machine's own maker (DMI) is evidence too, for naming; only the two MACs name Huawei.
    expect(
      v.evidence
        .filter((e) => e.entity === 'huawei')
        .map((e) => e.field)
        .sort(),
    ).toEqual(['gateway.mac', 'wifi.bssid']);
    expect(v.evidence.filter((e) => e.entity === 'huawei').every((e) => e.strength === 'weak')).toBe(true);
  });

  it('makes paired Bluetooth devices peripherals, judged by company id', () => {
    const inv = inventory({
      bluetooth: [
        { name: 'HUAWEI FreeBuds Pro', manufacturer: null, mac: '40:C2:BA:11:22:33', companyId: '0x027D' },
        { name: null, manufacturer: null, mac: null, companyId: null },
      ],
    });
    const periph = inventoryToAssets(inv, 'a').filter((a) => a.kind === 'peripheral');
    expect(periph).toHaveLength(1);
    expect(periph[0].identities).toEqual([{ type: 'mac', value: '40:c2:ba:11:22:33' }]);
    expect(verdictOf(periph[0]).entity).toBe('huawei');
  });

  it('flags WeChat and Kaspersky in the software list on the endpoint', () => {
    const inv = inventory({
      software: [
        {
          name: 'WeChat',
          version: '3.9.10',
          publisher: 'Tencent Technology(Shenzhen) Company Limited',
          source: 'registry',
        },
        {
          name: 'Kaspersky Endpoint Security for Windows',
          version: '12.3',
          publisher: 'AO Kaspersky Lab',
          source: 'registry',
        },
      ],
    });
    const v = verdictOf(inventoryToAssets(inv, 'a')[0]);
    expect(v.verdict).toBe('covered');
    // one verdict per asset; the evidence keeps both programs for the reviewer
    expect(['kaspersky', 'tencent']).toContain(v.entity);
    const listed = v.evidence.filter((e) => loadCatalog().entities.get(e.entity)?.relation === 'listed');
    expect(new Set(listed.map((e) => e.entity))).toEqual(new Set(['kaspersky', 'tencent']));
  });
});

describe('placeholders', () => {
  it.each(['To be filled by O.E.M.', 'Default string', '0', '00000000', '  ', 'None', 'XXXXXXXXXX'])(
    '%s is filler',
    (s) => expect(isPlaceholderText(s)).toBe(true),
  );
  it.each(['PF3ABCDE', 'HUAWEI', 'C02XG0FDJG5J'])('%s is real', (s) =>
    expect(isPlaceholderText(s)).toBe(false),
  );
  it('knows the shared UUIDs', () => {
    expect(isPlaceholderUuid('00000000-0000-0000-0000-000000000000')).toBe(true);
    expect(isPlaceholderUuid('FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF')).toBe(true);
    expect(isPlaceholderUuid('03000200-0400-0500-0006-000700080009')).toBe(true);
    expect(isPlaceholderUuid('4c4c4544-0042-3510-8052-b4c04f4d3732')).toBe(false);
  });
});
