// Hardware details a compliance user needs, read from sysfs trees shaped like the kernel's (symlinks
// where the kernel has them) and judged through inventoryToAssets: a tethered phone by its USB ids, USB
// interface classes, PCI subsystem (the card's OEM), disks by maker name, model, serial and size.
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Inventory, identify, inventoryToAssets, judge } from '@coverscan/shared';
import { describe, expect, it } from 'vitest';
import { readNics, readPci } from '../src/hardware-linux';
import { loadPciNames } from '../src/pci-ids';
import { parseVpdSerial, readDisks } from '../src/peripherals-linux';
import { readSysUsb } from '../src/usb-linux';
import { parseLsusb } from '../src/usb-lsusb';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
const tree = () => mkdtempSync(join(tmpdir(), 'sysfs-'));
const put = (path: string, text: string | Buffer) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, typeof text === 'string' ? `${text}\n` : text);
};
const link = (target: string, path: string) => {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
};

function inventory(part: Partial<Inventory>): Inventory {
  const none = { manufacturer: null, model: null, serial: null };
  return {
    schema: 1,
    agentVersion: 't',
    collectedAt: '2026-11-30T00:00:00Z',
    durationMs: 1,
    host: {
      hostname: 'lt-042',
      os: { platform: 'linux', distro: null, release: null, arch: null, kernel: null },
      system: { manufacturer: 'Dell Inc.', model: 'Latitude 5440', serial: 'DL5440X1', uuid: null },
      bios: { vendor: null, version: null },
      baseboard: none,
      chassis: { manufacturer: null, type: null, serial: null },
      cpu: { manufacturer: null, brand: null, cores: null },
      memoryBytes: null,
    },
    nics: [],
    usb: [],
    bluetooth: [],
    printers: [],
    audio: [],
    graphics: [],
    displays: [],
    disks: [],
    pci: [],
    software: [],
    errors: [],
    ...part,
  };
}

/** A USB tethering phone as the kernel shows it: the net device under the USB interface 1-2:1.0. */
function tetheredPhone(root: string) {
  const dev = join(root, 'devices/pci0000:00/0000:00:14.0/usb1/1-2');
  put(join(dev, 'idVendor'), '12d1');
  put(join(dev, 'idProduct'), '108a');
  put(join(dev, 'serial'), 'AQH7N19B05002233');
  put(join(dev, 'manufacturer'), 'HUAWEI');
  put(join(dev, 'product'), 'LYA-L29');
  const iface = join(dev, '1-2:1.0');
  put(join(iface, 'bInterfaceClass'), 'e0');
  put(join(iface, 'bInterfaceSubClass'), '01');
  put(join(iface, 'bInterfaceProtocol'), '03');
  put(join(dev, '1-2:1.1/bInterfaceClass'), '0a');
  link(join(root, 'bus/usb/drivers/rndis_host'), join(iface, 'driver'));
  mkdirSync(join(root, 'bus/usb/drivers/rndis_host'), { recursive: true });
  const net = join(iface, 'net/usb0');
  put(join(net, 'address'), '6a:1f:3e:22:10:9c'); // locally administered, as tethering MACs are
  put(join(net, 'type'), '1');
  link('../../../1-2:1.0', join(net, 'device'));
  link(net, join(root, 'class/net/usb0'));
  // sysfs's USB bus view: the device and its interfaces by name.
  link(dev, join(root, 'bus/usb/devices/1-2'));
  link(iface, join(root, 'bus/usb/devices/1-2:1.0'));
  link(join(dev, '1-2:1.1'), join(root, 'bus/usb/devices/1-2:1.1'));
  // A wired NIC on PCI, to show the driver is read for every interface.
  const eth = join(root, 'devices/pci0000:00/0000:00:1f.6');
  link(join(root, 'bus/pci/drivers/e1000e'), join(eth, 'driver'));
  mkdirSync(join(root, 'bus/pci/drivers/e1000e'), { recursive: true });
  put(join(eth, 'net/eno1/address'), '8c:ec:4b:01:02:03');
  put(join(eth, 'net/eno1/type'), '1');
  link('../../../0000:00:1f.6', join(eth, 'net/eno1/device'));
  link(join(eth, 'net/eno1'), join(root, 'class/net/eno1'));
}

