// GET /api/sweeps, /api/sweeps/:id: what the store keeps of each sweep (targets, settings, status, counters
// when it ended). A running sweep's progress is what it has stored so far: the assets it found new or
// changed (an observation row is written only then), counted live; its own counters arrive when it ends.
import { pageQuerySchema } from '@coverscan/shared';
import type { Store } from '../store/store';
import { HttpError } from './http-error';
import { sendJson } from './respond';
import { idParam, parseQuery, type WebApp } from './web-app';

export interface RawSweep {
  id: number;
  targets: string;
  settings: string;
  counters: string | null;
  status: string;
  startedAt: string;
  finishedAt: string | null;
}

export const SWEEP_COLUMNS = `id, targets, settings, counters, status, started_at startedAt, finished_at finishedAt`;

export function sweepRecord(store: Store, r: RawSweep) {
  const changed = (
    store.db.prepare('SELECT count(DISTINCT asset_id) n FROM observations WHERE sweep_id = ?').get(r.id) as {
      n: number;
    }
  ).n;
  return {
    ...r,
    targets: JSON.parse(r.targets) as string[],
    settings: JSON.parse(r.settings) as Record<string, unknown>,
    counters: r.counters ? (JSON.parse(r.counters) as Record<string, number>) : null,
    assetsChanged: changed,
  };
}

export function mountSweepsApi(app: WebApp, store: Store): void {
  app.route('GET', '/api/sweeps', 'user', ({ res, url }) => {
    const q = parseQuery(pageQuerySchema, url);
    if (q.cursor && !/^\d{1,15}$/.test(q.cursor))
      throw new HttpError(400, 'cursor: not a cursor this API gave out');
    const rows = store.db
      .prepare(
        `SELECT ${SWEEP_COLUMNS} FROM sweeps ${q.cursor ? 'WHERE id < ?' : ''} ORDER BY id DESC LIMIT ?`,
      )
      .all(...(q.cursor ? [Number(q.cursor)] : []), q.limit + 1) as RawSweep[];
    const page = rows.slice(0, q.limit);
    sendJson(res, 200, {
      items: page.map((r) => sweepRecord(store, r)),
      next: rows.length > q.limit ? String(page[page.length - 1].id) : null,
    });
  });
  app.route('GET', '/api/sweeps/:id', 'user', (ctx) => {
    const r = store.db.prepare(`SELECT ${SWEEP_COLUMNS} FROM sweeps WHERE id = ?`).get(idParam(ctx)) as
      | RawSweep
      | undefined;
    if (!r) throw new HttpError(404, `no sweep ${ctx.params.id}`);
    sendJson(ctx.res, 200, sweepRecord(store, r));
  });
}
