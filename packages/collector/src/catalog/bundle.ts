// A catalog bundle: the four catalog files (lists, entities, categories, snmp-identity) in one JSON file,
// as `coverscan catalog export` writes it and `coverscan catalog update FILE` installs it. A bundle is
// accepted only if buildCatalog() validates it, exactly as the shipped files are validated at start-up.
import { createHash } from 'node:crypto';
import {
  buildCatalogFrom,
  type Catalog,
  type CatalogData,
  CatalogError,
  shippedCatalog,
  shippedCatalogData,
} from '@coverscan/shared';

export const BUNDLE_FORMAT = 'coverscan-catalog/1';

export interface CatalogBundle extends CatalogData {
  format: typeof BUNDLE_FORMAT;
}

/** A validated catalog with what identifies it: its version (one per file) and a digest of its content. */
export interface LoadedCatalog {
  data: CatalogData;
  catalog: Catalog;
  version: string;
  digest: string;
}

const digests = new WeakMap<Catalog, string>();

/**
 * SHA-256 of the files' content. Two catalogs with the same version but different content (a file edited
 * without its version bumped) still differ, so their verdicts are not taken for one another.
 */
export function catalogDigest(d: CatalogData): string {
  return createHash('sha256')
    .update(JSON.stringify([d.lists, d.entities, d.categories, d.snmpIdentity]))
    .digest('hex');
}

/** Validates catalog data; the catalog object remembers its digest (see digestOf). */
export function loadCatalogData(data: CatalogData): LoadedCatalog {
  const catalog = buildCatalogFrom(data);
  const digest = catalogDigest(data);
  digests.set(catalog, digest);
  return { data, catalog, version: catalog.version, digest };
}

/** The digest of a catalog built by loadCatalogData, or undefined for any other. */
export function digestOf(cat: Catalog): string | undefined {
  return digests.get(cat);
}

export function bundleOf(data: CatalogData): CatalogBundle {
  return {
    format: BUNDLE_FORMAT,
    lists: data.lists,
    entities: data.entities,
    categories: data.categories,
    snmpIdentity: data.snmpIdentity,
  };
}

/** Parses and validates a bundle file's text; every problem names the file. */
export function parseBundle(text: string, name: string): LoadedCatalog {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new CatalogError(`${name} is not JSON: ${(e as Error).message}`);
  }
  const o = json as Partial<CatalogBundle> | null;
  if (typeof o !== 'object' || o === null || o.format !== BUNDLE_FORMAT)
    throw new CatalogError(
      `${name} is not a catalog bundle (expected "format": "${BUNDLE_FORMAT}"; \`coverscan catalog export\` writes one)`,
    );
  const missing = (['lists', 'entities', 'categories', 'snmpIdentity'] as const).filter((k) => o[k] == null);
  if (missing.length) throw new CatalogError(`${name} lacks ${missing.join(', ')}`);
  try {
    return loadCatalogData({
      lists: o.lists,
      entities: o.entities,
      categories: o.categories,
      snmpIdentity: o.snmpIdentity,
    });
  } catch (e) {
    if (e instanceof CatalogError) throw new CatalogError(`${name}: ${e.message}`);
    throw e;
  }
}

/**
 * How catalog version `a` stands to `b`, file by file (versions are `date.n`, compared numerically):
 * newer when no file is older and one is newer; mixed when some are newer and some older.
 */
export function compareVersions(a: string, b: string): 'newer' | 'older' | 'same' | 'mixed' {
  const pa = a.split('/');
  const pb = b.split('/');
  let newer = false;
  let older = false;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const c = (pa[i] ?? '').localeCompare(pb[i] ?? '', 'en', { numeric: true });
    if (c > 0) newer = true;
    if (c < 0) older = true;
  }
  return newer && older ? 'mixed' : newer ? 'newer' : older ? 'older' : 'same';
}

let shipped: LoadedCatalog | undefined;

/** The catalog shipped with this program (the same object shared's loadCatalog() gives by default). */
export function shippedLoaded(): LoadedCatalog {
  if (!shipped) {
    const data = shippedCatalogData();
    const catalog = shippedCatalog();
    const digest = catalogDigest(data);
    digests.set(catalog, digest);
    shipped = { data, catalog, version: catalog.version, digest };
  }
  return shipped;
}