describe('a tethered phone seen only as a network interface', () => {
  it('records the driver and the USB device behind the interface', async () => {
    const root = tree();
    tetheredPhone(root);
    const nics = await readNics(join(root, 'class/net'));
    const usb0 = nics.find((n) => n.name === 'usb0')!;
    expect(usb0).toMatchObject({
      driver: 'rndis_host',
      locallyAdministered: true,
      usb: { vendorId: '12d1', productId: '108a', serial: 'AQH7N19B05002233', bus: '1-2' },
    });
    expect(nics.find((n) => n.name === 'eno1')).toMatchObject({ driver: 'e1000e', usb: null });
  });

  it('is identified as a covered Huawei device through its USB id when the USB list is empty', async () => {
    const root = tree();
    tetheredPhone(root);
    const nics = await readNics(join(root, 'class/net'));
    const assets = inventoryToAssets(inventory({ nics, usb: [] }), 'agent-1');
    const phone = assets.find((a) => a.kind === 'peripheral')!;
    expect(phone.location).toContain('network interface usb0, driver rndis_host');
    expect(judge(identify(phone.observations))).toMatchObject({ verdict: 'covered', entity: 'huawei' });
    // Its locally administered MAC is not evidence and not an identity of the laptop.
    expect(assets[0].identities.some((i) => i.value === '6a:1f:3e:22:10:9c')).toBe(false);
  });

  it('is one device, not two, when the USB list has it too', async () => {
    const root = tree();
    tetheredPhone(root);
    const nics = await readNics(join(root, 'class/net'));
    const usb = (await readSysUsb(join(root, 'bus/usb/devices')))!;
    expect(usb[0].interfaces).toEqual(['cdc-data', 'rndis']);
    const assets = inventoryToAssets(inventory({ nics, usb }), 'agent-1');
    const phones = assets.filter((a) => a.kind === 'peripheral');
    expect(phones).toHaveLength(1);
    expect(phones[0].location).toBe(
      'USB on lt-042 (cdc-data; rndis; network interface usb0, driver rndis_host)',
    );
    expect(phones[0].identities).toEqual([{ type: 'usb', value: '12d1:108a:AQH7N19B05002233' }]);
  });
});

describe('USB interface classes and serials', () => {
  it('lsusb -v: serials and interface classes tell the phone (MTP, ADB) from the receiver (HID)', () => {
    const usb = parseLsusb(readFileSync(fixture('lsusb-v.txt'), 'utf8'));
    expect(usb.map((u) => [u.vendorId, u.serial, u.name, u.manufacturer, u.interfaces])).toEqual([
      ['12d1', '9WV4C19A29001234', 'ELE-L29', 'HUAWEI', ['adb', 'mtp']],
      ['046d', null, 'USB Receiver', 'Logitech', ['hid']],
    ]);
    // The serial makes the phone one asset wherever it is plugged in.
    const a = inventoryToAssets(inventory({ usb }), 'agent-1').filter((x) => x.kind === 'peripheral');
    expect(a[0].identities).toEqual([{ type: 'usb', value: '12d1:107e:9WV4C19A29001234' }]);
    expect(judge(identify(a[0].observations)).verdict).toBe('covered');
  });
});

