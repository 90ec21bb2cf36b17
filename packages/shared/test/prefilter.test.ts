// The prefilters turn most strings away before any rule runs, so a string a prefilter wrongly rejects
// is a maker silently missed. They leave out the rules' letter/digit guards (prefilter.ts says why):
// this checks, over every shipped text and software rule, that each still admits what its rules match.
import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../src/catalog';
import { normSoftwareField, normText } from '../src/normalize';
import { prefilterOf } from '../src/prefilter';

const cat = loadCatalog();
const GUARD = String.raw`(?<![\p{L}\p{N}])`;

/** The plain words a pattern names (`(?:cisco|ironport)` → cisco, ironport), for building real text. */
function wordsOf(pattern: string): string[] {
  return pattern
    .replaceAll(GUARD, '')
    .replaceAll(String.raw`(?![\p{L}\p{N}])`, '')
    .replaceAll(String.raw`\b`, '')
    .replace(/^\^|\$$/g, '')
    .split(/[|()]/)
    .map((w) => w.replace(/^\?:/, '').replaceAll(String.raw`\.`, '.'))
    .filter((w) => w.length > 1 && !/[\\[\]{}*+?^$]/.test(w));
}

// Each word as a device or a package would show it: alone, inside a description, glued to a letter
// or digit (which the guarded rules reject and the prefilter may admit), in upper case.
const contexts = (w: string) => [
  w,
  `${w} 5.2.1`,
  `Managed by ${w} software`,
  `${w}-pro`,
  `x${w}`,
  `${w}9`,
  `é${w}`,
  `${w}ñ`,
  `(${w})`,
  w.toUpperCase(),
];

// Each text rule with the prefilter of its family: the makers' and the product lines'.
const textRules = [
  ...cat.text.map((r) => ({ re: r.regex!, pattern: r.def.pattern, prefilter: cat.prefilter.text })),
  ...cat.categories.text.map((c) => ({
    re: c.re,
    pattern: c.match.pattern,
    prefilter: cat.categories.prefilter.text,
  })),
];
const corpus = [
  ...new Set([
    ...[...cat.entities.values()].flatMap((e) => [e.name, e.short ?? '']),
    ...textRules.flatMap((r) => wordsOf(r.pattern)).flatMap(contexts),
  ]),
]
  .map(normText)
  .filter(Boolean);

const matches = (re: RegExp, s: string) => {
  re.lastIndex = 0;
  return re.test(s);
};

describe('rule-family prefilters', () => {
  it('the text prefilter admits every string a text rule (maker or product line) matches', () => {
    const guarded = textRules.filter((r) => r.pattern.includes(GUARD));
    const hit = new Set<string>();
    for (const s of corpus)
      for (const r of textRules)
        if (matches(r.re, s)) {
          hit.add(r.pattern);
          expect(r.prefilter.test(s), s).toBe(true);
        }
    // Not vacuous: the corpus reaches every guarded rule, the ones the prefilter differs from.
    expect(guarded.length).toBeGreaterThan(50);
    expect(guarded.filter((r) => !hit.has(r.pattern)).map((r) => r.pattern)).toEqual([]);
  });

  it('each software prefilter admits every value its field’s rules match', () => {
    for (const rule of cat.software) {
      const values = wordsOf(rule.def.pattern)
        .flatMap(contexts)
        .map((v) => normSoftwareField(rule.def.field, v));
      for (const v of values)
        if (matches(rule.regex!, v)) expect(cat.prefilter.software[rule.def.field].test(v), v).toBe(true);
    }
  });

  it('leaves out only the guards: a guarded word inside another word still reaches the rules', () => {
    const re = prefilterOf([String.raw`(?<![\p{L}\p{N}])(?:cisco)(?![\p{L}\p{N}])`, String.raw`\bzte\b`]);
    expect(['cisco ios', 'xcisco', 'zte corporation'].map((s) => re.test(s))).toEqual([true, true, true]);
    expect(['zter', 'juniper', ''].map((s) => re.test(s))).toEqual([false, false, false]);
    expect(prefilterOf([]).test('huawei')).toBe(false);
  });
});
