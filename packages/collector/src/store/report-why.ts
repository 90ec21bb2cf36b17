// The report's "why" column: for a flagged asset, the strongest evidence for the verdict's entity
// (what matched, where) and the lists it falls under, so the command line explains itself; the full
// evidence stays in `--format json`.
import { strengthRank } from '@coverscan/shared';
import type { ReportRow } from './report-row';

const MAX_VALUE = 40;

export function reportWhy(
  r: Pick<ReportRow, 'verdict' | 'entity' | 'evidence' | 'lists' | 'reason'>,
): string | null {
  if (r.verdict === 'clear') return null;
  const candidates = r.evidence.filter((e) => !r.entity || e.entity === r.entity);
  const best = [...(candidates.length ? candidates : r.evidence)].sort(
    (a, b) => strengthRank[b.strength] - strengthRank[a.strength],
  )[0];
  const value =
    best && best.value.length > MAX_VALUE ? `${best.value.slice(0, MAX_VALUE - 1)}…` : best?.value;
  const what = best ? `${best.field} "${value}" [${best.strength}]` : (r.reason ?? 'no evidence kept');
  const lists = [...new Set(r.lists.map((l) => (l.status === 'proposed' ? `${l.name} (proposed)` : l.name)))];
  return lists.length
    ? `${what}; ${lists.join('; ')}`
    : r.verdict === 'review' && r.reason
      ? `${what}; ${r.reason}`
      : what;
}
