// Snaps through `snap list` (columns: Name Version Rev Tracking Publisher Notes).
import type { Software } from '@coverscan/shared';

/** The publisher column marks verified and starred publishers with ✓/✪ (or ** without Unicode). */
function publisher(s: string | undefined): string | null {
  if (!s || s === '-') return null;
  return s.replace(/(\*\*|\*|✓|✪)$/u, '') || null;
}

export function parseSnapList(text: string): Software[] {
  const out: Software[] = [];
  for (const line of text.split('\n')) {
    const cols = line.trim().split(/\s+/);
    if (cols.length < 5 || (cols[0] === 'Name' && cols[1] === 'Version')) continue;
    const [name, version, , , pub] = cols;
    out.push({ name, version, publisher: publisher(pub), package: name, source: 'snap' });
  }
  return out;
}
