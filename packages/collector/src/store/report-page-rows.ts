// A page of report rows from the stored columns (REPORT_COLUMNS), with the two columns that come from other
// rows fetched for the whole page in one query each: the latest identity conflict of each asset (audit log)
// and the endpoint IP of each agent, which decides the site of the agent's other assets (sites.ts) unless
// its enrollment names one (site-ip.ts). As
// subqueries in the row's SELECT they ran once per row: most of a 100,000-row export's SQL time.
import { type Evidence, formatMac, type ListRef, loadCatalog, lookupOui, normMac } from '@coverscan/shared';
import type Database from 'better-sqlite3';
import { LAST_SEEN_JOIN, LAST_SEEN_SQL } from './last-seen';
import type { ReportRow } from './report-row';
import { reportWhy } from './report-why';
import { enrolledSiteSql } from './site-ip';
import { siteResolver } from './sites';

/** A report row's stored columns (reportPageRows() turns them into ReportRows) over REPORT_FROM. */
export const REPORT_COLUMNS = `a.id, a.ip, a.mac, a.hostname, a.kind, a.vendor, a.model, a.serial, a.verdict, a.entity,
         a.entity_name entityName, a.reason, a.lists, a.evidence, a.location, a.attached_to attachedTo,
         a.agent_id agentId, a.incomplete, f.id findingId, f.status findingStatus, f.status_why findingWhy,
         a.first_seen firstSeen, ${LAST_SEEN_SQL} lastSeen`;
/**
 * REPORT_COLUMNS read as arrays (a statement in raw mode: no object built per row by the driver, ~40 %
 * less time fetching a 100,000-row export) → rows. The names are checked against the statement's once;
 * columns after them (a list's sort key) are left to the caller, at their index in the array.
 */
export function rawRowReader(st: Database.Statement): (a: unknown[]) => RawReportRow {
  const names = st.columns().map((c) => c.name);
  const want = ['id', 'ip', 'mac', 'hostname', 'kind', 'vendor', 'model', 'serial', 'verdict', 'entity'];
  want.push('entityName', 'reason', 'lists', 'evidence', 'location', 'attachedTo', 'agentId', 'incomplete');
  want.push('findingId', 'findingStatus', 'findingWhy', 'firstSeen', 'lastSeen');
  if (names.slice(0, want.length).join() !== want.join())
    throw new Error(`report columns changed: ${names.join()}`);
  st.raw(true);
  return (a) =>
    ({
      id: a[0],
      ip: a[1],
      mac: a[2],
      hostname: a[3],
      kind: a[4],
      vendor: a[5],
      model: a[6],
      serial: a[7],
      verdict: a[8],
      entity: a[9],
      entityName: a[10],
      reason: a[11],
      lists: a[12],
      evidence: a[13],
      location: a[14],
      attachedTo: a[15],
      agentId: a[16],
      incomplete: a[17],
      findingId: a[18],
      findingStatus: a[19],
      findingWhy: a[20],
      firstSeen: a[21],
      lastSeen: a[22],
    }) as RawReportRow;
}
export const REPORT_FROM = `assets a LEFT JOIN findings f ON f.asset_id = a.id AND f.entity = a.entity AND f.active = 1
  ${LAST_SEEN_JOIN}`;

export type RawReportRow = Omit<
  ReportRow,
  'lists' | 'evidence' | 'incomplete' | 'stale' | 'why' | 'site' | 'identityConflict'
> & {
  lists: string;
  evidence: string;
  incomplete: string | null;
};

interface PageStatements {
  anySite: Database.Statement;
  conflicts: Database.Statement;
  endpoints: Database.Statement;
  enrolled: Database.Statement;
}
const prepared = new WeakMap<Database.Database, PageStatements>();

function statements(db: Database.Database): PageStatements {
  let s = prepared.get(db);
  if (!s) {
    s = {
      anySite: db.prepare('SELECT EXISTS (SELECT 1 FROM sites)').pluck(),
      // Ascending ids: the last one read for an asset is its latest.
      conflicts: db.prepare(
        `SELECT asset_id id, why FROM audit_log
         WHERE asset_id IN (SELECT value FROM json_each(?)) AND action = 'identity_conflict' ORDER BY id`,
      ),
      // The agent's latest endpoint last (ties: the highest id, as the index's descending scan had it).
      endpoints: db.prepare(
        `SELECT agent_id agentId, ip FROM assets
         WHERE agent_id IN (SELECT value FROM json_each(?)) AND kind = 'endpoint' ORDER BY last_seen, id`,
      ),
      // The site key each agent's enrollment names (site-ip.ts): it wins over any IP.
      enrolled: db.prepare(
        `SELECT g.id agentId, ${enrolledSiteSql('g.id')} siteKey FROM agents g
         WHERE g.id IN (SELECT value FROM json_each(?))`,
      ),
    };
    prepared.set(db, s);
  }
  return s;
}

/** What reportPageRows needs besides the rows: read once per request, not per page. */
export interface ReportContext {
  db: Database.Database;
  /** Whether any site is defined: with none, every row's site is null and no agent's IP needs reading. */
  sites: boolean;
  siteOf: (ip: string | null) => string | null;
  cat: ReturnType<typeof loadCatalog>;
  staleCut: string;
}

export function reportContext(db: Database.Database, staleCut: string): ReportContext {
  const sites = statements(db).anySite.get() === 1;
  return { db, sites, siteOf: siteResolver(db), cat: loadCatalog(), staleCut };
}

