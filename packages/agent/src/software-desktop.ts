// Desktop entries (freedesktop.org Desktop Entry Specification 1.5): what a user's menu offers, including
// programs installed by hand, AppImage integrations and Wine's menu entries (~/.local/share/applications/
// wine/Programs/...). /usr/share/applications is left out: those entries belong to packages already listed.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Software } from '@coverscan/shared';
import { appImageName } from './program-name';

const MAX_DEPTH = 4;
const MAX_FILES = 2000;
const MAX_BYTES = 64 * 1024;

/** The [Desktop Entry] group of one file → a software entry (Type=Application only). */
export function parseDesktopEntry(text: string, path: string): Software | null {
  let group = '';
  const v: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const g = /^\[(.+)\]$/.exec(line);
    if (g) {
      group = g[1];
      continue;
    }
    if (group !== 'Desktop Entry') continue;
    const i = line.indexOf('=');
    // Localized keys (Name[zh_CN]) are other spellings; the untranslated Name is what rules are written for.
    if (i > 0) v[line.slice(0, i).trim()] ??= line.slice(i + 1).trim();
  }
  if (v.Type !== 'Application') return null;
  // Flatpak and snap export their entries; those programs are in their own listings already.
  if (v['X-Flatpak'] || v['X-SnapInstanceName']) return null;
  const exec = v.Exec ?? '';
  const image = /(\S+\.appimage)\b/i.exec(exec)?.[1];
  const name = v.Name || (image ? appImageName(image) : null);
  if (!name) return null;
  return {
    name,
    version: v['X-AppImage-Version'] || null,
    publisher: null,
    package: image ?? null,
    source: 'desktop',
    path,
  };
}

async function walk(dir: string, depth: number, out: string[]): Promise<void> {
  if (depth > MAX_DEPTH || out.length >= MAX_FILES) return;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) await walk(p, depth + 1, out);
    else if (e.name.endsWith('.desktop') && out.length < MAX_FILES) out.push(p);
  }
}

export async function readDesktopEntries(dirs: string[]): Promise<Software[]> {
  const files: string[] = [];
  for (const d of dirs) await walk(d, 0, files);
  const out = await Promise.all(
    files.map(async (f) => {
      const buf = await readFile(f).catch(() => null);
      return buf && buf.length <= MAX_BYTES ? parseDesktopEntry(buf.toString('utf8'), f) : null;
    }),
  );
  return out.filter((s): s is Software => s !== null);
}

/** Where hand-installed and per-user entries live. */
export function desktopDirs(homes: string[]): string[] {
  return [
    '/usr/local/share/applications',
    ...homes.flatMap((h) => [join(h, '.local/share/applications'), join(h, 'Desktop')]),
  ];
}
