// Sites: a name and the CIDR ranges that belong to it (`coverscan site`). An asset's site is the site of the
// most specific range that holds its IP; none: null. Ranges of two sites never overlap (refused on add), so
// "most specific" only decides between nested ranges of one site today; it stays right if that rule relaxes.
import type Database from 'better-sqlite3';
import ipaddr from 'ipaddr.js';
import { ENROLLED_PREFIX } from './site-ip';

export interface SiteRow {
  name: string;
  ranges: string[];
  createdAt: string;
}

/** A refused site change (bad CIDR, overlap, duplicate or unknown name): the message says what to do. */
export class SiteError extends Error {}

type Range = { site: string; cidr: string; net: ipaddr.IPv4 | ipaddr.IPv6; bits: number };

/** `10.1.2.3/24` → `10.1.2.0/24`; IPv4-mapped IPv6 ranges become IPv4. Throws SiteError when it is no CIDR. */
export function canonicalCidr(text: string): string {
  let parsed: [ipaddr.IPv4 | ipaddr.IPv6, number];
  try {
    parsed = ipaddr.parseCIDR(text.trim());
  } catch {
    throw new SiteError(`"${text}" is not a CIDR range (e.g. 10.20.0.0/16 or 2001:db8::/48)`);
  }
  let [addr, bits] = parsed;
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress() && bits >= 96) {
    addr = (addr as ipaddr.IPv6).toIPv4Address();
    bits -= 96;
  }
  const cidr = `${addr.toString()}/${bits}`;
  const net =
    addr.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(cidr)
      : ipaddr.IPv6.networkAddressFromCIDR(cidr);
  return `${net.toString()}/${bits}`;
}

function toRange(site: string, cidr: string): Range {
  const [net, bits] = ipaddr.parseCIDR(cidr);
  return { site, cidr, net, bits };
}

/** Whether two ranges share an address: CIDR blocks are either nested or apart. */
function overlaps(a: Range, b: Range): boolean {
  if (a.net.kind() !== b.net.kind()) return false;
  const wide = a.bits <= b.bits ? a : b;
  const narrow = wide === a ? b : a;
  return narrow.net.match(wide.net, wide.bits);
}

function allRanges(db: Database.Database): Range[] {
  const rows = db
    .prepare('SELECT s.name site, r.cidr FROM site_ranges r JOIN sites s ON s.id = r.site_id')
    .all() as { site: string; cidr: string }[];
  return rows.map((r) => toRange(r.site, r.cidr));
}

/** Adds a site; refuses a taken name, a bad CIDR, or a range that overlaps another site's. */
export function addSite(db: Database.Database, name: string, cidrs: string[], at: string): SiteRow {
  if (!name.trim()) throw new SiteError('a site needs a name');
  if (!cidrs.length) throw new SiteError(`site ${name} needs at least one CIDR range`);
  const ranges = [...new Set(cidrs.map(canonicalCidr))].map((c) => toRange(name, c));
  return db
    .transaction(() => {
      if (db.prepare('SELECT 1 FROM sites WHERE name = ?').get(name))
        throw new SiteError(`a site named ${name} exists already (coverscan site remove ${name} first)`);
      for (const other of allRanges(db))
        for (const r of ranges)
          if (overlaps(r, other))
            throw new SiteError(
              `${r.cidr} overlaps ${other.cidr} of site ${other.site}: a range belongs to one site`,
            );
      const id = db
        .prepare('INSERT INTO sites (name, created_at) VALUES (?, ?)')
        .run(name, at).lastInsertRowid;
      const insert = db.prepare('INSERT INTO site_ranges (cidr, site_id) VALUES (?, ?)');
      for (const r of ranges) insert.run(r.cidr, id);
      return { name, ranges: ranges.map((r) => r.cidr), createdAt: at };
    })
    .immediate();
}

export function listSites(db: Database.Database): SiteRow[] {
  const rows = db
    .prepare(
      `SELECT s.name, s.created_at createdAt, r.cidr FROM sites s LEFT JOIN site_ranges r ON r.site_id = s.id
       ORDER BY s.name, r.cidr`,
    )
    .all() as { name: string; createdAt: string; cidr: string | null }[];
  const out = new Map<string, SiteRow>();
  for (const r of rows) {
    const site = out.get(r.name) ?? { name: r.name, ranges: [], createdAt: r.createdAt };
    if (r.cidr) site.ranges.push(r.cidr);
    out.set(r.name, site);
  }
  return [...out.values()];
}

/** Removes a site and its ranges; its assets then have the site of another range, or none. */
export function removeSite(db: Database.Database, name: string): void {
  db.transaction(() => {
    const site = db.prepare('SELECT id FROM sites WHERE name = ?').get(name) as { id: number } | undefined;
    if (!site) throw new SiteError(unknownSite(db, name));
    const jobs = db.prepare('SELECT id FROM sweep_jobs WHERE site_id = ? ORDER BY id').all(site.id) as {
      id: number;
    }[];
    if (jobs.length)
      throw new SiteError(
        `site ${name} has sweep job(s) ${jobs.map((j) => `#${j.id}`).join(', ')}: remove them first (coverscan sweep-job remove ID)`,
      );
    const secrets = db
      .prepare('SELECT id FROM enroll_secrets WHERE site_id = ? AND revoked_at IS NULL ORDER BY id')
      .all(site.id) as { id: number }[];
    if (secrets.length)
      throw new SiteError(
        `enrollment secret(s) ${secrets.map((e) => `#${e.id}`).join(', ')} enroll agents for site ${name}: revoke them first (coverscan enroll revoke ID)`,
      );
    // Revoked secrets keep their history, without the site.
    db.prepare('UPDATE enroll_secrets SET site_id = NULL WHERE site_id = ?').run(site.id);
    db.prepare('DELETE FROM site_ranges WHERE site_id = ?').run(site.id);
    db.prepare('DELETE FROM sites WHERE id = ?').run(site.id);
  }).immediate();
}

/** "no site X", with the sites there are. */
export function unknownSite(db: Database.Database, name: string): string {
  const names = (db.prepare('SELECT name FROM sites ORDER BY name').all() as { name: string }[]).map(
    (r) => r.name,
  );
  return `no site named ${name}; ${names.length ? `sites: ${names.join(', ')}` : 'no site is defined (coverscan site add NAME CIDR...)'}`;
}

export function siteExists(db: Database.Database, name: string): boolean {
  return db.prepare('SELECT 1 FROM sites WHERE name = ?').get(name) !== undefined;
}

/**
 * The site of a site key (site-ip.ts): the site an enrollment names, or for an IP address the most specific
 * range that holds it (null: none, or no valid address).
 */
export function siteResolver(db: Database.Database): (key: string | null) => string | null {
  // Longest prefix first: the first match is the most specific.
  const ranges = allRanges(db).sort((a, b) => b.bits - a.bits);
  return (ip) => {
    if (ip?.startsWith(ENROLLED_PREFIX)) return ip.slice(ENROLLED_PREFIX.length);
    if (!ranges.length || !ip || !ipaddr.isValid(ip)) return null;
    const addr = ipaddr.process(ip); // IPv4-mapped IPv6 → IPv4
    for (const r of ranges) if (addr.kind() === r.net.kind() && addr.match(r.net, r.bits)) return r.site;
    return null;
  };
}
