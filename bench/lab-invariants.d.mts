// Types of lab-invariants.mjs (plain JavaScript, so `pnpm eval:lab` runs it with node alone).
export interface InvariantAsset {
  ip?: string | null;
  mac?: string | null;
  vendor: string | null;
  verdict: string;
  entity: string | null;
  evidence: { entity: string }[];
}
export function invariantViolations(
  assets: InvariantAsset[],
  classify: (names: string[]) => Map<string, string>,
): string[];
