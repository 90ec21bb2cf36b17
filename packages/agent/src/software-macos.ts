// macOS application bundles: /Applications and ~/Applications (one folder level deep, for
// /Applications/Utilities and vendor folders), each bundle's Contents/Info.plist — XML or binary.
import type { Software } from '@coverscan/shared';

export interface InfoPlist {
  CFBundleName?: unknown;
  CFBundleDisplayName?: unknown;
  CFBundleIdentifier?: unknown;
  CFBundleShortVersionString?: unknown;
  CFBundleVersion?: unknown;
  NSHumanReadableCopyright?: unknown;
}

type PlistParsers = { xml: (s: string) => unknown; binary: (b: Buffer) => unknown[] };

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);

/** "Copyright © 2011-2024 Tencent. All rights reserved." → "Tencent": the maker, for publisher rules. */
export function copyrightHolder(s: string | null): string | null {
  if (!s) return null;
  const t = s
    .replace(/copyright|\(c\)|©|all rights reserved\.?/gi, ' ')
    .replace(/\b(19|20)\d\d\b(\s*[-–,]\s*(19|20)?\d\d)*/g, ' ')
    .replace(/^[\s.,]+|[\s.,]+$/g, '')
    .replace(/\s+/g, ' ');
  return t || null;
}

/** One bundle's Info.plist bytes → a software entry (null when it names nothing). */
export function parseInfoPlist(buf: Buffer, bundlePath: string, parsers: PlistParsers): Software | null {
  const isBinary = buf.subarray(0, 6).toString('latin1') === 'bplist';
  const doc = (isBinary ? parsers.binary(buf)[0] : parsers.xml(buf.toString('utf8'))) as InfoPlist;
  if (!doc || typeof doc !== 'object') return null;
  const fallback = bundlePath
    .replace(/\/+$/, '')
    .split('/')
    .pop()!
    .replace(/\.app$/i, '');
  const name = str(doc.CFBundleDisplayName) ?? str(doc.CFBundleName) ?? fallback;
  if (!name) return null;
  return {
    name,
    version: str(doc.CFBundleShortVersionString) ?? str(doc.CFBundleVersion),
    publisher: copyrightHolder(str(doc.NSHumanReadableCopyright)),
    bundleId: str(doc.CFBundleIdentifier),
    package: bundlePath,
    source: 'app',
  };
}
