// Turning a fresh inventory into a spooled report message.
import { randomUUID } from 'node:crypto';
import { dirname } from 'node:path';
import type { Inventory } from '@coverscan/shared';
import { fitInventory } from './fit-inventory';
import { rememberPrograms } from './program-memory';
import type { Spool } from './spool';

export function spoolInventory(spool: Spool, inv: Inventory): string {
  const reportId = randomUUID();
  // The spool lives in the state directory, beside the programs remembered from earlier inventories.
  const full = rememberPrograms(dirname(spool.dir), inv);
  spool.add(reportId, JSON.stringify({ type: 'report', reportId, inventory: fitInventory(full) }));
  return reportId;
}
