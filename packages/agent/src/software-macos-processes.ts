// Running programs on macOS (`ps -axo comm=`, full executable paths, no elevation needed): an app run from
// a disk image or Downloads is in neither /Applications nor ~/Applications. A bundle's executable
// (X.app/Contents/MacOS/x) is reported as its bundle, so its Info.plist gives the bundle id.
import type { Software } from '@coverscan/shared';

// Apple's own system processes: the OS, not an installed program.
const SYSTEM = /^\/(?:System|usr|bin|sbin|Library\/Apple)\//;

export interface MacProcessListing {
  bundles: string[];
  programs: Software[];
}

export function parsePsComm(out: string): MacProcessListing {
  const bundles = new Set<string>();
  const programs = new Map<string, Software>();
  for (const raw of out.split('\n')) {
    const path = raw.trim();
    if (!path.startsWith('/') || SYSTEM.test(path)) continue;
    // The outermost bundle: helpers live inside their app (WeChat.app/Contents/.../Helper.app).
    const b = /^(.*?\.app)\//.exec(path);
    if (b) bundles.add(b[1]);
    else {
      const name = path.split('/').pop();
      if (name) programs.set(path, { name, source: 'process', path, version: null, publisher: null });
    }
  }
  return { bundles: [...bundles], programs: [...programs.values()] };
}