/** Per row of a page (same order): what comes from other rows. */
export interface RowExtras {
  site: string | null;
  identityConflict: string | null;
}

export function pageExtras(ctx: ReportContext, raw: RawReportRow[]): RowExtras[] {
  if (!raw.length) return [];
  const s = statements(ctx.db);
  const conflict = new Map<number, string | null>();
  for (const c of s.conflicts.all(JSON.stringify(raw.map((r) => r.id))) as {
    id: number;
    why: string | null;
  }[])
    conflict.set(c.id, c.why);
  // ~0.2 s of a 100,000-row export: an agent's endpoint is a random read in a large table.
  if (!ctx.sites) return raw.map((r) => ({ site: null, identityConflict: conflict.get(r.id) ?? null }));
  const agents = [...new Set(raw.flatMap((r) => (r.agentId && r.kind !== 'endpoint' ? [r.agentId] : [])))];
  const endpointIp = new Map<string, string | null>();
  if (agents.length)
    for (const e of s.endpoints.all(JSON.stringify(agents)) as { agentId: string; ip: string | null }[])
      endpointIp.set(e.agentId, e.ip);
  const enrolled = new Map<string, string | null>();
  const anyAgent = [...new Set(raw.flatMap((r) => (r.agentId ? [r.agentId] : [])))];
  if (anyAgent.length)
    for (const e of s.enrolled.all(JSON.stringify(anyAgent)) as { agentId: string; siteKey: string | null }[])
      enrolled.set(e.agentId, e.siteKey);
  return raw.map((r) => {
    // SITE_IP_SQL, in JS: the agent's enrollment's site; else an agent's assets are where the agent is (its
    // endpoint's IP, else their own IP).
    const siteIp =
      (r.agentId && enrolled.get(r.agentId)) ||
      (r.agentId && r.kind !== 'endpoint' ? (endpointIp.get(r.agentId) ?? r.ip) : r.ip);
    return { site: ctx.siteOf(siteIp), identityConflict: conflict.get(r.id) ?? null };
  });
}

/**
 * A page of report rows as read, before they are written out: what an export (web/asset-export.ts) turns
 * into JSON straight from the stored columns, or into rows. `next`: where the following page starts (null:
 * this was the last).
 */
export interface StoredPage<C> {
  ctx: ReportContext;
  raw: RawReportRow[];
  extras: RowExtras[];
  next: C | null;
}

export function reportPageRows(
  ctx: ReportContext,
  raw: RawReportRow[],
  extras = pageExtras(ctx, raw),
): ReportRow[] {
  return raw.map((r, i) => reportRow(r, extras[i], ctx));
}

/** The columns computed from the stored ones; lists and evidence are parsed only when needed. */
export interface DerivedColumns {
  mac: string | null;
  vendor: string | null;
  stale: boolean;
  why: string | null;
}

/** The report's MAC spelling (formatMac's): a stored MAC already so is reported as it is. */
const REPORT_MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/;

export function derivedColumns(
  r: RawReportRow,
  ctx: ReportContext,
  lists: () => ListRef[],
  evidence: () => Evidence[],
): DerivedColumns {
  let vendor = r.vendor?.trim() || null;
  if (!vendor && r.entityName) vendor = r.entityName;
  if (!vendor && r.evidence !== '[]')
    vendor = ctx.cat.entities.get(evidence()[0]?.entity ?? '')?.name ?? null;
  if (!vendor && r.mac) vendor = lookupOui(r.mac)?.registrant ?? null;
  // One MAC spelling in reports (aa:bb:cc:dd:ee:ff), whatever the source wrote. Most stored MACs are
  // spelled so already, and the regexes of normMac + formatMac were ~0.1 s of a 100,000-row export.
  const hex = r.mac && !REPORT_MAC.test(r.mac) ? normMac(r.mac) : null;
  return {
    mac: hex ? formatMac(hex) : r.mac,
    vendor,
    stale: r.lastSeen < ctx.staleCut,
    why:
      r.verdict === 'clear'
        ? null
        : reportWhy({
            verdict: r.verdict,
            entity: r.entity,
            evidence: evidence(),
            lists: lists(),
            reason: r.reason,
          }),
  };
}

/** A report row as stored → as reported: JSON columns parsed, the vendor named, one MAC spelling. */
function reportRow(r: RawReportRow, x: RowExtras, ctx: ReportContext): ReportRow {
  const lists = JSON.parse(r.lists) as ListRef[];
  const evidence = JSON.parse(r.evidence) as Evidence[];
  const d = derivedColumns(
    r,
    ctx,
    () => lists,
    () => evidence,
  );
  // Spelled out, in the order the JSON export has always had (report-row-json.ts writes the same), rather
  // than spread: one object shape.
  return {
    id: r.id,
    ip: r.ip,
    mac: d.mac,
    hostname: r.hostname,
    kind: r.kind,
    vendor: d.vendor,
    model: r.model,
    serial: r.serial,
    verdict: r.verdict,
    entity: r.entity,
    entityName: r.entityName,
    reason: r.reason,
    lists,
    evidence,
    location: r.location,
    attachedTo: r.attachedTo,
    agentId: r.agentId,
    incomplete: r.incomplete ? (JSON.parse(r.incomplete) as string[]) : [],
    findingId: r.findingId,
    identityConflict: x.identityConflict,
    findingStatus: r.findingStatus,
    findingWhy: r.findingWhy,
    firstSeen: r.firstSeen,
    lastSeen: r.lastSeen,
    stale: d.stale,
    why: d.why,
    site: x.site,
  };
}
