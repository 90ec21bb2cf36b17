// How far a sweep is and when it should end, as sweepers report it (the collector shows it while a job
// runs): the probing rate so far, applied to the addresses left. Identification after the last probe
// is not counted: it is bounded by the per-device budget, and a guess at it would only mislead.
import type { SweepProgress } from './run';

export interface ProgressReport extends SweepProgress {
  /** Seconds until every address has been probed; null until something has been. */
  etaSec: number | null;
}

export function withEta(p: SweepProgress, elapsedMs: number): ProgressReport {
  const left = p.total - p.probed;
  return {
    ...p,
    etaSec: p.probed > 0 ? Math.round(((elapsedMs / p.probed) * left) / 1000) : null,
  };
}
