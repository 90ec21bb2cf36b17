// Bounded table walks. The columns of one table are walked in lockstep with GETBULK (GETNEXT for
// v1): each request asks for every unfinished column, so a table costs round trips per row
// block, not per column. A walk stops at the end of each column, at noSuchObject/endOfMibView,
// at an OID that does not increase (broken agents loop forever otherwise), at maxRows, at the
// device's byte budget (byte-budget.ts), or when the agent stops answering (the device's deadline ends every request: see device-client.ts).
// tooBig halves the repetitions down to one.
import { isException, type VarValue } from './ber';
import type { ByteBudget } from './byte-budget';
import { keptRow } from './byte-budget';
import { type AgentClient, ERR } from './client';
import { compareOid, under } from './mib';

export interface WalkLimits {
  maxRows: number;
  /**
   * The device's deadline (performance.now()). Its client ends every request by then (see
   * device-client.ts), so a walk needs no check of its own; loops over many walks may stop early.
   */
  deadline: number;
  /** Varbinds per GETBULK the walk aims for (the agent's cost is per varbind). */
  maxVarbinds?: number;
  /** The device's memory budget, shared by all its walks: the walk that would go over stops. */
  bytes?: ByteBudget;
}

export interface WalkStats {
  requests: number;
  varbinds: number;
  nonIncreasing: number;
  tooBig: number;
  timeouts: number;
  truncated: number;
  /** Walks stopped by the device's byte budget. */
  overBudget: number;
}

export function newWalkStats(): WalkStats {
  return { requests: 0, varbinds: 0, nonIncreasing: 0, tooBig: 0, timeouts: 0, truncated: 0, overBudget: 0 };
}

/** Column OID → (row index → value). */
export type Table = Map<string, Map<string, VarValue>>;

export async function walkColumns(
  c: AgentClient,
  columns: string[],
  lim: WalkLimits,
  stats: WalkStats = newWalkStats(),
): Promise<Table> {
  const out: Table = new Map(columns.map((col) => [col, new Map<string, VarValue>()]));
  const cur = new Map(columns.map((col) => [col, col]));
  const budget = lim.maxVarbinds ?? 48;
  let reps = Math.max(1, Math.min(8, Math.floor(budget / columns.length)));
  while (cur.size) {
    const cols = [...cur.keys()];
    const asks = cols.map((col) => cur.get(col)!);
    // Never ask for more rows than the limit leaves: the agent pays for every varbind.
    const left = Math.max(1, ...cols.map((col) => lim.maxRows - out.get(col)!.size));
    reps = Math.min(reps, left);
    const r = c.version === 'v1' ? await c.getNext(asks) : await c.getBulk(asks, reps);
    stats.requests++;
    if (!r) {
      stats.timeouts++;
      break;
    }
    if (r.errorStatus === ERR.tooBig) {
      stats.tooBig++;
      if (reps > 1) {
        reps = Math.max(1, Math.floor(reps / 2));
        continue;
      }
      if (cols.length > 1) {
        // One row of every column is still too big: walk the columns one by one.
        for (const col of cols) {
          const t = await walkColumns(c, [col], lim, stats);
          for (const [k, v] of t.get(col) ?? []) out.get(col)!.set(k, v);
        }
      }
      break;
    }
    if (r.errorStatus !== 0) {
      // v1 noSuchName on GETNEXT means the end of the MIB; other errors end the walk too.
      if (c.version === 'v1' && r.errorStatus === ERR.noSuchName && cols.length > 1 && r.errorIndex >= 1) {
        cur.delete(cols[r.errorIndex - 1]);
        continue;
      }
      break;
    }
    stats.varbinds += r.varbinds.length;
    if (!r.varbinds.length) break;
    const n = cols.length;
    const done = new Set<string>();
    for (let i = 0; i < r.varbinds.length; i++) {
      const col = cols[i % n];
      if (done.has(col)) continue;
      const vb = r.varbinds[i];
      const prev = cur.get(col)!;
      if (isException(vb.value) && vb.value.type !== 'null') {
        done.add(col);
        continue;
      }
      if (!under(vb.oid, col)) {
        done.add(col);
        continue;
      }
      if (compareOid(vb.oid, prev) <= 0) {
        stats.nonIncreasing++;
        done.add(col);
        continue;
      }
      const rows = out.get(col)!;
      const index = vb.oid.slice(col.length + 1);
      const kept = keptRow(index, vb.value);
      if (lim.bytes && !lim.bytes.take(kept.bytes)) {
        // Over the device's budget: every column still being read is cut, and the walk ends.
        stats.overBudget++;
        for (const c of cur.keys()) lim.bytes.cut.add(c);
        return out;
      }
      rows.set(index, kept.value);
      cur.set(col, vb.oid);
      if (rows.size >= lim.maxRows) {
        stats.truncated++;
        done.add(col);
      }
    }
    // A response that advanced no column (e.g. every varbind was for an unfinished row) ends it.
    let advanced = false;
    for (const col of cols) {
      if (done.has(col)) cur.delete(col);
      else if (cur.get(col) !== asks[cols.indexOf(col)]) advanced = true;
    }
    if (!advanced) break;
    reps = Math.min(Math.max(1, Math.floor(budget / Math.max(1, cur.size))), reps * 2);
  }
  return out;
}
