// The assets list of the HTTP API: filters, a sort, and keyset ("cursor") pagination — each page is one
// indexed query that starts after the last row of the previous one, so page 1,000 costs what page 1 does
// and rows added meanwhile neither repeat nor vanish. Site and subnet are decided from IPs in SQL through
// two functions registered on the connection (an asset's site is computed, never stored: sites.ts).
import type { AssetsQuery } from '@coverscan/shared';
import type Database from 'better-sqlite3';
import ipaddr from 'ipaddr.js';
import { LAST_SEEN_JOIN, LAST_SEEN_SQL, SEEN_BY_AGENT_SQL } from './last-seen';
import { QueryError } from './query-error';
import {
  pageExtras,
  type RawReportRow,
  REPORT_COLUMNS,
  REPORT_FROM,
  rawRowReader,
  reportContext,
  reportPageRows,
  type StoredPage,
} from './report-page-rows';
import type { ReportRow } from './report-row';
import { SITE_IP_SQL } from './site-ip';
import { staleBefore } from './staleness';
import type { Store } from './store';

/** Each sort key's SQL; the indexes of migration 8 are on these very expressions. */
const SORT_SQL: Record<AssetsQuery['sort'], string> = {
  id: 'a.id',
  firstSeen: 'a.first_seen',
  lastSeen: LAST_SEEN_SQL,
  hostname: "ifnull(a.hostname, '')",
  ip: "ifnull(a.ip, '')",
  vendor: "ifnull(a.vendor, '')",
  verdict: "(CASE a.verdict WHEN 'covered' THEN 0 WHEN 'review' THEN 1 ELSE 2 END)",
};

/** What the site and subnet functions compare against, set before each query (queries are synchronous). */
interface IpFunctions {
  site: (ip: string | null) => string | null;
}
const registered = new WeakMap<Database.Database, IpFunctions>();

export function ipFunctions(db: Database.Database): IpFunctions {
  const had = registered.get(db);
  if (had) return had;
  const made: IpFunctions = { site: () => null };
  db.function('coverscan_site', { deterministic: false }, (ip: unknown) =>
    made.site(typeof ip === 'string' ? ip : null),
  );
  const nets = new Map<string, [ipaddr.IPv4 | ipaddr.IPv6, number]>();
  db.function('coverscan_in_subnet', { deterministic: true }, (ip: unknown, cidr: unknown) => {
    if (typeof ip !== 'string' || typeof cidr !== 'string' || !ipaddr.isValid(ip)) return 0;
    let net = nets.get(cidr);
    if (!net) {
      net = ipaddr.parseCIDR(cidr);
      nets.set(cidr, net);
    }
    const addr = ipaddr.process(ip);
    return addr.kind() === net[0].kind() && addr.match(net) ? 1 : 0;
  });
  registered.set(db, made);
  return made;
}

interface Cursor {
  key: string | number;
  id: number;
}

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.key, c.id])).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const [key, id] = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown[];
    if ((typeof key === 'string' || typeof key === 'number') && Number.isInteger(id))
      return { key, id: id as number };
  } catch {}
  throw new QueryError('cursor: not a cursor this API gave out (use the `next` of the previous page)');
}

/** The rows after `c` in the order `key, a.id` (`dir`), as a condition and its arguments: keyset paging. */
function afterCursor(key: string, c: Cursor, dir: 'ASC' | 'DESC'): [string, unknown[]] {
  const op = dir === 'DESC' ? '<' : '>';
  return key === 'a.id' ? [`a.id ${op} ?`, [c.id]] : [`(${key}, a.id) ${op} (?, ?)`, [c.key, c.id]];
}

/** LIKE pattern for "contains", with LIKE's own characters taken literally. */
function contains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function assetPage(store: Store, q: AssetsQuery): { items: ReportRow[]; next: string | null } {
  const p = storedAssetPage(store, q);
  return { items: reportPageRows(p.ctx, p.raw, p.extras), next: p.next };
}

