// Windows programs under Wine: each prefix keeps a Windows registry as text (system.reg, user.reg;
// "WINE REGISTRY Version 2") with the same Uninstall keys Windows has, and a drive_c with Program Files.
// A prefix is found by its system.reg, in the places Wine, PlayOnLinux, Bottles and CrossOver keep them.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Software } from '@coverscan/shared';

const MAX_REG_BYTES = 64 * 1024 * 1024;
// Folders a fresh prefix already has: Wine's own stand-ins, not programs anyone installed.
const WINE_DEFAULT_FOLDERS = new Set([
  'common files',
  'internet explorer',
  'windows media player',
  'windows nt',
  'windowspowershell',
  'microsoft.net',
  'windows defender',
  'windows mail',
  'windows photo viewer',
  'windows sidebar',
  'microsoft',
]);

/** A registry string as Wine writes it: \\ \" \n escapes, and \xNNNN for characters beyond ASCII. */
export function unescapeWineString(s: string): string {
  return s.replace(/\\(x[0-9a-fA-F]{1,4}|.)/g, (_, e: string) => {
    if (e[0] === 'x' && e.length > 1) return String.fromCharCode(Number.parseInt(e.slice(1), 16));
    return e === 'n' ? '\n' : e === 't' ? '\t' : e === '0' ? '\0' : e;
  });
}

const UNINSTALL =
  /^\[software\\\\(?:wow6432node\\\\)?microsoft\\\\windows\\\\currentversion\\\\uninstall\\\\([^\]]+)\]/i;

/** Uninstall entries of one .reg file (system.reg or user.reg) of a prefix. */
export function parseWineRegistry(text: string, prefix: string): Software[] {
  const out: Software[] = [];
  let cur: Record<string, string> | null = null;
  const flush = () => {
    const name = cur?.DisplayName?.trim();
    // Updates and components hang under their program (ParentKeyName); the program itself is listed.
    if (cur && name && !cur.ParentKeyName && cur.SystemComponent !== 'dword:00000001')
      out.push({
        name,
        version: cur.DisplayVersion?.trim() || null,
        publisher: cur.Publisher?.trim() || null,
        package: cur.key,
        source: 'wine',
        path: prefix,
      });
    cur = null;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith('[')) {
      flush();
      const m = UNINSTALL.exec(line);
      if (m) cur = { key: unescapeWineString(m[1]) };
      continue;
    }
    if (!cur) continue;
    const kv = /^"((?:[^"\\]|\\.)*)"=(?:"((?:[^"\\]|\\.)*)"|(dword:[0-9a-f]{8}))/i.exec(line);
    if (kv) cur[unescapeWineString(kv[1])] = kv[2] !== undefined ? unescapeWineString(kv[2]) : kv[3];
  }
  flush();
  return out;
}

/** Wine prefixes under a home: ~/.wine and the folders that hold one prefix per program. */
export async function winePrefixes(home: string): Promise<string[]> {
  const single = [join(home, '.wine')];
  const parents = [
    join(home, '.local/share/wineprefixes'),
    join(home, '.PlayOnLinux/wineprefix'),
    join(home, '.local/share/bottles/bottles'),
    join(home, '.var/app/com.usebottles.bottles/data/bottles/bottles'),
    join(home, '.cxoffice'),
    join(home, 'Games'),
  ];
  const candidates = [...single];
  for (const p of parents)
    for (const e of await readdir(p, { withFileTypes: true }).catch(() => []))
      if (e.isDirectory()) candidates.push(join(p, e.name));
  const ok = await Promise.all(
    candidates.map((c) =>
      stat(join(c, 'system.reg')).then(
        (s) => s.isFile(),
        () => false,
      ),
    ),
  );
  return candidates.filter((_, i) => ok[i]);
}

/** Program Files folders of a prefix that Wine did not create itself (portable programs never register). */
export async function wineProgramFolders(prefix: string): Promise<Software[]> {
  const out: Software[] = [];
  for (const pf of ['Program Files', 'Program Files (x86)']) {
    const dir = join(prefix, 'drive_c', pf);
    for (const e of await readdir(dir, { withFileTypes: true }).catch(() => []))
      if (e.isDirectory() && !WINE_DEFAULT_FOLDERS.has(e.name.toLowerCase()))
        out.push({ name: e.name, source: 'wine', path: join(dir, e.name), version: null, publisher: null });
  }
  return out;
}

export async function readWine(homes: string[]): Promise<Software[]> {
  const out: Software[] = [];
  for (const home of homes)
    for (const prefix of await winePrefixes(home)) {
      for (const reg of ['system.reg', 'user.reg']) {
        const f = join(prefix, reg);
        const size = await stat(f).then(
          (s) => s.size,
          () => -1,
        );
        if (size < 0 || size > MAX_REG_BYTES) continue;
        out.push(...parseWineRegistry(await readFile(f, 'utf8'), prefix));
      }
      out.push(...(await wineProgramFolders(prefix)));
    }
  return out;
}
