// Windows programs from the registry's Uninstall keys: 64-bit (HKLM\SOFTWARE), 32-bit (WOW6432Node) and
// every loaded user hive (HKEY_USERS\<SID>, both views) — what "Apps & features" and osquery's
// `programs` table show. One PowerShell process exports them as JSON: unlike `reg query`, whose text
// output follows the console code page, JSON in UTF-8 keeps names such as 微信 intact.
import type { Software } from '@coverscan/shared';
import { parsePowerShellJson, powerShellRows } from './powershell-json';

const UNINSTALL = 'Microsoft\\Windows\\CurrentVersion\\Uninstall\\*';

export const WINDOWS_UNINSTALL_SCRIPT = [
  "$ErrorActionPreference='SilentlyContinue'",
  '[Console]::OutputEncoding=[Text.Encoding]::UTF8',
  `$p='HKLM:\\SOFTWARE\\${UNINSTALL}','HKLM:\\SOFTWARE\\WOW6432Node\\${UNINSTALL}',` +
    `'Registry::HKEY_USERS\\*\\SOFTWARE\\${UNINSTALL}','Registry::HKEY_USERS\\*\\SOFTWARE\\WOW6432Node\\${UNINSTALL}'`,
  '@(Get-ItemProperty -Path $p | Where-Object { $_.DisplayName } |' +
    ' Select-Object PSPath,DisplayName,DisplayVersion,Publisher,SystemComponent,ParentKeyName,ReleaseType)' +
    ' | ConvertTo-Json -Compress -Depth 2',
].join('; ');

export const WINDOWS_UNINSTALL_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-ExecutionPolicy',
  'Bypass',
  '-Command',
  WINDOWS_UNINSTALL_SCRIPT,
];

interface UninstallEntry {
  PSPath?: string;
  DisplayName?: string | null;
  DisplayVersion?: string | null;
  Publisher?: string | null;
  ParentKeyName?: string | null;
  ReleaseType?: string | null;
}

export type RegistryView = 'machine-64' | 'machine-32' | `user:${string}` | 'unknown';

/** Which hive and view an entry came from, from its PSPath. */
export function registryView(psPath: string): RegistryView {
  const p = psPath.replace(/^Microsoft\.PowerShell\.Core\\Registry::/i, '').toUpperCase();
  const user = /^HKEY_USERS\\([^\\]+)\\/.exec(p);
  if (user) return `user:${user[1]}`;
  if (/^(HKEY_LOCAL_MACHINE|HKLM:?)\\SOFTWARE\\WOW6432NODE\\/.test(p)) return 'machine-32';
  if (/^(HKEY_LOCAL_MACHINE|HKLM:?)\\SOFTWARE\\/.test(p)) return 'machine-64';
  return 'unknown';
}

const clean = (s: string | null | undefined) => (typeof s === 'string' && s.trim() ? s.trim() : null);

/** Parse the script's JSON (an array, or a single object when only one program is installed). */
export function parseWindowsUninstallJson(json: string): Software[] {
  const rows = powerShellRows<UninstallEntry>(parsePowerShellJson(json));
  const out: Software[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const name = clean(r.DisplayName);
    if (!name) continue;
    // Updates and hotfixes hang off their product (ParentKeyName): the product is the software.
    if (clean(r.ParentKeyName) || /^(update|hotfix|security update)$/i.test(r.ReleaseType ?? '')) continue;
    const version = clean(r.DisplayVersion);
    const publisher = clean(r.Publisher);
    const key = `${name}|${version}|${publisher}`;
    if (seen.has(key)) continue; // the same program registered in both views
    seen.add(key);
    const keyName = r.PSPath ? r.PSPath.slice(r.PSPath.lastIndexOf('\\') + 1) : null;
    out.push({ name, version, publisher, package: keyName, source: 'registry' });
  }
  return out;
}
