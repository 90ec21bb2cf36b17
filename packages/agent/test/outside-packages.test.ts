import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { type Inventory, identify, judge, type Software, softwareObservation } from '@coverscan/shared';
import { describe, expect, it } from 'vitest';
import { rememberPrograms } from '../src/program-memory';
import { appImageName, windowsProgramName } from '../src/program-name';
import { parseDesktopEntry, readDesktopEntries } from '../src/software-desktop';
import { readAppImages, readOptFolders } from '../src/software-folders-linux';
import { parsePsComm } from '../src/software-macos-processes';
import { PROC, readProcesses } from '../src/software-processes-linux';
import { parseWindowsOutsideJson } from '../src/software-windows-outside';
import { parseWineRegistry, readWine, unescapeWineString } from '../src/software-wine';
import { parsePasswdHomes } from '../src/user-homes';

const fx = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');
const tree = () => mkdtempSync(join(tmpdir(), 'outside-'));
const file = (path: string, text: string | Buffer) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
};
const verdict = (s: Software) => judge(identify([softwareObservation(s, 0)]));
const byName = (list: Software[], name: string) => {
  const s = list.find((x) => x.name === name);
  if (!s) throw new Error(`${name} not in ${list.map((x) => x.name).join(', ')}`);
  return s;
};

describe('running processes (/proc)', () => {
  it('names what runs from /opt, an AppImage mount and a Wine prefix, and judges it', async () => {
    const proc = tree();
    const pid = (n: number, exe: string | null, files: Record<string, string> = {}) => {
      mkdirSync(join(proc, String(n)), { recursive: true });
      if (exe) symlinkSync(exe, join(proc, String(n), 'exe'));
      for (const [k, v] of Object.entries(files)) writeFileSync(join(proc, String(n), k), v);
    };
    pid(1, '/usr/lib/systemd/systemd');
    pid(2, null); // kthreadd: no exe link
    pid(310, '/opt/kaspersky/kesl/libexec/kesl');
    pid(311, '/opt/kaspersky/kesl/libexec/kesl'); // a second instance: one entry
    pid(420, '/tmp/.mount_TikTokx8Qd/usr/bin/tiktok-desktop', {
      environ: 'HOME=/home/ann\0APPIMAGE=/home/ann/Applications/TikTok-1.4.2-x86_64.AppImage\0USER=ann\0',
    });
    pid(530, '/usr/lib/wine/wine64-preloader', {
      cmdline: 'C:\\Program Files (x86)\\Tencent\\WeChat\\WeChat.exe\0--from-shortcut\0',
    });
    pid(531, '/usr/lib/wine/wine64-preloader', { cmdline: 'C:\\windows\\system32\\services.exe\0' });
    writeFileSync(join(proc, 'self'), ''); // not a pid
    const sw = await readProcesses(proc);
    // systemd is a packaged program (dpkg/rpm list it): not repeated here.
    expect(sw.map((s) => s.name).sort()).toEqual(['TikTok', 'WeChat', 'kesl']);
    expect(byName(sw, 'WeChat').path).toBe('C:\\Program Files (x86)\\Tencent\\WeChat\\WeChat.exe');
    expect(byName(sw, 'TikTok').path).toBe('/home/ann/Applications/TikTok-1.4.2-x86_64.AppImage');
    expect(verdict(byName(sw, 'WeChat'))).toMatchObject({ verdict: 'covered', entity: 'tencent' });
    expect(verdict(byName(sw, 'TikTok'))).toMatchObject({ verdict: 'covered', entity: 'bytedance' });
    expect(verdict(byName(sw, 'kesl'))).toMatchObject({ verdict: 'covered', entity: 'kaspersky' });
    // The evidence says where the program runs from.
    const ev = identify([softwareObservation(byName(sw, 'WeChat'), 7)]);
    expect(ev[0].field).toBe(
      'software[7] (running C:\\Program Files (x86)\\Tencent\\WeChat\\WeChat.exe).name',
    );
  });

  it('reads this machine’s real /proc: this test’s own node is there, and is left out as packaged', async () => {
    // No program is started for this: other tests judge this machine's inventory meanwhile, and a
    // stray process would change it under them.
    const all = await readProcesses(PROC, { packaged: true });
    expect(all.some((s) => s.path === process.execPath)).toBe(true);
    const outside = await readProcesses();
    expect(outside.some((s) => s.path === process.execPath)).toBe(
      !/^\/usr\/(?:s?bin|lib)\//.test(process.execPath),
    );
  });
});

