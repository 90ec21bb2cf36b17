// Windows programs that "Apps & features" does not list: what is running (with the company and product
// its file version resource names), per-user installs under %LOCALAPPDATA%\Programs that wrote no
// Uninstall key, and portable .exe files in users' Downloads and Desktop. One PowerShell process, JSON out.
import type { Software } from '@coverscan/shared';
import { parsePowerShellJson, powerShellRows } from './powershell-json';
import { windowsProgramName } from './program-name';

export const WINDOWS_OUTSIDE_SCRIPT = [
  "$ErrorActionPreference='SilentlyContinue'",
  '[Console]::OutputEncoding=[Text.Encoding]::UTF8',
  '$u="$env:SystemDrive\\Users"',
  '$p=@(Get-Process | Where-Object { $_.Path } | Select-Object Name,Path,Company,Product -Unique)',
  '$f=@(Get-ChildItem -Directory -Path "$u\\*\\AppData\\Local\\Programs\\*" | Select-Object FullName,Name)',
  '$x=@(Get-ChildItem -File -Path "$u\\*\\Downloads\\*.exe","$u\\*\\Desktop\\*.exe" |' +
    " Select-Object FullName,@{n='Company';e={$_.VersionInfo.CompanyName}},@{n='Product';e={$_.VersionInfo.ProductName}})",
  '@{processes=$p;folders=$f;portable=$x} | ConvertTo-Json -Compress -Depth 3',
].join('; ');

export const WINDOWS_OUTSIDE_ARGS = [
  '-NoProfile',
  '-NonInteractive',
  '-ExecutionPolicy',
  'Bypass',
  '-Command',
  WINDOWS_OUTSIDE_SCRIPT,
];

type Row = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : null);
// A missing list, or one that is not objects, names nothing.
const rows = (v: unknown): Row[] =>
  powerShellRows<unknown>(v).filter((r): r is Row => r !== null && typeof r === 'object');

export function parseWindowsOutsideJson(out: string): Software[] {
  const doc = parsePowerShellJson(out) as Row;
  const sw: Software[] = [];
  const seen = new Set<string>();
  const add = (s: Software) => {
    const k = `${s.source}\0${s.path}`;
    if (seen.has(k)) return;
    seen.add(k);
    sw.push(s);
  };
  for (const r of rows(doc.processes)) {
    const path = text(r.Path);
    const name = text(r.Product) ?? text(r.Name) ?? (path && windowsProgramName(path));
    if (name && path) add({ name, publisher: text(r.Company), source: 'process', path, version: null });
  }
  for (const r of rows(doc.folders)) {
    const path = text(r.FullName);
    const name = text(r.Name);
    if (name && path) add({ name, source: 'folder', path, version: null, publisher: null });
  }
  for (const r of rows(doc.portable)) {
    const path = text(r.FullName);
    const name = text(r.Product) ?? (path && windowsProgramName(path));
    if (name && path) add({ name, publisher: text(r.Company), source: 'folder', path, version: null });
  }
  return sw;
}
