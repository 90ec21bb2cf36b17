// Installed software for the current OS: each package manager is its own collector so one that fails
// or hangs (a locked rpm database, a slow snapd) costs only its own entries.
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Software } from '@coverscan/shared';
import { runCommand } from './run-command';
import { DPKG_STATUS, parseDpkgStatus } from './software-dpkg';
import { FLATPAK_ARGS, parseFlatpakList } from './software-flatpak';
import { parseInfoPlist } from './software-macos';
import { parseRpmList, RPM_ARGS } from './software-rpm';
import { parseSnapList } from './software-snap';
import { parseWindowsUninstallJson, WINDOWS_UNINSTALL_ARGS } from './software-windows';

export type SoftwareCollector = { name: string; run: () => Promise<Software[]> };

async function dpkg(): Promise<Software[]> {
  let text: string;
  try {
    text = await readFile(DPKG_STATUS, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  return parseDpkgStatus(text);
}

async function fromCommand(file: string, args: string[], parse: (s: string) => Software[]) {
  const out = await runCommand(file, args);
  return out == null ? [] : parse(out);
}

/** Application bundles under the given folders, one level of sub-folders deep. */
export async function macApps(roots: string[]): Promise<Software[]> {
  // Loaded only on macOS: the inventory on other systems never pays for the plist parsers.
  const [plist, bplist] = await Promise.all([import('plist'), import('bplist-parser')]);
  const parsers = { xml: (s: string) => plist.parse(s), binary: (b: Buffer) => bplist.parseBuffer(b) };
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
  const apps = await Promise.all(
    bundles.map(async (b) => {
      try {
        return parseInfoPlist(await readFile(join(b, 'Contents', 'Info.plist')), b, parsers);
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

export function softwareCollectors(platform: NodeJS.Platform = process.platform): SoftwareCollector[] {
  switch (platform) {
    case 'win32':
      return [
        {
          name: 'software.registry',
          run: () => fromCommand('powershell.exe', WINDOWS_UNINSTALL_ARGS, parseWindowsUninstallJson),
        },
      ];
    case 'darwin':
      return [
        { name: 'software.apps', run: async () => macApps(['/Applications', ...(await userAppDirs())]) },
      ];
    default:
      return [
        { name: 'software.dpkg', run: dpkg },
        { name: 'software.rpm', run: () => fromCommand('rpm', RPM_ARGS, parseRpmList) },
        { name: 'software.snap', run: () => fromCommand('snap', ['list'], parseSnapList) },
        { name: 'software.flatpak', run: () => fromCommand('flatpak', FLATPAK_ARGS, parseFlatpakList) },
      ];
  }
}