describe('programs remembered between inventories', () => {
  it('a program closed before the next inventory is still reported, for 30 days', () => {
    const state = tree();
    const inv = (software: Software[]) => ({ software }) as unknown as Inventory;
    const wechat: Software = { name: 'WeChat', source: 'process', path: '/home/ann/wechat/WeChat' };
    const dpkg: Software = { name: 'bash', source: 'dpkg', version: '5.2' };
    const day0 = Date.parse('2026-11-01T09:00:00Z');
    const first = rememberPrograms(state, inv([dpkg, wechat]), day0);
    expect(first.software).toEqual([dpkg, { ...wechat, lastSeen: '2026-11-01' }]);
    // WeChat closed; the same day and 29 days later it is still there, unchanged (same digest).
    expect(rememberPrograms(state, inv([dpkg]), day0 + 5 * 3600_000).software).toEqual(first.software);
    expect(rememberPrograms(state, inv([dpkg]), day0 + 29 * 86_400_000).software).toEqual(first.software);
    // 31 days after it was last seen running, it is forgotten.
    expect(rememberPrograms(state, inv([dpkg]), day0 + 31 * 86_400_000).software).toEqual([dpkg]);
  });
  it('a damaged memory file starts again from what runs now', () => {
    const state = tree();
    writeFileSync(join(state, 'programs-seen.json'), '{"programs": [tru');
    const s: Software = { name: 'x', source: 'process', path: '/opt/x' };
    expect(
      rememberPrograms(state, { software: [s] } as unknown as Inventory, Date.parse('2026-11-30')).software,
    ).toEqual([{ ...s, lastSeen: '2026-11-30' }]);
  });
});

describe('desktop entries', () => {
  it('reads Wine and AppImage menu entries; skips flatpak exports and links', async () => {
    const home = tree();
    const apps = join(home, '.local/share/applications');
    file(
      join(apps, 'wine/Programs/WeChat/WeChat.desktop'),
      [
        '[Desktop Entry]',
        'Name=WeChat',
        'Name[zh_CN]=微信',
        'Exec=env WINEPREFIX="/home/ann/.wine" wine C:\\\\\\\\ProgramData\\\\\\\\Microsoft\\\\\\\\Windows\\\\\\\\Start\\\\ Menu\\\\\\\\Programs\\\\\\\\WeChat\\\\\\\\WeChat.lnk',
        'Type=Application',
        'StartupNotify=true',
        'Icon=2A8E_WeChat.0',
        '',
      ].join('\n'),
    );
    file(
      join(apps, 'appimagekit_3b2f-TikTok.desktop'),
      '[Desktop Entry]\nType=Application\nExec=/home/ann/Applications/TikTok-1.4.2-x86_64.AppImage %U\nX-AppImage-Version=1.4.2\n',
    );
    file(
      join(apps, 'com.example.Editor.desktop'),
      '[Desktop Entry]\nName=Editor\nType=Application\nX-Flatpak=com.example.Editor\n',
    );
    file(join(apps, 'site.desktop'), '[Desktop Entry]\nName=Intranet\nType=Link\nURL=https://intranet/\n');
    file(join(apps, 'mimeinfo.cache'), '[MIME Cache]\n');
    const sw = await readDesktopEntries([apps, join(home, 'missing')]);
    expect(sw.map((s) => s.name).sort()).toEqual(['TikTok', 'WeChat']);
    expect(byName(sw, 'TikTok')).toMatchObject({
      version: '1.4.2',
      package: '/home/ann/Applications/TikTok-1.4.2-x86_64.AppImage',
      source: 'desktop',
    });
    expect(verdict(byName(sw, 'WeChat')).verdict).toBe('covered');
    expect(verdict(byName(sw, 'TikTok')).verdict).toBe('covered');
    expect(parseDesktopEntry('[Other]\nName=x\nType=Application\n', 'x')).toBeNull();
  });
});

describe('AppImages and /opt', () => {
  it('finds AppImages in home folders and judges them by name; /opt folders by vendor', async () => {
    const root = tree();
    file(join(root, 'home/ann/Downloads/QQ_3.2.15_240822_amd64_01.AppImage'), 'ELF');
    file(join(root, 'home/ann/Applications/TikTok-1.4.2-x86_64.AppImage'), 'ELF');
    file(join(root, 'home/ann/Applications/Obsidian-1.7.7.AppImage'), 'ELF');
    file(join(root, 'home/ann/notes.txt'), 'x');
    file(join(root, 'opt/kaspersky/kesl/bin/kesl-control'), 'ELF');
    file(join(root, 'opt/google/chrome/chrome'), 'ELF');
    const imgs = await readAppImages([join(root, 'home/ann'), join(root, 'nope')]);
    expect(imgs.map((s) => s.name).sort()).toEqual(['Obsidian', 'QQ', 'TikTok']);
    expect(verdict(byName(imgs, 'QQ'))).toMatchObject({ verdict: 'covered', entity: 'tencent' });
    expect(verdict(byName(imgs, 'Obsidian')).verdict).toBe('clear');
    const opt = await readOptFolders(join(root, 'opt'));
    expect(opt.map((s) => s.name)).toEqual(['google', 'kaspersky']);
    expect(verdict(byName(opt, 'kaspersky')).entity).toBe('kaspersky');
  });

  it('program names from file names', () => {
    expect(appImageName('/x/TikTok-1.4.2-x86_64.AppImage')).toBe('TikTok');
    expect(appImageName('/x/QQ_3.2.15_240822_amd64_01.AppImage')).toBe('QQ');
    expect(appImageName('/x/balenaEtcher-1.19.25-x64.AppImage')).toBe('balenaEtcher');
    expect(windowsProgramName('C:\\Users\\a\\Downloads\\WeChatSetup.exe')).toBe('WeChatSetup');
  });
});

