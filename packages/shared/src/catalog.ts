// Loads and validates the catalog data (lists.json, entities.json) and indexes it for matching.
// A broken entry fails loudly with its path; nothing is half-loaded.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import categoriesJson from '../catalog/categories.json' with { type: 'json' };
import entitiesJson from '../catalog/entities.json' with { type: 'json' };
import listsJson from '../catalog/lists.json' with { type: 'json' };
import identityJson from '../catalog/snmp-identity.json' with { type: 'json' };
import { checkedDigest } from './catalog-checked';
import {
  type EntityDef,
  entitiesFileSchema,
  type genericEnterpriseSchema,
  type IdentifierDef,
  type ListDef,
  listsFileSchema,
  type SnmpIdentityOid,
  snmpIdentityFileSchema,
} from './catalog-schema';
import { buildCategoryIndex, type CategoryIndex } from './category';
import { type CategoriesFile, categoriesFileSchema } from './category-schema';
import { prefilterOf } from './prefilter';

export class CatalogError extends Error {}

export type GenericEnterprise = z.infer<typeof genericEnterpriseSchema>;

type Ident<T extends IdentifierDef['type']> = Extract<IdentifierDef, { type: T }>;

/** One identifier with the entity that claims it and its source resolved to a URL. */
export interface Rule<T extends IdentifierDef['type'] = IdentifierDef['type']> {
  id: string;
  entity: string;
  def: Ident<T>;
  sourceUrl: string;
  regex?: RegExp;
}

export interface Catalog {
  /** Every file's version, lists/entities/categories/snmp-identity: any of them changes a verdict. */
  version: string;
  lists: ListDef[];
  entities: Map<string, EntityDef>;
  sources: Record<string, string>;
  byEnterprise: Map<string, Rule<'enterprise'>>;
  oidPrefixes: Rule<'oid-prefix'>[];
  usb: Map<string, Rule<'usb-vendor'>>;
  pci: Map<string, Rule<'pci-vendor'>>;
  bluetooth: Map<string, Rule<'bt-company'>>;
  text: Rule<'text'>[];
  registrants: Rule<'oui-registrant'>[];
  software: Rule<'software'>[];
  probes: Rule<'snmp-probe'>[];
  /** Makers' own discovery protocols (SADP, DHIP): a reply names the firmware's maker. */
  firmwareProtocols: Map<string, Rule<'firmware-protocol'>>;
  /** Camera protocol fingerprints (banners, realms, login pages, ONVIF fields). */
  fingerprints: Rule<'fingerprint'>[];
  /** Enterprise numbers of agent toolkits and OSes (net-snmp, Windows, lwIP...): they name no maker. */
  generic: Map<string, GenericEnterprise>;
  /** One regex per rule family that matches when any of its rules might: most strings match none. */
  prefilter: { text: RegExp; software: Record<'name' | 'publisher' | 'bundleId' | 'package', RegExp> };
  /** Standard identity objects (UPS-MIB, LLDP local, Printer-MIB, ...) every sweep asks for. */
  identityOids: SnmpIdentityOid[];
  /** Product classes the lists cover by category (categories.json), their product lines and exemptions. */
  categories: CategoryIndex;
}

function formatIssues(file: string, error: z.ZodError): string {
  return error.issues.map((i) => `${file}: ${i.path.join('.')}: ${i.message}`).join('\n');
}

/** The four catalog files after validation: what indexCatalog trusts. */
export interface CheckedFiles {
  lists: z.infer<typeof listsFileSchema>;
  entities: z.infer<typeof entitiesFileSchema>;
  snmpIdentity: z.infer<typeof snmpIdentityFileSchema>;
  categories: CategoriesFile;
}

/** Validates each file against its schema; throws CatalogError naming every bad entry of every file. */
function checkFiles(d: CatalogData): CheckedFiles {
  const lists = listsFileSchema.safeParse(d.lists);
  const ents = entitiesFileSchema.safeParse(d.entities);
  const ids = snmpIdentityFileSchema.safeParse(d.snmpIdentity);
  const cats = categoriesFileSchema.safeParse(d.categories);
  const problems: string[] = [];
  if (!lists.success) problems.push(formatIssues('lists.json', lists.error));
  if (!ents.success) problems.push(formatIssues('entities.json', ents.error));
  if (!ids.success) problems.push(formatIssues('snmp-identity.json', ids.error));
  if (!cats.success) problems.push(formatIssues('categories.json', cats.error));
  if (!lists.success || !ents.success || !ids.success || !cats.success)
    throw new CatalogError(`invalid catalog:\n${problems.join('\n')}`);
  return { lists: lists.data, entities: ents.data, snmpIdentity: ids.data, categories: cats.data };
}

