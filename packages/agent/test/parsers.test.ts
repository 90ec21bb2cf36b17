// Every OS's listing parsed from fixtures shaped like the real thing, so all three OSes are tested on
// Linux. Expected values come from the fixtures' content, read by a person, not from the parsers.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { check, identify, judge } from '@coverscan/shared';
import * as bplist from 'bplist-parser';
import * as plist from 'plist';
import { describe, expect, it } from 'vitest';
import { parseGateway, parseOsRelease } from '../src/hardware-linux';
import {
  parseAsoundCards,
  parseBluezInfo,
  parseCpuinfo,
  parseCupsPrinters,
  parseEdid,
  parseIwLink,
  parseNmcliWifi,
} from '../src/peripherals-linux';
import { parseDpkgStatus } from '../src/software-dpkg';
import { parseFlatpakList } from '../src/software-flatpak';
import { copyrightHolder, parseInfoPlist } from '../src/software-macos';
import { parseRpmList } from '../src/software-rpm';
import { parseSnapList } from '../src/software-snap';
import { parseWindowsUninstallJson, registryView } from '../src/software-windows';
import { parseLsusb } from '../src/usb-lsusb';
import { parseSystemProfilerUsb } from '../src/usb-macos';
import { parseWindowsUsbJson } from '../src/usb-windows';

const fx = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const fxBuf = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name));
const plistParsers = { xml: (s: string) => plist.parse(s), binary: (b: Buffer) => bplist.parseBuffer(b) };

describe('dpkg status', () => {
  const sw = parseDpkgStatus(fxBuf('dpkg-status'));
  it('lists installed and held packages, not removed ones or description lines', () => {
    expect(sw.map((s) => s.name)).toEqual([
      'adduser',
      'libc6',
      'huawei-hisuite-driver',
      'wps-office',
      'cups-pk-helper',
    ]);
  });
  it('keeps version, maintainer name without address, and arch-qualified package', () => {
    expect(sw[1]).toEqual({
      name: 'libc6',
      version: '2.36-9+deb12u7',
      publisher: 'GNU Libc Maintainers',
      package: 'libc6:amd64',
      source: 'dpkg',
    });
    expect(sw[0].package).toBe('adduser');
  });
  it('decodes the file as UTF-8 (a maintainer named with an umlaut)', () => {
    expect(sw[4].publisher).toBe('Guido G\u00fcnther');
  });
  it('reads the real status file the same way dpkg-query does', async () => {
    const { execFileSync } = await import('node:child_process');
    const real = parseDpkgStatus(readFileSync('/var/lib/dpkg/status'));
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own field syntax
    const q = execFileSync('dpkg-query', ['-W', '-f', '${db:Status-Status}\t${Package}\t${Maintainer}\n'], {
      encoding: 'utf8',
    })
      .split('\n')
      .filter((l) => l.startsWith('installed\t'))
      .map((l) => l.slice(10));
    const byName = (ls: string[]) => ls.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // Names as dpkg-query lists them, and each maintainer as dpkg-query decodes it, address dropped.
    expect(byName(real.map((s) => `${s.name}\t${s.publisher}`))).toEqual(
      byName(q.map((l) => l.replace(/\s*<[^>]*>\s*/g, ' ').trim())),
    );
  });
});

describe('rpm, snap, flatpak', () => {
  it('rpm: skips gpg-pubkey, uses vendor then packager as publisher', () => {
    const sw = parseRpmList(fx('rpm-qa.txt'));
    expect(sw.map((s) => s.name)).toEqual(['bash', 'python3-dnf', 'kesl', 'zoom']);
    expect(sw[2]).toMatchObject({
      version: '0:12.1.0-1181',
      publisher: 'AO Kaspersky Lab',
      package: 'kesl.x86_64',
    });
    expect(sw[3].publisher).toBe('Zoom Video Communications, Inc.');
    expect(sw[1].package).toBe('python3-dnf');
  });
  it('snap: header skipped, verified marks stripped from publishers', () => {
    const sw = parseSnapList(fx('snap-list.txt'));
    expect(sw).toHaveLength(6);
    expect(sw.find((s) => s.name === 'firefox')).toMatchObject({ version: '122.0-2', publisher: 'mozilla' });
    expect(sw.find((s) => s.name === 'snapd')?.publisher).toBe('canonical');
    expect(sw.find((s) => s.name === 'wechat-beta')?.publisher).toBe('tencent-wechat');
  });
  it('flatpak: application id kept as bundle id and package', () => {
    const sw = parseFlatpakList(fx('flatpak-list.txt'));
    expect(sw).toHaveLength(4);
    expect(sw[1]).toEqual({
      name: 'WeChat',
      version: '4.0.0.23',
      bundleId: 'com.tencent.WeChat',
      package: 'com.tencent.WeChat',
      source: 'flatpak',
    });
  });
});

