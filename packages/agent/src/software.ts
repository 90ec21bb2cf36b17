// Installed software for the current OS: each package manager is its own collector so one that fails
// or hangs (a locked rpm database, a slow snapd) costs only its own entries.
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Software } from '@coverscan/shared';
import { runCommand } from './run-command';
import { desktopDirs, readDesktopEntries } from './software-desktop';
import { DPKG_STATUS, parseDpkgStatus } from './software-dpkg';
import { FLATPAK_ARGS, parseFlatpakList } from './software-flatpak';
import { appImageDirs, readAppImages, readOptFolders } from './software-folders-linux';
import { parseInfoPlist } from './software-macos';
import { parsePsComm } from './software-macos-processes';
import { readProcesses } from './software-processes-linux';
import { parseRpmList, RPM_ARGS } from './software-rpm';
import { parseSnapList } from './software-snap';
import { parseWindowsUninstallJson, WINDOWS_UNINSTALL_ARGS } from './software-windows';
import { parseWindowsOutsideJson, WINDOWS_OUTSIDE_ARGS } from './software-windows-outside';
import { readWine } from './software-wine';
import { userHomes } from './user-homes';

export type SoftwareCollector = { name: string; run: () => Promise<Software[]> };

async function dpkg(): Promise<Software[]> {
  let status: Buffer;
  try {
    status = await readFile(DPKG_STATUS);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return parseDpkgStatus(status);
}

async function fromCommand(file: string, args: string[], parse: (s: string) => Software[]) {
  const out = await runCommand(file, args);
  return out == null ? [] : parse(out);
}

/** Application bundles under the given folders, one level of sub-folders deep. */
export async function macApps(roots: string[]): Promise<Software[]> {
  const bundles: string[] = [];
  for (const root of roots) {
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const p = join(root, e.name);
      if (e.name.endsWith('.app')) bundles.push(p);
      else {
        const sub = await readdir(p, { withFileTypes: true }).catch(() => []);
        for (const s of sub) if (s.isDirectory() && s.name.endsWith('.app')) bundles.push(join(p, s.name));
      }
    }
  }
  return macBundles(bundles, 'app');
}

/** Each bundle's Info.plist → a software entry. */
async function macBundles(bundles: string[], source: Software['source']): Promise<Software[]> {
  // Loaded only on macOS: the inventory on other systems never pays for the plist parsers.
  const [plist, bplist] = await Promise.all([import('plist'), import('bplist-parser')]);
  const parsers = { xml: (s: string) => plist.parse(s), binary: (b: Buffer) => bplist.parseBuffer(b) };
  const apps = await Promise.all(
    bundles.map(async (b) => {
      try {
        const app = parseInfoPlist(await readFile(join(b, 'Contents', 'Info.plist')), b, parsers);
        if (!app) return null;
        const found: Software = { ...app, source, path: b };
        return found;
      } catch {
        return null; // a bundle without a readable Info.plist is not an installed application
      }
    }),
  );
  return apps.filter((a): a is Software => a !== null);
}

/** Every user's ~/Applications: the agent runs as a root daemon, whose own home has none. */
async function userAppDirs(): Promise<string[]> {
  const users = await readdir('/Users').catch(() => [] as string[]);
  const dirs = users
    .filter((u) => u !== 'Shared' && !u.startsWith('.'))
    .map((u) => join('/Users', u, 'Applications'));
  const own = join(homedir(), 'Applications');
  return dirs.includes(own) ? dirs : [...dirs, own];
}

/** Running programs on macOS: bundles through their Info.plist, other executables by name. */
async function macProcesses(): Promise<Software[]> {
  const out = await runCommand('ps', ['-axo', 'comm=']);
  if (out == null) return [];
  const { bundles, programs } = parsePsComm(out);
  return [...(await macBundles(bundles, 'process')), ...programs];
}

export function softwareCollectors(platform: NodeJS.Platform = process.platform): SoftwareCollector[] {
  switch (platform) {
    case 'win32':
      return [
        {
          name: 'software.registry',
          run: () => fromCommand('powershell.exe', WINDOWS_UNINSTALL_ARGS, parseWindowsUninstallJson),
        },
        {
          name: 'software.outside',
          run: () => fromCommand('powershell.exe', WINDOWS_OUTSIDE_ARGS, parseWindowsOutsideJson),
        },
      ];
    case 'darwin':
      return [
        { name: 'software.apps', run: async () => macApps(['/Applications', ...(await userAppDirs())]) },
        { name: 'software.processes', run: macProcesses },
      ];
    default:
      return [
        { name: 'software.dpkg', run: dpkg },
        { name: 'software.rpm', run: () => fromCommand('rpm', RPM_ARGS, parseRpmList) },
        { name: 'software.snap', run: () => fromCommand('snap', ['list'], parseSnapList) },
        { name: 'software.flatpak', run: () => fromCommand('flatpak', FLATPAK_ARGS, parseFlatpakList) },
        // Outside the package managers (see each file): what runs, menus, AppImages, /opt, Wine.
        { name: 'software.processes', run: () => readProcesses() },
        {
          name: 'software.files',
          run: async () => {
            const homes = await userHomes();
            const lists = await Promise.all([
              readDesktopEntries(desktopDirs(homes)),
              readAppImages(appImageDirs(homes)),
              readOptFolders(),
              readWine(homes),
            ]);
            return lists.flat();
          },
        },
      ];
  }
}
