// Programs that are files, not packages: AppImages wherever people keep them, and the application folders
// of /opt (FHS: "add-on application software packages"; vendors' tarballs unpack there: /opt/kaspersky,
// /opt/tencent). Each folder name and image name goes through the same software rules as package names.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Software } from '@coverscan/shared';
import { appImageName } from './program-name';

const MAX_ENTRIES = 5000;

/** Where AppImages are kept: AppImageLauncher's ~/Applications, downloads, personal bin folders. */
export function appImageDirs(homes: string[]): string[] {
  return [
    '/opt',
    '/usr/local/bin',
    ...homes.flatMap((h) =>
      ['', 'Applications', 'Downloads', 'Desktop', 'bin', '.local/bin', 'AppImages', 'apps'].map((d) =>
        join(h, d),
      ),
    ),
  ];
}

/** AppImage files directly in the given folders or one folder below. */
export async function readAppImages(dirs: string[]): Promise<Software[]> {
  const out = new Map<string, Software>();
  let seen = 0;
  const visit = async (dir: string, depth: number) => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (++seen > MAX_ENTRIES) return;
      const p = join(dir, e.name);
      if (e.isDirectory() && depth === 0 && !e.name.startsWith('.')) await visit(p, 1);
      else if ((e.isFile() || e.isSymbolicLink()) && /\.appimage$/i.test(e.name)) {
        const name = appImageName(p);
        if (name) out.set(p, { name, source: 'appimage', path: p, version: null, publisher: null });
      }
    }
  };
  for (const d of dirs) await visit(d, 0);
  return [...out.values()];
}

/** Each folder of /opt as a program: its name is the vendor's or the product's. */
export async function readOptFolders(root = '/opt'): Promise<Software[]> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'containerd')
    .slice(0, MAX_ENTRIES)
    .map((e) => ({
      name: e.name,
      source: 'folder' as const,
      path: join(root, e.name),
      version: null,
      publisher: null,
    }));
}
