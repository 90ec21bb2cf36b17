// RPM packages (RHEL, Fedora, SUSE) through `rpm -qa` with a tab-separated query format.
import type { Software } from '@coverscan/shared';

export const RPM_ARGS = [
  '-qa',
  '--qf',
  '%{NAME}\\t%|EPOCH?{%{EPOCH}:}:{}|%{VERSION}-%{RELEASE}\\t%{VENDOR}\\t%{ARCH}\\t%{PACKAGER}\\n',
];

const none = (s: string | undefined) => (!s || s === '(none)' ? null : s.trim());

export function parseRpmList(text: string): Software[] {
  const out: Software[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [name, version, vendor, arch, packager] = line.split('\t');
    if (!name || name.startsWith('gpg-pubkey')) continue; // imported signing keys, not software
    const a = none(arch);
    out.push({
      name,
      version: none(version),
      publisher:
        none(vendor) ??
        none(packager)
          ?.replace(/\s*<[^>]*>\s*/g, ' ')
          .trim() ??
        null,
      package: a && a !== 'noarch' ? `${name}.${a}` : name,
      source: 'rpm',
    });
  }
  return out;
}
