// A rule family's prefilter: one regex that matches whenever any of the family's patterns might, so
// most strings (package names, descriptions) are turned away with one test instead of one per rule.
//
// Patterns bound a name by "no letter or digit on either side", written as lookarounds over Unicode
// classes. In one alternation V8 compiles each such lookbehind into its own large automaton: the
// 120-odd guarded text rules made the union's compilation peak at +52 MB of memory and take 0.5 s on
// first use (measured on the agent: BENCHMARKS.md "Agent", 2026-11-30). The prefilter leaves those
// guards out. Removing a zero-width assertion only widens what a pattern matches, so the prefilter
// still admits every string a rule matches; each rule keeps its guards and decides.
const WORD_GUARDS = [String.raw`(?<![\p{L}\p{N}])`, String.raw`(?![\p{L}\p{N}])`];

/** The union of `patterns` without their letter/digit guards; matches nothing when there are none. */
export function prefilterOf(patterns: string[]): RegExp {
  if (!patterns.length) return /$^/;
  const unguarded = patterns.map((p) => WORD_GUARDS.reduce((s, g) => s.replaceAll(g, ''), p));
  return new RegExp(unguarded.map((p) => `(?:${p})`).join('|'), 'u');
}