describe('PCI subsystem: the card’s OEM', () => {
  it('an Intel chip on a Huawei card is Huawei equipment; names come from pci.ids', async () => {
    const root = tree();
    const fn = (addr: string, v: string, d: string, sv: string, sd: string) => {
      put(join(root, addr, 'vendor'), v);
      put(join(root, addr, 'device'), d);
      put(join(root, addr, 'subsystem_vendor'), sv);
      put(join(root, addr, 'subsystem_device'), sd);
    };
    fn('0000:3b:00.0', '0x8086', '0x1521', '0x19e5', '0xd119');
    fn('0000:3c:00.0', '0x8086', '0x1521', '0x8086', '0x0001');
    const pci = await readPci(root, [fixture('pci.ids')]);
    expect(pci).toEqual([
      {
        vendorId: '8086',
        deviceId: '1521',
        subsystemVendorId: '19e5',
        subsystemDeviceId: 'd119',
        name: 'I350 Gigabit Network Connection',
        vendorName: 'Intel Corporation',
        subsystemName: 'Huawei SP310 (I350) 4-port Gigabit Ethernet',
        subsystemVendorName: 'Huawei Technologies Co., Ltd.',
      },
      {
        vendorId: '8086',
        deviceId: '1521',
        subsystemVendorId: '8086',
        subsystemDeviceId: '0001',
        name: 'I350 Gigabit Network Connection',
        vendorName: 'Intel Corporation',
        // Intel's own retail card: its subsystem is named too.
        subsystemName: 'Ethernet Server Adapter I350-T4',
        subsystemVendorName: 'Intel Corporation',
      },
    ]);
    const judged = (p: Inventory['pci']) =>
      judge(identify(inventoryToAssets(inventory({ pci: p }), 'a')[0].observations));
    expect(judged(pci.slice(0, 1))).toMatchObject({ verdict: 'covered', entity: 'huawei' });
    expect(judged(pci.slice(1)).verdict).toBe('clear');
    const ev = identify(inventoryToAssets(inventory({ pci: pci.slice(0, 1) }), 'a')[0].observations);
    expect(ev.some((e) => e.field === 'pci[0].subsystemVendorId' && e.value === '19e5')).toBe(true);
  });
});

describe('disks', () => {
  it('maker name, model, serial and size; a HIKSEMI SSD is Hikvision’s', async () => {
    const root = tree();
    const sda = join(root, 'sda');
    put(join(sda, 'device/vendor'), 'ATA     ');
    put(join(sda, 'device/model'), 'HIKSEMI 512GB   ');
    // VPD page 0x80: header (peripheral, page code, length) then the serial.
    put(
      join(sda, 'device/vpd_pg80'),
      Buffer.concat([Buffer.from([0, 0x80, 0, 12]), Buffer.from('  30047820A1')]),
    );
    put(join(sda, 'queue/rotational'), '0');
    put(join(sda, 'size'), '1000215216');
    const nvme = join(root, 'nvme0n1');
    put(join(nvme, 'device/model'), 'SHGP31-1000GM');
    put(join(nvme, 'device/serial'), 'AJ0BN64411180CH4U');
    put(join(nvme, 'device/device/vendor'), '0x1c5c');
    put(join(nvme, 'size'), '1953525168');
    put(join(root, 'vda/size'), '41943040'); // virtio: no model file, the PCI vendor id as vendor
    put(join(root, 'vda/device/vendor'), '0x1af4');
    mkdirSync(join(root, 'loop0'));
    // The PCI collector's names for the controllers' vendor ids, from the same pci.ids excerpt.
    const names = await loadPciNames(['1c5c', '1af4'], [fixture('pci.ids')]);
    const disks = await readDisks(root, (id) => names.vendor(id));
    expect(disks).toEqual([
      {
        vendor: 'SK hynix',
        model: 'SHGP31-1000GM',
        serial: 'AJ0BN64411180CH4U',
        type: 'NVMe',
        sizeBytes: 1000204886016,
      },
      { vendor: null, model: 'HIKSEMI 512GB', serial: '30047820A1', type: 'SSD', sizeBytes: 512110190592 },
      { vendor: 'Red Hat, Inc.', model: null, serial: null, type: null, sizeBytes: 21474836480 },
    ]);
    const hik = judge(identify(inventoryToAssets(inventory({ disks: [disks[1]] }), 'a')[0].observations));
    expect(hik).toMatchObject({ verdict: 'covered' });
    expect(parseVpdSerial(Buffer.from([0, 0x83, 0, 2, 65, 66]))).toBeNull();
  });
});