/** assetPage's rows as read (the `next` cursor is the query's `cursor` for the following page). */
export function storedAssetPage(store: Store, q: AssetsQuery): StoredPage<string> {
  const db = store.db;
  const where: string[] = [];
  const args: unknown[] = [];
  if (q.verdict === 'flagged') where.push("a.verdict IN ('covered', 'review')");
  else if (q.verdict) where.push('a.verdict = ?') && args.push(q.verdict);
  if (q.entity) where.push('a.entity = ?') && args.push(q.entity);
  if (q.kind) where.push('a.kind = ?') && args.push(q.kind);
  if (q.list) {
    if (!store.judging.catalog.lists.some((l) => l.id === q.list))
      throw new QueryError(
        `list: no list ${q.list} in the catalog (${store.judging.catalog.lists.map((l) => l.id).join(', ')})`,
      );
    // instr() passes over most rows cheaply; json_each decides.
    where.push(
      "instr(a.lists, ?) > 0 AND EXISTS (SELECT 1 FROM json_each(a.lists) j WHERE json_extract(j.value, '$.id') = ?)",
    );
    args.push(JSON.stringify(q.list), q.list);
  }
  if (q.source) {
    where.push('EXISTS (SELECT 1 FROM observations o WHERE o.asset_id = a.id AND o.source = ?)');
    args.push(q.source);
  }
  // Seen since: for sort=lastSeen each of its two walks says it on its own key (lastSeenPage).
  const since = q.since ? new Date(q.since).toISOString() : null;
  if (since && q.sort !== 'lastSeen') where.push(`${LAST_SEEN_SQL} >= ?`) && args.push(since);
  if (q.q) {
    // Over assets_search alone (a covering scan: the table's rows carry their evidence JSON), one LIKE over
    // the fields joined (LIKE ignores ASCII case), or a MAC written with other separators than stored.
    const fields = ['s.hostname', 's.ip', 's.mac', 's.vendor', 's.model', 's.entity_name'];
    const parts = [`(${fields.map((f) => `ifnull(${f}, '')`).join(' || char(1) || ')}) LIKE ? ESCAPE '\\'`];
    args.push(contains(q.q));
    const hex = q.q.replace(/[:.-]/g, '').toLowerCase();
    if (/^[0-9a-f]{4,12}$/.test(hex)) {
      parts.push("replace(replace(replace(s.mac, ':', ''), '-', ''), '.', '') LIKE ?");
      args.push(`%${hex}%`);
    }
    where.push(`a.id IN (SELECT s.id FROM assets s INDEXED BY assets_search WHERE ${parts.join(' OR ')})`);
  }
  const fns = ipFunctions(db);
  const siteIp = `(${SITE_IP_SQL})`;
  if (q.site) {
    if (!db.prepare('SELECT 1 FROM sites WHERE name = ?').get(q.site))
      throw new QueryError(`site: no site named ${q.site}`);
    where.push(`coverscan_site(${siteIp}) = ?`);
    args.push(q.site);
  }
  if (q.subnet) {
    let cidr: string;
    try {
      const [net, bits] = ipaddr.parseCIDR(q.subnet);
      cidr = `${net.toString()}/${bits}`;
    } catch {
      throw new QueryError(`subnet: "${q.subnet}" is not a CIDR range (e.g. 10.20.0.0/16)`);
    }
    // An IPv4 range's whole octets are a text prefix: the IP index narrows to them before the exact test.
    const [net, bits] = ipaddr.parseCIDR(cidr);
    const octets = net.kind() === 'ipv4' ? Math.floor(bits / 8) : 0;
    if (octets > 0) {
      const prefix = `${net.toString().split('.').slice(0, octets).join('.')}.`;
      where.push("ifnull(a.ip, '') >= ? AND ifnull(a.ip, '') < ?");
      args.push(prefix, `${prefix.slice(0, -1)}/`);
    }
    where.push('coverscan_in_subnet(a.ip, ?) = 1');
    args.push(cidr);
  }
  const key = SORT_SQL[q.sort];
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  const dir = q.order === 'desc' ? 'DESC' : 'ASC';
  let pageSql: string;
  let pageArgs: unknown[];
  if (q.sort === 'lastSeen') [pageSql, pageArgs] = lastSeenPage(where, args, since, cursor, dir, q.limit + 1);
  else {
    if (cursor) {
      const [after, afterArgs] = afterCursor(key, cursor, dir);
      where.push(after);
      args.push(...afterArgs);
    }
    // The join is there for LAST_SEEN_SQL (a `since` filter); SQLite drops it when nothing reads it.
    pageSql = `SELECT a.id, ${key} sortKey FROM assets a ${LAST_SEEN_JOIN}
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${key === 'a.id' ? '' : `${key} ${dir}, `}a.id ${dir} LIMIT ?`;
    pageArgs = [...args, q.limit + 1];
  }
  // The page's ids first, filtered and sorted on the bare tables; only its rows get the report columns
  // (their subqueries per row would otherwise run for every asset the sort looks at).
  const sql = `WITH page AS (${pageSql})
    SELECT ${REPORT_COLUMNS}, p.sortKey FROM page p CROSS JOIN ${REPORT_FROM.replace(/^assets a/, 'assets a ON a.id = p.id')}
    ORDER BY ${key === 'a.id' ? '' : `p.sortKey ${dir}, `}p.id ${dir}`;
  const ctx = reportContext(db, staleBefore(store.settings));
  fns.site = ctx.siteOf;
  const { st, read } = pageStatement(db, sql);
  const got = st.all(...pageArgs) as unknown[][];
  const more = got.length > q.limit;
  const page = (more ? got.slice(0, q.limit) : got).map(read);
  const last = page[page.length - 1];
  return {
    ctx,
    raw: page,
    extras: pageExtras(ctx, page),
    // The sort key is the column after REPORT_COLUMNS (index 23).
    next:
      more && last ? encodeCursor({ key: got[q.limit - 1][SORT_KEY] as string | number, id: last.id }) : null,
  };
}

