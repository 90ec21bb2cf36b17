// Which catalog and policy the collector judges with, kept in its database (migration 3):
// - the catalog: the one shipped with this program, or one installed with `coverscan catalog update FILE`
//   when that is newer, file by file, than the shipped one (so upgrading the program past an installed
//   catalog makes the program's own catalog current again). An installed bundle is kept in the database,
//   beside the verdicts computed from it: a backup or a copy of the file carries both.
// - the policy (default, in-force, all): a collector setting, changed with --policy on the commands
//   that judge; every stored verdict is judged under it.
// Each asset records the catalog and policy of its verdict; any other pair makes it due for re-judging.
import {
  type Catalog,
  type CatalogData,
  CatalogError,
  policy as makePolicy,
  type Policy,
  type PolicyId,
  policyIds,
  useCatalog,
} from '@coverscan/shared';
import type Database from 'better-sqlite3';
import { compareVersions, type LoadedCatalog, loadCatalogData, shippedLoaded } from '../catalog/bundle';
import { compressPayload, decompressPayload, type PayloadCodec } from './payload-codec';

export interface Judging {
  /** Row id in `catalogs`. */
  catalogId: number;
  version: string;
  digest: string;
  catalog: Catalog;
  origin: 'shipped' | 'installed';
  data: CatalogData;
  policyId: PolicyId;
  policy: Policy;
}

export interface CatalogRow {
  id: number;
  version: string;
  digest: string;
  origin: 'shipped' | 'installed';
  recordedAt: string;
}

export const DEFAULT_POLICY: PolicyId = 'default';

export function parsePolicy(s: string): PolicyId {
  if (!(policyIds as readonly string[]).includes(s))
    throw new Error(`unknown policy "${s}" (choose ${policyIds.join(', ')})`);
  return s as PolicyId;
}

/** Installed catalogs already validated in this process, by digest. */
const built = new Map<string, LoadedCatalog>();

export class JudgingSettings {
  private readonly s;

  constructor(db: Database.Database) {
    const p = (sql: string) => db.prepare(sql);
    this.s = {
      get: p('SELECT value FROM settings WHERE key = ?').pluck(),
      del: p('DELETE FROM settings WHERE key = ?'),
      set: p(
        'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
      ),
      both: p("SELECT key, value FROM settings WHERE key IN ('catalog', 'policy')"),
      latestInstalled: p(
        "SELECT id, version, digest, data, codec FROM catalogs WHERE origin = 'installed' ORDER BY id DESC LIMIT 1",
      ),
      byDigest: p('SELECT id FROM catalogs WHERE digest = ?').pluck(),
      insert: p(
        'INSERT INTO catalogs (version, digest, origin, data, codec, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
      ),
      list: p('SELECT id, version, digest, origin, recorded_at recordedAt FROM catalogs ORDER BY id'),
      pending: p(
        'SELECT count(*) FROM assets WHERE judged_catalog IS NOT ? OR judged_policy IS NOT ?',
      ).pluck(),
    };
  }

  get(key: string): string | undefined {
    return this.s.get.get(key) as string | undefined;
  }

  set(key: string, value: string): void {
    this.s.set.run(key, value);
  }

  delete(key: string): void {
    this.s.del.run(key);
  }

