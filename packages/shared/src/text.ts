// Free text (vendor strings, descriptions, model names) against the catalog's text rules.
// Word-bounded patterns, and the longest match wins: "Huawei-3Com" is H3C's legacy name, not Huawei.

import type { Catalog, Rule } from './catalog';
import type { Strength } from './catalog-schema';
import type { Evidence, Observation } from './evidence';
import { normText } from './normalize';

interface Hit {
  rule: Rule<'text'>;
  start: number;
  end: number;
  text: string;
}

export function matchText(cat: Catalog, obs: Observation): Evidence[] {
  const text = normText(obs.value);
  if (!text || !cat.prefilter.text.test(text)) return [];
  const cls = obs.textClass ?? 'description';
  const hits: Hit[] = [];
  for (const rule of cat.text) {
    if (cls !== 'any' && rule.def.fields && !rule.def.fields.includes(cls)) continue;
    const re = rule.regex!;
    re.lastIndex = 0;
    const head = rule.def.head ?? Number.POSITIVE_INFINITY;
    for (let m = re.exec(text); m && m.index < head; m = re.exec(text)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      hits.push({ rule, start: m.index, end: m.index + m[0].length, text: m[0] });
    }
  }
  const kept = hits.filter(
    (h) =>
      !hits.some(
        (o) =>
          o.rule.entity !== h.rule.entity &&
          o.start <= h.start &&
          o.end >= h.end &&
          o.end - o.start > h.end - h.start,
      ),
  );
  // In the order the text names them: the first maker a description names is the one it is about.
  kept.sort((a, b) => a.start - b.start);
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const h of kept) {
    if (seen.has(h.rule.id)) continue;
    seen.add(h.rule.id);
    // A mention in free text (a location, a contact, a hostname) is only a hint.
    const strength: Strength = cls === 'freetext' ? 'weak' : h.rule.def.strength;
    out.push({
      source: obs.source,
      field: obs.field,
      value: obs.value,
      rule: `text "${h.text}" matches ${h.rule.entity} pattern /${h.rule.def.pattern}/`,
      ruleId: h.rule.id,
      ruleSource: h.rule.sourceUrl,
      strength,
      entity: h.rule.entity,
      domain: obs.kind === 'software' ? 'software' : 'hardware',
    });
  }
  return out;
}