/**
 * The page's ids by last seen (LAST_SEEN_SQL), which no one index holds: an asset's own last_seen, unless it
 * is in its agent's current inventory and a later report saw it again, then the agent's last report. So two
 * walks, each on an index and each bounded by the page's size, merged: assets by last_seen (those the agents
 * clause leaves to their own time) and agents by last report with their current assets. `where`/`args`:
 * the other filters, over `a` (and `g`) in both.
 */
function lastSeenPage(
  where: string[],
  args: unknown[],
  since: string | null,
  cursor: Cursor | null,
  dir: 'ASC' | 'DESC',
  limit: number,
): [string, unknown[]] {
  const walk = (key: string, from: string, seen: string): [string, unknown[]] => {
    const w = [...where, seen];
    const a = [...args];
    if (since) w.push(`${key} >= ?`) && a.push(since);
    if (cursor) {
      const [after, afterArgs] = afterCursor(key, cursor, dir);
      w.push(after);
      a.push(...afterArgs);
    }
    return [
      `SELECT * FROM (SELECT a.id, ${key} sortKey FROM ${from} WHERE ${w.join(' AND ')}
        ORDER BY ${key} ${dir}, a.id ${dir} LIMIT ?)`,
      [...a, limit],
    ];
  };
  const [own, ownArgs] = walk('a.last_seen', `assets a ${LAST_SEEN_JOIN}`, `${SEEN_BY_AGENT_SQL} IS NOT 1`);
  // CROSS JOIN: agents drive, in their last report's order.
  const [byAgent, byAgentArgs] = walk(
    'g.last_report',
    'agents g CROSS JOIN assets a ON a.agent_id = g.id',
    `${SEEN_BY_AGENT_SQL} IS 1`,
  );
  return [
    `${own} UNION ALL ${byAgent} ORDER BY sortKey ${dir}, id ${dir} LIMIT ?`,
    [...ownArgs, ...byAgentArgs, limit],
  ];
}

/** Where p.sortKey is in a page's row read as an array: after the 23 REPORT_COLUMNS. */
const SORT_KEY = 23;
type PageStatement = { st: Database.Statement; read: (a: unknown[]) => RawReportRow };
/**
 * The list's statements by their SQL (one per combination of filters, sort and order: a bounded set), in raw
 * mode. Prepared per page before, they and the driver's row objects made the dashboard's full export
 * (/assets.json, 219 pages) cost ~0.45 s more than /api/report reading the same rows.
 */
const pageStatements = new WeakMap<Database.Database, Map<string, PageStatement>>();

function pageStatement(db: Database.Database, sql: string): PageStatement {
  let byDb = pageStatements.get(db);
  if (!byDb) {
    byDb = new Map();
    pageStatements.set(db, byDb);
  }
  let s = byDb.get(sql);
  if (!s) {
    const st = db.prepare(sql);
    s = { st, read: rawRowReader(st) };
    byDb.set(sql, s);
  }
  return s;
}