/** Builds a catalog from parsed data; throws CatalogError naming every bad entry. */
export function buildCatalog(
  listsData: unknown,
  entitiesData: unknown,
  identityData: unknown = identityJson,
  categoriesData: unknown = categoriesJson,
): Catalog {
  return indexCatalog(
    checkFiles({
      lists: listsData,
      entities: entitiesData,
      snmpIdentity: identityData,
      categories: categoriesData,
    }),
  );
}

/**
 * Indexes validated files for matching, checking what a schema cannot: references between entries,
 * duplicate claims, sources. Throws CatalogError naming every problem.
 */
function indexCatalog(files: CheckedFiles): Catalog {
  const problems: string[] = [];
  const { sources } = files.entities;
  const entities = new Map<string, EntityDef>();
  files.entities.entities.forEach((e, i) => {
    if (entities.has(e.id)) problems.push(`entities.json: entities.${i}.id: duplicate entity ${e.id}`);
    entities.set(e.id, e);
  });
  const resolve = (src: string, path: string): string => {
    if (/^https?:\/\//.test(src)) return src;
    const url = sources[src];
    if (!url) problems.push(`${path}: source "${src}" is neither a URL nor a key of sources`);
    return url ?? src;
  };
  files.entities.entities.forEach((e, i) => {
    resolve(e.source, `entities.json: entities.${i}.source`);
    if (e.parent && !entities.has(e.parent))
      problems.push(`entities.json: entities.${i}.parent: unknown entity ${e.parent}`);
  });
  for (const [li, l] of files.lists.lists.entries())
    for (const [ei, en] of l.entries.entries())
      if (!entities.has(en.entity))
        problems.push(`lists.json: lists.${li}.entries.${ei}.entity: unknown entity ${en.entity}`);

  const categories = buildCategoryIndex(files.categories, files.lists.lists, problems);
  const cat: Catalog = {
    version: [
      files.lists.version,
      files.entities.version,
      categories.version,
      files.snmpIdentity.version,
    ].join('/'),
    lists: files.lists.lists,
    entities,
    sources,
    byEnterprise: new Map(),
    oidPrefixes: [],
    usb: new Map(),
    pci: new Map(),
    bluetooth: new Map(),
    text: [],
    registrants: [],
    software: [],
    probes: [],
    firmwareProtocols: new Map(),
    fingerprints: [],
    generic: new Map(files.entities.generic.map((g) => [g.value, g])),
    identityOids: files.snmpIdentity.oids,
    categories,
    prefilter: { text: /$^/, software: { name: /$^/, publisher: /$^/, bundleId: /$^/, package: /$^/ } },
  };
  const claim = <T extends IdentifierDef['type']>(
    map: Map<string, Rule<T>>,
    key: string,
    rule: Rule<T>,
    path: string,
  ) => {
    const prior = map.get(key);
    if (prior) problems.push(`${path}: ${rule.def.type} ${key} already claimed by ${prior.entity}`);
    else map.set(key, rule);
  };
  for (const [ei, e] of files.entities.entities.entries()) {
    for (const [ii, def] of e.identifiers.entries()) {
      const path = `entities.json: entities.${ei}.identifiers.${ii}`;
      const base = { id: `${e.id}#${ii}`, entity: e.id, sourceUrl: resolve(def.source, `${path}.source`) };
      switch (def.type) {
        case 'enterprise':
          claim(cat.byEnterprise, def.value, { ...base, def }, path);
          break;
        case 'oid-prefix':
          cat.oidPrefixes.push({ ...base, def });
          break;
        case 'usb-vendor':
          claim(cat.usb, def.value, { ...base, def }, path);
          break;
        case 'pci-vendor':
          claim(cat.pci, def.value, { ...base, def }, path);
          break;
        case 'bt-company':
          claim(cat.bluetooth, def.value, { ...base, def }, path);
          break;
        case 'text':
          cat.text.push({ ...base, def, regex: new RegExp(def.pattern, 'gu') });
          break;
        case 'oui-registrant':
          cat.registrants.push({ ...base, def, regex: new RegExp(def.pattern, 'u') });
          break;
        case 'software':
          cat.software.push({ ...base, def, regex: new RegExp(def.pattern, 'u') });
          break;
        case 'snmp-probe':
          cat.probes.push({ ...base, def });
          break;
        case 'firmware-protocol':
          claim(cat.firmwareProtocols, def.protocol, { ...base, def }, path);
          break;
        case 'fingerprint':
          cat.fingerprints.push({ ...base, def, regex: new RegExp(def.pattern, 'u') });
          break;
      }
    }
  }
  // Patterns are lower-case and run on lower-cased text: V8 runs case-insensitive Unicode regexes
  // about 100 times slower, and the agent judges thousands of package names.
  const onField = (f: Rule<'software'>['def']['field']) =>
    prefilterOf(cat.software.filter((r) => r.def.field === f).map((r) => r.def.pattern));
  cat.prefilter = {
    text: prefilterOf(cat.text.map((r) => r.def.pattern)),
    software: {
      name: onField('name'),
      publisher: onField('publisher'),
      bundleId: onField('bundleId'),
      package: onField('package'),
    },
  };
  // Longest prefix first, so a subtree rule (e.g. Huawei-3Com's { huawei 10 }) beats its enterprise.
  cat.oidPrefixes.sort((a, b) => b.def.value.length - a.def.value.length);
  if (problems.length) throw new CatalogError(`invalid catalog:\n${problems.join('\n')}`);
  return cat;
}

/** The four catalog files as parsed JSON, before validation (what a catalog bundle carries). */
export interface CatalogData {
  lists: unknown;
  entities: unknown;
  categories: unknown;
  snmpIdentity: unknown;
}

/** The catalog files shipped with this version, as data. */
export function shippedCatalogData(): CatalogData {
  return { lists: listsJson, entities: entitiesJson, categories: categoriesJson, snmpIdentity: identityJson };
}

/** Validates catalog files given as data (buildCatalog with nothing defaulted to the shipped files). */
export function buildCatalogFrom(d: CatalogData): Catalog {
  return buildCatalog(d.lists, d.entities, d.snmpIdentity, d.categories);
}

let shipped: Catalog | undefined;
let active: Catalog | undefined;

/** SHA-256 of the four files as data: names the exact catalog a build validated. */
export function catalogDigest(d: CatalogData): string {
  const h = createHash('sha256');
  h.update(JSON.stringify([d.lists, d.entities, d.categories, d.snmpIdentity]));
  return h.digest('hex');
}

/**
 * The catalog of `data`: validated in full, unless `validated` is the digest of exactly this data as a
 * build validated it, when only the checks between entries run (indexCatalog).
 */
export function catalogOf(data: CatalogData, validated: string | null): Catalog {
  return validated !== null && catalogDigest(data) === validated
    ? indexCatalog(data as CheckedFiles)
    : buildCatalogFrom(data);
}

/**
 * The catalog shipped with this version, validated once per process — or once per build: a bundle
 * carries the digest of the files its build validated (catalog-checked.ts), which spares every agent
 * run the schemas (~100 ms). Content with any other digest is validated in full.
 */
export function shippedCatalog(): Catalog {
  shipped ??= catalogOf(shippedCatalogData(), checkedDigest);
  return shipped;
}

/** The catalog in use: the shipped one, unless a collector installed a newer one (useCatalog). */
export function loadCatalog(): Catalog {
  return active ?? shippedCatalog();
}

/**
 * Makes `cat` the catalog of this process (every default parameter reads loadCatalog()): a collector
 * judges with the catalog its database holds, which may be newer than the shipped one. Null: shipped.
 */
export function useCatalog(cat: Catalog | null): void {
  active = cat ?? undefined;
}

/** The name a report shows for an entity: its common name, else its legal name. */
export function displayName(cat: Catalog, id: string): string {
  const e = cat.entities.get(id);
  return e ? (e.short ?? e.name) : id;
}

/**
 * True when a and b are the same entity, or both are covered members of the same group (Hikvision
 * and its EZVIZ brand). A former member or an OEM of the group is another maker.
 */
export function sameMaker(cat: Catalog, a: string, b: string): boolean {
  if (a === b) return true;
  const covered = (id: string) => cat.entities.get(id)?.coverage === 'covered';
  const root = (id: string) => lineage(cat, id).at(-1)?.id;
  return covered(a) && covered(b) && root(a) === root(b);
}

/** The entity and its ancestors, nearest first. */
export function lineage(cat: Catalog, id: string): EntityDef[] {
  const out: EntityDef[] = [];
  for (
    let e = cat.entities.get(id);
    e && out.length < 10;
    e = e.parent ? cat.entities.get(e.parent) : undefined
  )
    out.push(e);
  return out;
}
