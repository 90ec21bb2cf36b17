// GET /api/assets (filters, sort, cursor), /api/assets/:id (evidence, observations, sightings, findings),
// /api/where?mac=|ip= (every switch port it was seen on, latest first).
import { assetsQuerySchema, formatMac, normMac, whereQuerySchema } from '@coverscan/shared';
import { assetDetail } from '../store/asset-detail';
import { assetPage } from '../store/asset-list';
import { QueryError } from '../store/query-error';
import { sightingsOf } from '../store/sightings';
import type { Store } from '../store/store';
import { HttpError } from './http-error';
import { sendJson } from './respond';
import { idParam, parseQuery, type WebApp } from './web-app';

/** A store query's QueryError is the client's mistake: 400 with its message. */
export function asBadRequest<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof QueryError) throw new HttpError(400, e.message);
    throw e;
  }
}

export function mountAssetsApi(app: WebApp, store: Store): void {
  app.route('GET', '/api/assets', 'user', ({ res, url }) => {
    const q = parseQuery(assetsQuerySchema, url);
    sendJson(
      res,
      200,
      asBadRequest(() => assetPage(store, q)),
    );
  });

  app.route('GET', '/api/assets/:id', 'user', (ctx) => {
    const detail = assetDetail(store, idParam(ctx));
    if (!detail) throw new HttpError(404, `no asset ${ctx.params.id}`);
    sendJson(ctx.res, 200, detail);
  });

  app.route('GET', '/api/where', 'user', ({ res, url }) => {
    const q = parseQuery(whereQuerySchema, url);
    let ids: number[];
    if (q.mac) {
      const hex = normMac(q.mac);
      if (!hex) throw new HttpError(400, `mac: "${q.mac}" is not a MAC address`);
      const mac = formatMac(hex);
      ids = (
        store.db
          .prepare(
            `SELECT asset_id id FROM identities WHERE type = 'mac' AND value = ?
             UNION SELECT id FROM assets WHERE mac = ? OR mac = ?`,
          )
          .all(mac, mac, hex) as { id: number }[]
      ).map((r) => r.id);
    } else {
      ids = (
        store.db
          .prepare(
            `SELECT asset_id id FROM identities WHERE type = 'ip' AND value = ? UNION SELECT id FROM assets WHERE ip = ?`,
          )
          .all(q.ip, q.ip) as { id: number }[]
      ).map((r) => r.id);
    }
    const assets = ids.length
      ? store.db
          .prepare(
            `SELECT id, kind, hostname, ip, mac, vendor, verdict, entity, location, first_seen firstSeen, last_seen lastSeen
             FROM assets WHERE id IN (${ids.map(() => '?').join(',')}) ORDER BY last_seen DESC`,
          )
          .all(...ids)
      : [];
    sendJson(res, 200, {
      query: q.mac ? { mac: q.mac } : { ip: q.ip },
      assets,
      sightings: sightingsOf(store.db, ids),
    });
  });
}
