// Running programs on Linux, from /proc: what runs from a tarball in /opt or a home directory, an
// AppImage or a Wine prefix is in no package database. One entry per distinct executable outside the
// package managers' folders.
// - An AppImage runs from its FUSE mount (/tmp/.mount_XXXX/...); the image it came from is in the
//   process's APPIMAGE environment variable.
// - A Windows program under Wine runs as wine(64)-preloader; its Windows path is argv[0].
// As root (the agent's service) every process is readable; as a user, only that user's.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Software } from '@coverscan/shared';
import { appImageName, windowsProgramName } from './program-name';

export const PROC = '/proc';
/** A desktop runs a few hundred processes; a build server can run thousands of the same few binaries. */
const MAX_PROCESSES = 8192;
const MAX_ENVIRON_BYTES = 256 * 1024;

export interface ProcessFacts {
  exe: string;
  /** argv[0..1], NUL-split; only read for Wine. */
  argv: string[];
  /** APPIMAGE from the environment; only read for processes running from an AppImage mount. */
  appImage: string | null;
}

const WINE = /(?:^|\/)wine(?:64)?(?:-preloader)?$/;
/** Where package managers install: those programs are in their listings already, and the many
 * short-lived system processes would make every inventory differ from the last. /usr/local and /opt
 * are not here: nothing but a person puts programs there. */
const PACKAGED =
  /^\/(?:usr\/(?:s?bin|lib\d*|libexec|share|games)|s?bin|lib\d*|snap|var\/lib\/(?:flatpak|snapd)|nix\/store)\//;

/** One process's facts → a software entry (null for what names no program). `packaged`: keep programs
 * in the package managers' folders too (tests on a real /proc, where those are what runs). */
export function processSoftware(p: ProcessFacts, packaged = false): Software | null {
  const exe = p.exe.replace(/ \(deleted\)$/, '');
  if (WINE.test(exe)) {
    const win = p.argv.find((a) => /\.exe$/i.test(a)) ?? p.argv[0];
    const name = win ? windowsProgramName(win) : null;
    // wineserver, winedevice.exe, services.exe...: Wine's own plumbing names no program.
    if (!name || /^(?:wine|winedevice|services|plugplay|explorer|rpcss|svchost|conhost|start)$/i.test(name))
      return null;
    return { name, source: 'process', path: win, version: null, publisher: null };
  }
  if (p.appImage) {
    const name = appImageName(p.appImage);
    return name ? { name, source: 'process', path: p.appImage, version: null, publisher: null } : null;
  }
  // memfd:…, anon_inode:…: code run from memory (runc, JIT sandboxes) names no file to look at.
  if (!exe.startsWith('/') || exe.startsWith('/memfd:') || (!packaged && PACKAGED.test(exe))) return null;
  const base = exe.split('/').pop() ?? '';
  if (!base) return null;
  return { name: base, source: 'process', path: exe, version: null, publisher: null };
}

async function readProcess(root: string, pid: string): Promise<ProcessFacts | null> {
  const dir = join(root, pid);
  let exe: string;
  try {
    exe = await readlink(join(dir, 'exe'));
  } catch {
    return null; // a kernel thread, a process gone since readdir, or another user's (not root)
  }
  let argv: string[] = [];
  let appImage: string | null = null;
  if (WINE.test(exe.replace(/ \(deleted\)$/, ''))) {
    const raw = await readFile(join(dir, 'cmdline'), 'utf8').catch(() => '');
    argv = raw.split('\0').filter(Boolean).slice(0, 4);
  } else if (exe.startsWith('/tmp/.mount_')) {
    const env = await readFile(join(dir, 'environ')).catch(() => null);
    if (env && env.length <= MAX_ENVIRON_BYTES) {
      const hit = env
        .toString('utf8')
        .split('\0')
        .find((v) => v.startsWith('APPIMAGE='));
      appImage = hit ? hit.slice('APPIMAGE='.length) : null;
    }
  }
  return { exe, argv, appImage };
}

/** Distinct programs running now. */
export async function readProcesses(root = PROC, o: { packaged?: boolean } = {}): Promise<Software[]> {
  const pids = (await readdir(root)).filter((n) => /^\d+$/.test(n)).slice(0, MAX_PROCESSES);
  const facts = await Promise.all(pids.map((pid) => readProcess(root, pid)));
  const seen = new Map<string, Software>();
  for (const f of facts) {
    const s = f && processSoftware(f, o.packaged);
    if (s) seen.set(`${s.path}\0${s.name}`, s);
  }
  // Plain code-unit order: localeCompare would load ICU's collator (+3 MB of RSS) for nothing.
  return [...seen.values()].sort((a, b) => ((a.path ?? '') < (b.path ?? '') ? -1 : 1));
}
