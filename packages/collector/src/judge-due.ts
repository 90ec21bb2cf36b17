// For the commands that judge outside `serve` (sweep, catalog update, catalog rejudge): apply the
// catalog and policy, and re-judge every stored verdict that is due, saying so on stderr.
import type { PolicyId } from '@coverscan/shared';
import { Rejudger, type RejudgeTotals } from './store/rejudge';
import type { Store } from './store/store';

export function judgeDue(
  store: Store,
  policy?: PolicyId,
  out: NodeJS.WritableStream = process.stderr,
): RejudgeTotals {
  const j = store.useJudging(policy);
  const r = new Rejudger(store);
  const due = r.due();
  if (!due) return { judged: 0, changed: 0, ms: 0, maxStepMs: 0 };
  const since = new Date().toISOString();
  out.write(`re-judging ${due} stored assets with catalog ${j.version}, policy ${j.policyId}\n`);
  let shown = performance.now();
  const t = r.runAll((p) => {
    if (performance.now() - shown < 2000) return;
    shown = performance.now();
    out.write(`  ${p.judged} of ${due} re-judged, ${p.changed} changed\n`);
  });
  out.write(
    `re-judged ${t.judged} assets in ${(t.ms / 1000).toFixed(1)} s: ${t.changed} verdict(s) changed` +
      (t.changed ? ` (coverscan report --changed-since ${since} --db ${store.db.name})` : '') +
      '\n',
  );
  return t;
}
