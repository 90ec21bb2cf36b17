// The devices a sweep could not read whole (migration 4): what an inquiry did not look at.
import type Database from 'better-sqlite3';
import { SITE_IP_SQL } from './site-ip';
import { siteResolver } from './sites';

export interface IncompleteAsset {
  id: number;
  ip: string | null;
  hostname: string | null;
  vendor: string | null;
  model: string | null;
  verdict: string;
  /** The parts not read, e.g. ["entity", "neighbors:fdb"]. */
  parts: string[];
  site: string | null;
}

export function incompleteAssets(db: Database.Database, site?: string): IncompleteAsset[] {
  const siteOf = siteResolver(db);
  const rows = db
    .prepare(
      `SELECT a.id, a.ip, a.hostname, a.vendor, a.model, a.verdict, a.incomplete, ${SITE_IP_SQL} siteIp
       FROM assets a WHERE a.incomplete IS NOT NULL ORDER BY a.id`,
    )
    .all() as (Omit<IncompleteAsset, 'parts' | 'site'> & { incomplete: string; siteIp: string | null })[];
  return rows.flatMap(({ incomplete, siteIp, ...r }) => {
    const at = siteOf(siteIp);
    return site === undefined || at === site
      ? [{ ...r, parts: JSON.parse(incomplete) as string[], site: at }]
      : [];
  });
}