describe('Wine prefixes', () => {
  it('decodes Wine’s \\x escapes', () => {
    expect(unescapeWineString('\\x5fae\\x4fe1')).toBe('微信');
    expect(unescapeWineString('C:\\\\Program Files\\\\a\\"b')).toBe('C:\\Program Files\\a"b');
  });

  it('lists Uninstall keys of system.reg and user.reg, Chinese names included, and judges them', () => {
    const sys = parseWineRegistry(fx('wine/system.reg'), '/home/ann/.wine');
    expect(sys.map((s) => s.name)).toEqual(['Notepad++ (64-bit x64)', '微信']); // update and component dropped
    const wechat = byName(sys, '微信');
    expect(wechat).toMatchObject({
      version: '3.9.12.17',
      publisher: '腾讯科技(深圳)有限公司',
      source: 'wine',
    });
    expect(verdict(wechat)).toMatchObject({ verdict: 'covered', entity: 'tencent' });
    const user = parseWineRegistry(fx('wine/user.reg'), '/home/ann/.wine');
    expect(user.map((s) => s.name)).toEqual(['腾讯会议']);
    expect(verdict(user[0]).verdict).toBe('covered');
    expect(verdict(byName(sys, 'Notepad++ (64-bit x64)')).verdict).toBe('clear');
  });

  it('finds prefixes under homes, with programs that never registered', async () => {
    const home = tree();
    const prefix = join(home, '.local/share/wineprefixes/wechat');
    file(join(prefix, 'system.reg'), fx('wine/system.reg'));
    file(join(prefix, 'user.reg'), fx('wine/user.reg'));
    file(join(prefix, 'drive_c/Program Files (x86)/Tencent/WeChat/WeChat.exe'), 'MZ');
    file(join(prefix, 'drive_c/Program Files/Common Files/x'), 'x');
    file(join(home, '.wine/drive_c/Program Files/Hikvision/iVMS-4200 Site/iVMS-4200.exe'), 'MZ');
    file(join(home, '.wine/system.reg'), 'WINE REGISTRY Version 2\n');
    const sw = await readWine([home]);
    expect(sw.map((s) => s.name).sort()).toEqual(
      ['Hikvision', 'Notepad++ (64-bit x64)', 'Tencent', '微信', '腾讯会议'].sort(),
    );
    expect(verdict(byName(sw, 'Hikvision')).entity).toBe('hikvision');
    expect(verdict(byName(sw, 'Tencent')).entity).toBe('tencent');
  });
});

describe('Windows outside "Apps & features" (PowerShell JSON)', () => {
  it('running programs with their file version company, per-user Programs folders, portable exes', () => {
    const sw = parseWindowsOutsideJson(fx('windows-outside.json'));
    expect(sw.map((s) => `${s.source}:${s.name}`)).toEqual([
      'process:Microsoft® Windows® Operating System',
      'process:WeChat',
      'process:avp',
      'folder:TikTok LIVE Studio',
      'folder:Microsoft VS Code',
      'folder:QQ',
    ]);
    expect(verdict(byName(sw, 'WeChat')).entity).toBe('tencent');
    // A renamed portable scanner is still Kaspersky's by its file's company.
    expect(verdict(byName(sw, 'avp'))).toMatchObject({ verdict: 'covered', entity: 'kaspersky' });
    expect(verdict(byName(sw, 'TikTok LIVE Studio')).entity).toBe('bytedance');
    expect(verdict(byName(sw, 'QQ')).entity).toBe('tencent');
    expect(verdict(byName(sw, 'Microsoft VS Code')).verdict).toBe('clear');
    expect(() => parseWindowsOutsideJson('Get-Process : access denied')).toThrow();
  });
});

describe('macOS running programs (ps -axo comm=)', () => {
  it('reports the outermost bundle of an app run from Downloads or a disk image; skips Apple’s', () => {
    const { bundles, programs } = parsePsComm(fx('ps-comm-macos.txt'));
    expect(bundles).toEqual([
      '/Applications/Safari.app',
      '/Users/ann/Downloads/WeChat.app',
      '/Volumes/TikTok/TikTok LIVE Studio.app',
    ]);
    expect(programs.map((p) => p.path)).toEqual(['/Users/ann/bin/frpc', '/opt/homebrew/bin/node']);
  });
});

describe('user homes', () => {
  it('login accounts and root from /etc/passwd', () => {
    const passwd = [
      'root:x:0:0:root:/root:/bin/bash',
      'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
      'ann:x:1000:1000:Ann,,,:/home/ann:/bin/bash',
      'nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin',
      'svc:x:1001:1001::/srv/svc:/bin/sh',
    ].join('\n');
    expect(parsePasswdHomes(passwd)).toEqual(['/root', '/home/ann', '/srv/svc']);
  });
});
