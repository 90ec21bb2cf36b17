// A program's name from the file it runs from, so software rules written for installed names
// ("WeChat", "TikTok", "QQ") match what runs from a file no package manager knows.

/** "C:\Program Files\Tencent\WeChat\WeChat.exe" → "WeChat". */
export function windowsProgramName(path: string): string | null {
  const base = path.split(/[\\/]/).pop() ?? '';
  const name = base.replace(/\.(?:exe|com|bat|cmd|lnk)$/i, '').trim();
  return name || null;
}

/** "/home/ann/Apps/TikTok-1.4.2-x86_64.AppImage" → "TikTok": everything from the version on dropped
 * (appimagetool's NAME-VERSION-ARCH.AppImage; vendors add build numbers: QQ_3.2.15_240822_amd64_01). */
export function appImageName(path: string): string | null {
  const base = (path.split('/').pop() ?? '').replace(/\.appimage$/i, '');
  const name = base
    .replace(/[-_ ]v?\d.*$/i, '')
    .replace(/[-_.](?:x86_64|amd64|aarch64|arm64|armhf|i[36]86|x64)$/i, '')
    .trim();
  return name || null;
}
