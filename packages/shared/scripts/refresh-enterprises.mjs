#!/usr/bin/env node
// Regenerates catalog/enterprises.json (IANA Private Enterprise Numbers → organization name) from
// the registry as Wireshark ships it (Debian package libwireshark-data:
// /usr/share/wireshark/enterprises.tsv, itself generated from
// https://www.iana.org/assignments/enterprise-numbers/enterprise-numbers).
//   node packages/shared/scripts/refresh-enterprises.mjs [/usr/share/wireshark/enterprises.tsv]
// Trimmed: names only (no contacts), URLs and parenthesized remarks dropped, whitespace collapsed.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = process.argv[2] ?? '/usr/share/wireshark/enterprises.tsv';
const text = readFileSync(src, 'utf8');
const updated = /last updated (\d{4}-\d{2}-\d{2})/.exec(text)?.[1] ?? null;
const names = {};
for (const line of text.split('\n')) {
  const m = /^(\d+)\s+(.+)$/.exec(line.trim());
  if (!m) continue;
  const name = m[2]
    .replace(/\(?https?:\/\/\S+\)?/g, '')
    .replace(/\s*\([^)]*\)\s*/g, ' ')
    .replace(/\s+#.*$/, '')
    .replace(/\s+/g, ' ')
    .replace(/[\s,;:.-]+$/, '')
    .trim();
  if (!name || /^(reserved|unassigned|none)$/i.test(name)) continue;
  names[m[1]] = name;
}
const out = {
  source: 'https://www.iana.org/assignments/enterprise-numbers/enterprise-numbers',
  via: `Debian libwireshark-data ${src}`,
  updated,
  names,
};
const dest = join(dirname(fileURLToPath(import.meta.url)), '..', 'catalog', 'enterprises.json');
writeFileSync(dest, `${JSON.stringify(out)}\n`);
console.log(`${Object.keys(names).length} enterprise numbers (registry of ${updated}) → ${dest}`);
