// A digest of what an inventory says, leaving out when and how fast it was collected: two reports with
// the same digest describe the same machine state, so the second rewrites nothing.
import { createHash } from 'node:crypto';

export function inventoryHash(inventory: unknown): string {
  const { collectedAt: _c, durationMs: _d, ...rest } = inventory as Record<string, unknown>;
  return createHash('sha256').update(JSON.stringify(rest)).digest('base64url');
}
