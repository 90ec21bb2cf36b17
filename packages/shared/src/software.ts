// Installed software: names, publishers, macOS bundle ids and package names.
import type { Catalog } from './catalog';
import type { Evidence, Observation } from './evidence';
import { normSoftwareField } from './normalize';
import { matchText } from './text';

export function matchSoftware(cat: Catalog, obs: Observation): Evidence[] {
  const sw = { name: obs.value, ...obs.software };
  const fields = ['name', 'publisher', 'bundleId', 'package'] as const;
  // Normalized once per field, and only fields the family prefilter admits are tried rule by rule.
  const norm: Partial<Record<(typeof fields)[number], string>> = {};
  for (const f of fields) {
    const v = sw[f];
    if (!v) continue;
    const n = normSoftwareField(f, v);
    if (cat.prefilter.software[f].test(n)) norm[f] = n;
  }
  const out: Evidence[] = [];
  for (const rule of cat.software) {
    const n = norm[rule.def.field];
    if (n === undefined || !rule.regex!.test(n)) continue;
    const v = sw[rule.def.field]!;
    out.push({
      source: obs.source,
      field: `${obs.field}.${rule.def.field}`,
      value: v,
      rule: `software ${rule.def.field} "${v}" matches ${rule.entity} pattern /${rule.def.pattern}/`,
      ruleId: rule.id,
      ruleSource: rule.sourceUrl,
      strength: rule.def.strength,
      entity: rule.entity,
      domain: 'software',
    });
  }
  // Names and publishers also go through the general text rules (brands, product names).
  for (const field of ['name', 'publisher'] as const) {
    const v = sw[field];
    if (v)
      out.push(
        ...matchText(cat, { ...obs, field: `${obs.field}.${field}`, value: v, textClass: 'software' }),
      );
  }
  // No duplicates to drop: each rule runs once per field, and matchText keeps one hit per rule.
  return out;
}
