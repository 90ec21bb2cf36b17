// Judging an inventory on the workstation itself, with the same shared core the collector uses:
// inventory → asset drafts → evidence → verdict. No collector needed.
import {
  type AssetDraft,
  assetVendor,
  type Inventory,
  identify,
  inventoryToAssets,
  judge,
  type Verdict,
} from '@coverscan/shared';

export interface JudgedAsset {
  asset: AssetDraft;
  verdict: Verdict;
}

const order = { covered: 0, review: 1, clear: 2 } as const;

/** Every asset of the inventory with its verdict, covered first, then review, then clear. */
export function judgeInventory(inv: Inventory, agentId = 'local'): JudgedAsset[] {
  return inventoryToAssets(inv, agentId)
    .map((asset) => {
      const verdict = judge(identify(asset.observations));
      // Named from the same evidence as the verdict, as the collector does.
      return { asset: { ...asset, vendor: assetVendor(verdict, asset.observations, asset.vendor) }, verdict };
    })
    .sort((a, b) => order[a.verdict.verdict] - order[b.verdict.verdict]);
}
