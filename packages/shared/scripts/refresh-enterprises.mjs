#!/usr/bin/env node
// Regenerates catalog/enterprises.json (IANA Private Enterprise Numbers → organization name) from
// the registry as Wireshark ships it (Debian package libwireshark-data:
// /usr/share/wireshark/enterprises.tsv, itself generated from
// https://www.iana.org/assignments/enterprise-numbers/enterprise-numbers).
//   node packages/shared/scripts/refresh-enterprises.mjs [/usr/share/wireshark/enterprises.tsv]
// Trimmed: names only (no contacts), URLs and parenthesized remarks dropped, whitespace collapsed.
// Stored as one TSV string (number TAB name per line), not an object: a 62,000-key object literal
// costs every command a noticeable startup compile; a string is parsed only when a name is needed.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const src = process.argv[2] ?? '/usr/share/wireshark/enterprises.tsv';
const text = readFileSync(src, 'utf8');
const updated = /last updated (\d{4}-\d{2}-\d{2})/.exec(text)?.[1] ?? null;
const lines = [];
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
  lines.push(`${m[1]}\t${name}`);
}
const out = {
  source: 'https://www.iana.org/assignments/enterprise-numbers/enterprise-numbers',
  via: `Debian libwireshark-data ${src}`,
  updated,
  tsv: lines.join('\n'),
};
const dest = join(dirname(fileURLToPath(import.meta.url)), '..', 'catalog', 'enterprises.json');
writeFileSync(dest, `${JSON.stringify(out)}\n`);
console.log(`${lines.length} enterprise numbers (registry of ${updated}) → ${dest}`);
