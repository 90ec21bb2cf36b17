// The findings worklist of the API: filtered, newest first, keyset-paginated by id.
import type { FindingsQuery } from '@coverscan/shared';
import { FINDING_COLUMNS, type FindingRecord, findingRecord } from './asset-detail';
import { ipFunctions } from './asset-list';
import { QueryError } from './query-error';
import { SITE_IP_SQL } from './site-ip';
import { siteExists, siteResolver } from './sites';
import type { Store } from './store';

export interface FindingListItem extends Omit<FindingRecord, 'history'> {
  asset: { id: number; kind: string; hostname: string | null; ip: string | null; mac: string | null };
}

export function findingPage(
  store: Store,
  q: FindingsQuery,
): { items: FindingListItem[]; next: string | null } {
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.status) where.push('f.status = ?') && args.push(q.status);
  if (q.verdict) where.push('f.verdict = ?') && args.push(q.verdict);
  if (q.entity) where.push('f.entity = ?') && args.push(q.entity);
  if (q.inactive === 'false') where.push('f.active = 1');
  if (q.site) {
    if (!siteExists(store.db, q.site)) throw new QueryError(`site: no site named ${q.site}`);
    ipFunctions(store.db).site = siteResolver(store.db);
    where.push(`coverscan_site(${SITE_IP_SQL}) = ?`);
    args.push(q.site);
  }
  if (q.cursor) {
    if (!/^[0-9a-z]{1,11}$/.test(q.cursor)) throw new QueryError('cursor: not a cursor this API gave out');
    where.push('f.id < ?');
    args.push(Number.parseInt(q.cursor, 36));
  }
  const rows = store.db
    .prepare(
      `SELECT ${FINDING_COLUMNS}, a.id assetId, a.kind, a.hostname, a.ip, a.mac FROM findings f
       JOIN assets a ON a.id = f.asset_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY f.id DESC LIMIT ?`,
    )
    .all(...args, q.limit + 1) as (Parameters<typeof findingRecord>[1] & {
    assetId: number;
    kind: string;
    hostname: string | null;
    ip: string | null;
    mac: string | null;
  })[];
  const more = rows.length > q.limit;
  const items = rows.slice(0, q.limit).map(({ assetId, kind, hostname, ip, mac, ...f }) => {
    const { history: _, ...rec } = findingRecord(store, f, false);
    return { ...rec, asset: { id: assetId, kind, hostname, ip, mac } };
  });
  // The cursor is the last id in base 36: short, and checked by the shared schema's pattern.
  return { items, next: more ? items[items.length - 1].id.toString(36) : null };
}
