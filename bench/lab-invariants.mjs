// The invariants of one path from observation to verdict, checked over a whole report (the shared
// lab's in `pnpm eval:lab`, generated observations and the sweep fixtures in the tests):
//   1. no asset named after a listed entity, subsidiary or brand is `clear` — "named after" meaning
//      what `coverscan check` says of the name the report shows;
//   2. every `covered`/`review` asset has at least one evidence item naming the entity it is judged as.
// `classify(names)` returns, for each vendor name, the verdict `check` gives it.

/**
 * @param {{ip?: string|null, mac?: string|null, vendor: string|null, verdict: string, entity: string|null, evidence: {entity: string}[]}[]} assets
 * @param {(names: string[]) => Map<string, string>} classify
 * @returns {string[]} one line per violation
 */
export function invariantViolations(assets, classify) {
  const names = [...new Set(assets.map((a) => a.vendor).filter((v) => v))];
  const verdictOf = classify(names);
  const out = [];
  for (const a of assets) {
    const who = a.ip ?? a.mac ?? '?';
    const named = a.vendor ? verdictOf.get(a.vendor) : undefined;
    if (a.verdict === 'clear' && named && named !== 'clear')
      out.push(`${who}: named "${a.vendor}" (${named} by check) but judged clear`);
    if (a.verdict !== 'clear' && !a.evidence.some((e) => e.entity === a.entity))
      out.push(`${who}: judged ${a.verdict} as ${a.entity} with no evidence naming it`);
  }
  return out;
}
