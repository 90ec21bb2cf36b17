// A sweep's result into the store, whoever swept (`coverscan sweep`, a job on the collector, a sweeper
// agent's delivery): through the ingest path, in short transactions so a collector serving the same
// file keeps committing reports in between, then the sweeps row closed with its counters.
import type { AssetDraft } from '@coverscan/shared';
import type { Store, SweepStatus } from './store/store';

export function storeSweepResult(
  store: Store,
  sweepId: number,
  drafts: AssetDraft[],
  counters: Record<string, number>,
  status: SweepStatus,
): Record<string, number> {
  const ing = store.ingestAssetsInSteps(drafts, { source: 'sweep', sweepId });
  const c = { ...counters, assetsStored: ing.assets, findings: ing.findings };
  store.finishSweep(sweepId, c, status);
  return c;
}
