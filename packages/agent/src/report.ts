// Turning a fresh inventory into a spooled report message.
import { randomUUID } from 'node:crypto';
import type { Inventory } from '@coverscan/shared';
import { fitInventory } from './fit-inventory';
import type { Spool } from './spool';

export function spoolInventory(spool: Spool, inv: Inventory): string {
  const reportId = randomUUID();
  spool.add(reportId, JSON.stringify({ type: 'report', reportId, inventory: fitInventory(inv) }));
  return reportId;
}
