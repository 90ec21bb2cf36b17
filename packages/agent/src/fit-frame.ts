// A report bigger than the collector's frame limit is refused whole, every time, and would block the
// spool behind it (a machine with 19,500 packages makes a 4.3 MB report, under the package cap).
// Before it is sent, the largest lists are cut, in proportion to the excess, until it fits; what was
// cut is said in the report's errors[] (the collector's user sees it) and returned for the log.
import type { Inventory, SweepReport } from '@coverscan/shared';

/** Bytes kept free for the note that says what was cut. */
const NOTE_ROOM = 4096;

export interface SpooledMessage {
  type: 'report';
  reportId: string;
  inventory: Inventory;
}

/** The report as it fits in `maxBytes`, and what was cut ("software: 19500 → 17012"); null if it cannot. */
export function fitFrame(
  report: SpooledMessage,
  maxBytes: number,
): { text: string; trimmed: string[] } | null {
  const inv = structuredClone(report.inventory) as Inventory & Record<string, unknown>;
  const frame = () => JSON.stringify({ ...report, inventory: inv });
  const room = maxBytes - NOTE_ROOM;
  let bytes = Buffer.byteLength(frame());
  const from = new Map<string, number>();
  for (let pass = 0; pass < 32 && bytes > room; pass++) {
    let key: string | null = null;
    let most = 0;
    for (const [k, v] of Object.entries(inv)) {
      if (k === 'errors' || !Array.isArray(v) || !v.length) continue;
      const n = Buffer.byteLength(JSON.stringify(v));
      if (n > most) [key, most] = [k, n];
    }
    if (!key) return null;
    const list = inv[key] as unknown[];
    if (!from.has(key)) from.set(key, list.length);
    // Keep the share of the list that fits, and one entry less so a pass always shortens it.
    list.length = Math.max(0, Math.floor(list.length * (1 - (bytes - room) / most)) - 1);
    bytes = Buffer.byteLength(frame());
  }
  if (bytes > room) return null;
  const trimmed = [...from].map(([k, n]) => `${k}: ${n} → ${(inv[k] as unknown[]).length}`);
  inv.errors = [
    ...inv.errors.slice(0, 63),
    {
      collector: 'frame-limit',
      message:
        `report over the collector's ${maxBytes}-byte frame limit; lists cut to fit (${trimmed.join(', ')})`.slice(
          0,
          2048,
        ),
      timedOut: false,
    },
  ];
  return { text: frame(), trimmed };
}

/** The spooled text as a report of this id, or why it is not one (empty, truncated, something else). */
export function readSpooled(text: string, reportId: string): SpooledMessage | SweepReport | string {
  if (!text.trim()) return 'empty file';
  let m: Partial<SpooledMessage> | Partial<SweepReport>;
  try {
    m = JSON.parse(text) as Partial<SpooledMessage> | Partial<SweepReport>;
  } catch {
    return 'truncated or not JSON';
  }
  // A sweeper's results (sweeper.ts) wait in the same spool as inventories.
  if (m?.type === 'sweep_report' && m.reportId === reportId && Array.isArray(m.assets))
    return m as SweepReport;
  if (m?.type !== 'report' || m.reportId !== reportId || typeof m.inventory !== 'object' || !m.inventory)
    return 'not a report of this agent';
  return m as SpooledMessage;
}
