// Debian/Ubuntu packages, read straight from dpkg's database (/var/lib/dpkg/status): one file read
// instead of spawning dpkg-query (measured: 6 ms vs 45 ms for ~800 packages here).
import type { Software } from '@coverscan/shared';

export const DPKG_STATUS = '/var/lib/dpkg/status';

/** "Name <mail>" → "Name": a maintainer's address says nothing a vendor rule needs. */
function personName(s: string): string {
  return s.replace(/\s*<[^>]*>\s*/g, ' ').trim();
}

/** Installed packages in a dpkg status file (stanzas separated by blank lines, each starting with
 * its Package field). One regex pass over the fields we use instead of splitting ~20k lines: the
 * split allocated ~9 MB here, a third of the agent's peak memory.
 * The file is matched as Latin-1, one character per byte, and only the values kept are decoded from
 * UTF-8: read as UTF-8 it became a two-byte string (775 KB → 1.5 MB: one maintainer's "ü" is
 * enough), and every value sliced from it kept all of it alive until the process ended. */
export function parseDpkgStatus(status: Buffer): Software[] {
  const text = status.toString('latin1');
  const utf8 = (latin1: string) => Buffer.from(latin1, 'latin1').toString('utf8');
  const out: Software[] = [];
  let cur: {
    pkg: string;
    status: string;
    version: string | null;
    maintainer: string | null;
    arch: string | null;
  } | null = null;
  const flush = () => {
    // "install ok installed" or "hold ok installed"; config-files and half-installed are gone.
    if (!cur?.status.endsWith(' installed')) return;
    out.push({
      name: cur.pkg,
      version: cur.version,
      publisher: cur.maintainer,
      package: cur.arch && cur.arch !== 'all' ? `${cur.pkg}:${cur.arch}` : cur.pkg,
      source: 'dpkg',
    });
  };
  // Continuation lines (descriptions, conffiles) start with a space, so ^Field never matches them.
  const re = /^(Package|Status|Version|Maintainer|Architecture): *([^\r\n]*)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const val = utf8(m[2]).trim();
    switch (m[1]) {
      case 'Package':
        flush();
        cur = { pkg: val, status: '', version: null, maintainer: null, arch: null };
        break;
      case 'Status':
        if (cur) cur.status = val;
        break;
      case 'Version':
        if (cur) cur.version = val;
        break;
      case 'Maintainer':
        if (cur) cur.maintainer = personName(val);
        break;
      case 'Architecture':
        if (cur) cur.arch = val;
        break;
    }
  }
  flush();
  return out;
}