describe('Windows uninstall keys (PowerShell JSON export)', () => {
  const sw = parseWindowsUninstallJson(fx('windows-uninstall.json'));
  it('keeps 64-bit, 32-bit and per-user programs; drops hotfixes and the same program seen in both views', () => {
    expect(sw.map((s) => s.name)).toEqual([
      '7-Zip 23.01 (x64)',
      'Adobe Acrobat (64-bit)',
      'Kaspersky Endpoint Security for Windows',
      '微信',
      'HiSuite',
      'TikTok',
      'Zoom',
      'Microsoft Visual C++ 2010  x64 Redistributable - 10.0.40219',
    ]);
  });
  it('keeps Unicode names and publishers intact', () => {
    expect(sw[3]).toEqual({
      name: '微信',
      version: '3.9.10.19',
      publisher: '腾讯科技(深圳)有限公司',
      package: 'WeChat',
      source: 'registry',
    });
  });
  it('accepts the single object (with BOM and CRLF) PowerShell prints for one program', () => {
    expect(parseWindowsUninstallJson(fx('windows-uninstall-single.json'))).toEqual([
      {
        name: 'Notepad++ (64-bit x64)',
        version: '8.6.2',
        publisher: 'Notepad++ Team',
        package: 'Notepad++',
        source: 'registry',
      },
    ]);
  });
  it('says which hive and view an entry came from', () => {
    expect(
      registryView(
        'Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\WOW6432Node\\Microsoft\\X',
      ),
    ).toBe('machine-32');
    expect(
      registryView('Microsoft.PowerShell.Core\\Registry::HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\X'),
    ).toBe('machine-64');
    expect(
      registryView('Microsoft.PowerShell.Core\\Registry::HKEY_USERS\\S-1-5-21-1-2-3-1013\\SOFTWARE\\X'),
    ).toBe('user:S-1-5-21-1-2-3-1013');
  });
  it('rejects output that is not JSON with an error, not an empty list', () => {
    expect(() => parseWindowsUninstallJson('Get-ItemProperty : Access denied')).toThrow();
  });
  it('the programs the lists name are judged as such', () => {
    const v = (s: (typeof sw)[number]) =>
      judge(
        identify([
          {
            kind: 'software',
            source: 't',
            field: 'f',
            value: s.name,
            software: { name: s.name, publisher: s.publisher ?? undefined },
          },
        ]),
      );
    expect(v(sw[2]).entity).toBe('kaspersky');
    expect(v(sw[5]).verdict).toBe('covered'); // TikTok
    expect(v(sw[0]).verdict).toBe('clear');
  });
});

