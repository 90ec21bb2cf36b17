// For the commands that judge outside `serve` (sweep, catalog update, catalog rejudge): apply the
// catalog and policy, and re-judge every stored verdict that is due, saying so on stderr. When a
// collector serves the same database, it does the re-judging (see store/serving.ts); `wait` follows it.
import type { PolicyId } from '@coverscan/shared';
import { commandLine } from './invocation';
import { sleepSync } from './sleep-sync';
import { Rejudger } from './store/rejudge';
import { liveServer } from './store/serving';
import type { Store } from './store/store';

export interface JudgeDueResult {
  judged: number;
  changed: number;
  /** Re-judged by the running collector rather than by this command. */
  byCollector: boolean;
}

export function judgeDue(
  store: Store,
  policy?: PolicyId,
  o: { wait?: boolean; out?: NodeJS.WritableStream } = {},
): JudgeDueResult {
  const out = o.out ?? process.stderr;
  const j = store.useJudging(policy);
  const r = new Rejudger(store);
  const due = r.due();
  if (!due) return { judged: 0, changed: 0, byCollector: false };
  const since = new Date().toISOString();
  const hint = (changed: number) =>
    changed
      ? ` (${commandLine('coverscan', 'report', '--changed-since', since, '--db', store.db.name)})`
      : '';
  const server = liveServer(store.settings);
  if (server) {
    out.write(
      `the collector serving this database (pid ${server.pid}) re-judges ${due} stored assets with catalog ${j.version}, policy ${j.policyId}\n`,
    );
    if (!o.wait) return { judged: 0, changed: 0, byCollector: true };
    const t0 = performance.now();
    let left = due;
    let shown = t0;
    // It notices within seconds; if it stops meanwhile, the rest is done here.
    while (left && liveServer(store.settings)) {
      sleepSync(2000);
      left = r.due();
      if (performance.now() - shown < 10_000) continue;
      shown = performance.now();
      out.write(`  ${due - left} of ${due} re-judged\n`);
    }
    if (!left) {
      const changed = store.verdictChangesRecordedSince(since);
      out.write(
        `re-judged ${due} assets in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${changed} verdict(s) changed${hint(changed)}\n`,
      );
      return { judged: due, changed, byCollector: true };
    }
  }
  out.write(`re-judging ${due} stored assets with catalog ${j.version}, policy ${j.policyId}\n`);
  let shown = performance.now();
  const t = r.runAll((p) => {
    if (performance.now() - shown < 10_000) return;
    shown = performance.now();
    out.write(`  ${p.judged} of ${due} re-judged, ${p.changed} changed\n`);
  });
  out.write(
    `re-judged ${t.judged} assets in ${(t.ms / 1000).toFixed(1)} s (longest transaction ${t.maxStepMs.toFixed(0)} ms): ${t.changed} verdict(s) changed${hint(t.changed)}\n`,
  );
  return { judged: t.judged, changed: t.changed, byCollector: false };
}
