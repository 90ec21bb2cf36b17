// Flatpak applications through `flatpak list --app --columns=application,name,version,origin`
// (tab-separated when stdout is not a terminal). The application id is reverse-DNS like a macOS
// bundle id (com.tencent.WeChat), so it is matched as one.
import type { Software } from '@coverscan/shared';

export const FLATPAK_ARGS = ['list', '--app', '--columns=application,name,version,origin'];

export function parseFlatpakList(text: string): Software[] {
  const out: Software[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [app, name, version] = line.split('\t').map((s) => s.trim());
    if (!app || app === 'Application ID' || !/^[\w-]+(\.[\w-]+)+$/.test(app)) continue;
    out.push({ name: name || app, version: version || null, bundleId: app, package: app, source: 'flatpak' });
  }
  return out;
}