describe('macOS Info.plist', () => {
  it('reads an XML plist', () => {
    const s = parseInfoPlist(fxBuf('macos/WeChat.Info.plist'), '/Applications/WeChat.app', plistParsers);
    expect(s).toEqual({
      name: 'WeChat',
      version: '3.8.7',
      publisher: 'Tencent',
      bundleId: 'com.tencent.xinWeChat',
      package: '/Applications/WeChat.app',
      source: 'app',
    });
  });
  it('reads a binary plist', () => {
    const s = parseInfoPlist(
      fxBuf('macos/Kaspersky.Info.plist'),
      '/Applications/Kaspersky Internet Security.app',
      plistParsers,
    );
    expect(s).toMatchObject({
      name: 'Kaspersky Internet Security',
      version: '21.16.6.1',
      bundleId: 'com.kaspersky.kav',
      publisher: 'AO Kaspersky Lab',
    });
  });
  it('falls back to the bundle folder name when the plist has no name', () => {
    const s = parseInfoPlist(
      fxBuf('macos/Firefox.Info.plist'),
      '/Users/ann/Applications/Firefox.app/',
      plistParsers,
    );
    expect(s).toMatchObject({ name: 'Firefox', bundleId: 'org.mozilla.firefox', publisher: null });
  });
  it('reads bundles from folders the way the agent walks /Applications', async () => {
    const { mkdtempSync, mkdirSync, copyFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { macApps } = await import('../src/software');
    const root = mkdtempSync(join(tmpdir(), 'apps-'));
    const put = (rel: string, fixture: string) => {
      mkdirSync(join(root, rel, 'Contents'), { recursive: true });
      copyFileSync(join(import.meta.dirname, 'fixtures', fixture), join(root, rel, 'Contents', 'Info.plist'));
    };
    put('WeChat.app', 'macos/WeChat.Info.plist');
    put('Utilities/Kaspersky.app', 'macos/Kaspersky.Info.plist');
    mkdirSync(join(root, 'Broken.app')); // no Info.plist: not an application
    const apps = await macApps([root, join(root, 'missing')]);
    expect(apps.map((a) => a.bundleId).sort()).toEqual(['com.kaspersky.kav', 'com.tencent.xinWeChat']);
  });
  it('copyright holder', () => {
    expect(copyrightHolder('Copyright © 2011-2024 Tencent. All Rights Reserved.')).toBe('Tencent');
    expect(copyrightHolder('(c) 2020, 2021 Zoom Video Communications, Inc.')).toBe(
      'Zoom Video Communications, Inc',
    );
  });
});

describe('USB listings', () => {
  it('lsusb: a Huawei phone and a ZTE modem among the devices, judged covered', () => {
    const usb = parseLsusb(fx('lsusb.txt'));
    expect(usb).toHaveLength(6);
    const phone = usb.find((u) => u.vendorId === '12d1')!;
    expect(phone).toMatchObject({
      productId: '107e',
      name: 'Huawei Technologies Co., Ltd. P10 smartphone',
      bus: '1-5',
    });
    expect(check(`${phone.vendorId}:${phone.productId}`)).toMatchObject({
      verdict: 'covered',
      entity: 'huawei',
    });
    expect(check('19d2:1405')).toMatchObject({ verdict: 'covered', entity: 'zte' });
  });
  it('Windows PnP ids: serials kept, made-up instance ids and interfaces dropped', () => {
    const usb = parseWindowsUsbJson(fx('windows-pnp-usb.json'));
    expect(usb.map((u) => `${u.vendorId}:${u.productId}:${u.serial}`)).toEqual([
      '12d1:107e:QRX7N18A22003456',
      '19d2:1405:null',
      '046d:c52b:null',
    ]);
  });
  it('macOS system_profiler: devices behind hubs, Apple vendor id', () => {
    const usb = parseSystemProfilerUsb(fx('system-profiler-usb.json'));
    expect(usb.map((u) => u.vendorId)).toEqual(['05e3', '12d1', '05ac']);
    expect(usb[1]).toMatchObject({
      productId: '107e',
      serial: 'QRX7N18A22003456',
      manufacturer: 'HUAWEI',
      name: 'HUAWEI Mobile',
    });
  });
  it('sysfs: devices, not interfaces or missing files', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { readSysUsb } = await import('../src/usb-linux');
    const root = mkdtempSync(join(tmpdir(), 'sysusb-'));
    const dev = (name: string, files: Record<string, string>) => {
      mkdirSync(join(root, name));
      for (const [k, v] of Object.entries(files)) writeFileSync(join(root, name, k), `${v}\n`);
    };
    dev('usb1', {
      idVendor: '1d6b',
      idProduct: '0002',
      manufacturer: 'Linux 6.1.0 xhci-hcd',
      product: 'xHCI Host Controller',
    });
    dev('1-2', {
      idVendor: '12d1',
      idProduct: '107e',
      manufacturer: 'HUAWEI',
      product: 'ELE-L29',
      serial: '9WV4C19A29001234',
    });
    dev('1-2:1.0', { bInterfaceClass: 'ff' });
    dev('1-3', { idVendor: '19d2', idProduct: '1405' });
    const usb = await readSysUsb(root);
    expect(usb).toEqual([
      {
        vendorId: '12d1',
        productId: '107e',
        name: 'ELE-L29',
        manufacturer: 'HUAWEI',
        serial: '9WV4C19A29001234',
        bus: '1-2',
        interfaces: ['vendor'], // its one interface, class ff
      },
      { vendorId: '19d2', productId: '1405', name: null, manufacturer: null, serial: null, bus: '1-3' },
      {
        vendorId: '1d6b',
        productId: '0002',
        name: 'xHCI Host Controller',
        manufacturer: 'Linux 6.1.0 xhci-hcd',
        serial: null,
        bus: 'usb1',
      },
    ]);
    expect(await readSysUsb(join(root, 'nope'))).toBeNull();
  });
});