  /** The catalog row and policy the settings name now (another process may have changed them). */
  recorded(): { catalogId: number | null; policyId: PolicyId } {
    const m = new Map((this.s.both.all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    const c = m.get('catalog');
    return { catalogId: c ? Number(c) : null, policyId: (m.get('policy') as PolicyId) ?? DEFAULT_POLICY };
  }

  /**
   * Chooses the catalog (the newest of shipped and installed), records it and the policy (`policy`, else
   * the recorded one, else default) in the settings, and makes the catalog this process's. Writes.
   */
  resolve(policy?: PolicyId): Judging {
    const shipped = shippedLoaded();
    const inst = this.s.latestInstalled.get() as StoredCatalog | undefined;
    let chosen: LoadedCatalog;
    let catalogId: number;
    if (inst && compareVersions(inst.version, shipped.version) === 'newer') {
      chosen = this.load(inst);
      catalogId = inst.id;
    } else {
      chosen = shipped;
      catalogId =
        (this.s.byDigest.get(shipped.digest) as number | undefined) ??
        Number(
          this.s.insert.run(shipped.version, shipped.digest, 'shipped', null, null, new Date().toISOString())
            .lastInsertRowid,
        );
    }
    const was = this.recorded();
    const policyId = policy ?? was.policyId;
    if (was.catalogId !== catalogId) this.set('catalog', String(catalogId));
    if (was.policyId !== policyId || this.get('policy') === undefined) this.set('policy', policyId);
    useCatalog(chosen === shipped ? null : chosen.catalog);
    return {
      catalogId,
      version: chosen.version,
      digest: chosen.digest,
      catalog: chosen.catalog,
      origin: chosen === shipped ? 'shipped' : 'installed',
      data: chosen.data,
      policyId,
      policy: makePolicy(chosen.catalog, policyId),
    };
  }

  /** What resolve() would choose, without writing: the catalog row (null: not recorded yet) and policy. */
  peek(): {
    catalogId: number | null;
    version: string;
    origin: 'shipped' | 'installed';
    policyId: PolicyId;
    load: () => LoadedCatalog;
  } {
    const shipped = shippedLoaded();
    const inst = this.s.latestInstalled.get() as StoredCatalog | undefined;
    const { policyId } = this.recorded();
    if (inst && compareVersions(inst.version, shipped.version) === 'newer')
      return {
        catalogId: inst.id,
        version: inst.version,
        origin: 'installed',
        policyId,
        load: () => this.load(inst),
      };
    const id = this.s.byDigest.get(shipped.digest) as number | undefined;
    return {
      catalogId: id ?? null,
      version: shipped.version,
      origin: 'shipped',
      policyId,
      load: () => shipped,
    };
  }

  /**
   * Installs a validated catalog that is newer, file by file, than `current`; returns its row id. The
   * caller resolves again to use it.
   */
  install(c: LoadedCatalog, current: Judging): number {
    if (c.digest === current.digest) throw new CatalogError(`catalog ${c.version} is the one in use already`);
    const cmp = compareVersions(c.version, current.version);
    if (cmp !== 'newer')
      throw new CatalogError(
        `catalog ${c.version} is ${cmp === 'same' ? 'the same version as' : cmp === 'older' ? 'older than' : 'not newer in every file than'} the one in use (${current.version}); versions are lists/entities/categories/snmp-identity, and an update must raise at least one and lower none`,
      );
    const known = this.s.byDigest.get(c.digest) as number | undefined;
    if (known !== undefined) throw new CatalogError(`catalog ${c.version} was recorded before (#${known})`);
    const { payload, codec } = compressPayload(JSON.stringify(c.data));
    built.set(c.digest, c);
    return Number(
      this.s.insert.run(c.version, c.digest, 'installed', payload, codec, new Date().toISOString())
        .lastInsertRowid,
    );
  }

  /** Every catalog the collector has judged with or installed, oldest first. */
  list(): CatalogRow[] {
    return this.s.list.all() as CatalogRow[];
  }

  /** Assets whose verdict was judged with another catalog or policy than `j`. */
  pending(j: { catalogId: number | null; policyId: PolicyId }): number {
    return this.s.pending.get(j.catalogId, j.policyId) as number;
  }

  private load(r: StoredCatalog): LoadedCatalog {
    let c = built.get(r.digest);
    if (!c) {
      if (!r.data || !r.codec) throw new CatalogError(`installed catalog #${r.id} has no data`);
      c = loadCatalogData(JSON.parse(decompressPayload(r.data, r.codec)) as CatalogData);
      built.set(r.digest, c);
    }
    return c;
  }
}

interface StoredCatalog {
  id: number;
  version: string;
  digest: string;
  data: Buffer | null;
  codec: PayloadCodec | null;
}
