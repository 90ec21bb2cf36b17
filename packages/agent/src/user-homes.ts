// The home directories of the machine's people, where user-scope software lives (~/.local, ~/Applications,
// Wine prefixes). The agent runs as a root service: its own home is not where anyone installs WeChat.
import { readFile } from 'node:fs/promises';

/** Login accounts in /etc/passwd (uid ≥ 1000, not nobody) plus root, each home once. */
export function parsePasswdHomes(text: string): string[] {
  const homes = new Set<string>();
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f.length < 7) continue;
    const uid = Number(f[2]);
    const home = f[5];
    if (!home?.startsWith('/') || home === '/' || home === '/nonexistent') continue;
    if (uid === 0 || (uid >= 1000 && uid < 60000)) homes.add(home);
  }
  return [...homes];
}

export async function userHomes(passwd = '/etc/passwd'): Promise<string[]> {
  const text = await readFile(passwd, 'utf8').catch(() => '');
  return parsePasswdHomes(text);
}