describe('Linux files', () => {
  it('cpuinfo: Intel by vendor_id, HiSilicon Kunpeng by ARM implementer 0x48', () => {
    expect(parseCpuinfo(fx('cpuinfo-x86.txt'))).toEqual({
      manufacturer: 'Intel',
      brand: '11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz',
      cores: 2,
    });
    const k = parseCpuinfo(fx('cpuinfo-kunpeng.txt'));
    expect(k).toMatchObject({ manufacturer: 'HiSilicon', cores: 2 });
    expect(check(k.manufacturer!)).toMatchObject({ verdict: 'covered', entity: 'hisilicon' }); // a Huawei subsidiary
  });
  it('BlueZ info: Bluetooth SIG company id 637 = 0x027d (Huawei)', () => {
    const b = parseBluezInfo('40:C2:BA:11:22:33', fx('bluez-info.txt'));
    expect(b).toEqual({
      name: 'HUAWEI FreeBuds Pro 2',
      manufacturer: null,
      mac: '40:C2:BA:11:22:33',
      companyId: '027d',
    });
    expect(
      parseBluezInfo('x', '[General]\nName=Keyboard\n[DeviceID]\nSource=2\nVendor=1133\n').companyId,
    ).toBeNull();
  });
  it('CUPS printers: model and URI, credentials removed from the URI', () => {
    expect(parseCupsPrinters(fx('cups-printers.conf'))).toEqual([
      {
        name: 'Office_Laser',
        model: 'HP LaserJet Pro M404-M405 Postscript (recommended)',
        uri: 'ipp://printer-3f.local:631/ipp/print',
      },
      { name: 'Huawei_PixLab', model: 'HUAWEI PixLab X1', uri: 'ipps://10.0.0.40/ipp/print' },
      // A raw '/' and '@' in the password (what lpadmin was given): nothing of it stays.
      {
        name: 'Finance_SMB',
        model: 'Generic PCL 6 Printer',
        uri: 'smb://fileserver.corp.local/FinancePrinter',
      },
      { name: 'Lab_IPP', model: 'HP Color LaserJet MFP M479fdw', uri: 'ipp://10.0.0.41:631/ipp/print' },
      { name: 'Ops_LPD', model: 'Brother HL-L5100DN series', uri: 'lpd://10.0.0.42/queue' },
      { name: 'Dock_Raw', model: 'Zebra ZD420', uri: 'socket://10.0.0.43:9100' },
    ]);
    const uris = parseCupsPrinters(fx('cups-printers.conf')).map((p) => p.uri ?? '');
    for (const secret of ['Q7', '9k', 'p@ss', 'ss@', 'a%2Fb', 'secret', 'scanuser'])
      expect(uris.filter((u) => u.includes(secret))).toEqual([]);
  });
  it('iw link, asound cards, os-release', () => {
    expect(parseIwLink(fx('iw-link.txt'))).toEqual({ bssid: '00:e0:fc:12:34:56', ssid: 'corp-wifi' });
    expect(parseIwLink('Not connected.\n')).toBeNull();
    expect(
      parseNmcliWifi('no:AA\\:BB\\:CC\\:00\\:11\\:22:guest\nyes:00\\:E0\\:FC\\:12\\:34\\:56:corp\\:5G\n'),
    ).toEqual({ bssid: '00:e0:fc:12:34:56', ssid: 'corp:5G' });
    expect(parseNmcliWifi('no:AA\\:BB\\:CC\\:00\\:11\\:22:guest\n')).toBeNull();
    expect(parseAsoundCards(fx('asound-cards.txt')).map((a) => a.name)).toEqual([
      'HDA Intel PCH',
      'HUAWEI USB-C HEADSET',
    ]);
    expect(
      parseOsRelease(
        'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n',
      ),
    ).toMatchObject({
      NAME: 'Debian GNU/Linux',
      VERSION_ID: '12',
    });
  });
  it('default gateway from /proc/net/route and its MAC from /proc/net/arp', () => {
    const routes =
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n' +
      'wlp0s20f3\t0000A8C0\t00000000\t0001\t0\t0\t600\t00FFFFFF\t0\t0\t0\n' +
      'wlp0s20f3\t00000000\t0100A8C0\t0003\t0\t0\t600\t00000000\t0\t0\t0\n';
    const arp =
      'IP address       HW type     Flags       HW address            Mask     Device\n' +
      '192.168.0.7      0x1         0x2         8c:16:45:00:00:07     *        wlp0s20f3\n' +
      '192.168.0.1      0x1         0x2         00:e0:fc:00:00:01     *        wlp0s20f3\n';
    expect(parseGateway(routes, arp)).toEqual({ ip: '192.168.0.1', mac: '00:e0:fc:00:00:01' });
    expect(parseGateway(routes, arp.split('\n').slice(0, 2).join('\n'))).toEqual({
      ip: '192.168.0.1',
      mac: null,
    });
    expect(parseGateway(routes.split('\n').slice(0, 2).join('\n'), arp)).toBeNull();
  });
  it('EDID: PNP manufacturer id and monitor name descriptor', () => {
    const e = Buffer.alloc(128);
    Buffer.from([0, 255, 255, 255, 255, 255, 255, 0]).copy(e, 0);
    e.writeUInt16BE((4 << 10) | (5 << 5) | 12, 8); // "DEL"
    e.set([0, 0, 0, 0xfc, 0], 72);
    Buffer.from('DELL U2720Q\n  ', 'latin1').copy(e, 77);
    e.set([0, 0, 0, 0xff, 0], 90);
    Buffer.from('8XJ2KK3\n     ', 'latin1').copy(e, 95);
    expect(parseEdid(e)).toEqual({ vendor: 'DEL', model: 'DELL U2720Q', serial: '8XJ2KK3' });
    expect(parseEdid(Buffer.alloc(128))).toBeNull();
  });
});
