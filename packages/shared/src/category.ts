// Device classes that a list covers by category rather than by maker (the FCC Covered List's
// foreign-produced UAS and consumer-grade routers): categories.json indexed for matching, and the
// matcher that turns an observation naming a product line into evidence that names the category.
import type { Catalog } from './catalog';
import type { ListDef } from './catalog-schema';
import {
  type CategoriesFile,
  type CategoryClass,
  type CategoryExemption,
  type CategoryMatch,
  type CategoryRule,
  categoryTextFields,
} from './category-schema';
import type { Evidence, Observation } from './evidence';
import { normSoftwareField, normText } from './normalize';
import { prefilterOf } from './prefilter';

type SoftwareField = 'name' | 'publisher' | 'bundleId' | 'package';

/** A product-line rule or an exemption, with what judging it needs. */
export type CategoryEntry =
  | { kind: 'member'; def: CategoryRule; class: CategoryClass; sourceUrl: string }
  | { kind: 'exemption'; def: CategoryExemption; class: CategoryClass; sourceUrl: string };

interface Compiled {
  /** The evidence's ruleId: `category:` + the entry's id. */
  ruleId: string;
  entry: CategoryEntry;
  match: CategoryMatch;
  re: RegExp;
}

export interface CategoryIndex {
  version: string;
  classes: Map<string, CategoryClass>;
  /** By evidence ruleId. */
  entries: Map<string, CategoryEntry>;
  bases: Partial<CategoriesFile['bases']>;
  text: Compiled[];
  software: Compiled[];
  /** One regex per family that matches when any of its patterns might: most strings match none. */
  prefilter: { text: RegExp; software: Record<SoftwareField, RegExp> };
}

const never = /$^/;

export function emptyCategoryIndex(): CategoryIndex {
  return {
    version: '',
    classes: new Map(),
    entries: new Map(),
    bases: {},
    text: [],
    software: [],
    prefilter: { text: never, software: { name: never, publisher: never, bundleId: never, package: never } },
  };
}

/** Indexes validated categories.json data; a class naming no category of its list is a problem. */
export function buildCategoryIndex(
  data: CategoriesFile,
  lists: ListDef[],
  problems: string[],
): CategoryIndex {
  const idx: CategoryIndex = { ...emptyCategoryIndex(), version: data.version, bases: data.bases };
  const resolve = (src: string, path: string): string => {
    if (/^https?:\/\//.test(src)) return src;
    const url = data.sources[src];
    if (!url)
      problems.push(`categories.json: ${path}: source "${src}" is neither a URL nor a key of sources`);
    return url ?? src;
  };
  data.classes.forEach((c, i) => {
    const list = lists.find((l) => l.id === c.list);
    if (!list) problems.push(`categories.json: classes.${i}.list: unknown list ${c.list}`);
    else if (!list.categories?.some((k) => k.id === c.category))
      problems.push(`categories.json: classes.${i}.category: list ${c.list} has no category ${c.category}`);
    if (idx.classes.has(c.id)) problems.push(`categories.json: classes.${i}.id: duplicate class ${c.id}`);
    resolve(c.source, `classes.${i}.source`);
    idx.classes.set(c.id, c);
  });
  for (const [k, b] of Object.entries(data.bases)) resolve(b.source, `bases.${k}.source`);
  const add = (entry: CategoryEntry, path: string) => {
    const ruleId = `category:${entry.def.id}`;
    if (idx.entries.has(ruleId)) problems.push(`categories.json: ${path}.id: duplicate id ${entry.def.id}`);
    idx.entries.set(ruleId, entry);
    for (const match of entry.def.match) {
      const c = { ruleId, entry, match, re: new RegExp(match.pattern, 'u') };
      (match.type === 'text' ? idx.text : idx.software).push(c);
    }
  };
  const classOf = (id: string, path: string) => {
    const c = idx.classes.get(id);
    if (!c) problems.push(`categories.json: ${path}.class: unknown class ${id}`);
    return c;
  };
  data.rules.forEach((def, i) => {
    const c = classOf(def.class, `rules.${i}`);
    if (c)
      add(
        { kind: 'member', def, class: c, sourceUrl: resolve(def.source, `rules.${i}.source`) },
        `rules.${i}`,
      );
  });
  data.exemptions.forEach((def, i) => {
    const c = classOf(def.class, `exemptions.${i}`);
    const path = `exemptions.${i}`;
    if (c) add({ kind: 'exemption', def, class: c, sourceUrl: resolve(def.source, `${path}.source`) }, path);
  });
  const union = (cs: Compiled[]) => prefilterOf(cs.map((c) => c.match.pattern));
  const onField = (f: SoftwareField) =>
    union(idx.software.filter((c) => c.match.type === 'software' && c.match.field === f));
  idx.prefilter = {
    text: union(idx.text),
    software: {
      name: onField('name'),
      publisher: onField('publisher'),
      bundleId: onField('bundleId'),
      package: onField('package'),
    },
  };
  return idx;
}

/** Evidence that the observation names a product line of a category's class, or an exemption. */
export function matchCategory(cat: Catalog, obs: Observation): Evidence[] {
  const idx = cat.categories;
  if (obs.kind === 'text') {
    const cls = obs.textClass ?? 'description';
    const text = normText(obs.value);
    if (!text || !idx.prefilter.text.test(text)) return [];
    const out: Evidence[] = [];
    for (const c of idx.text) {
      const m = c.match;
      if (m.type !== 'text') continue;
      if (cls !== 'any' && !(m.fields ?? categoryTextFields).some((f) => f === cls)) continue;
      const hit = c.re.exec(text);
      if (hit) out.push(evidence(obs, c, obs.field, obs.value, `text "${hit[0]}"`, 'hardware'));
    }
    return out;
  }
  if (obs.kind === 'software') {
    const sw = { name: obs.value, ...obs.software };
    const out: Evidence[] = [];
    for (const f of ['name', 'publisher', 'bundleId', 'package'] as const) {
      const v = sw[f];
      if (!v) continue;
      const n = normSoftwareField(f, v);
      if (!idx.prefilter.software[f].test(n)) continue;
      for (const c of idx.software)
        if (c.match.type === 'software' && c.match.field === f && c.re.test(n))
          out.push(evidence(obs, c, `${obs.field}.${f}`, v, `software ${f} "${v}"`, 'software'));
    }
    return out;
  }
  return [];
}

function evidence(
  obs: Observation,
  c: Compiled,
  field: string,
  value: string,
  what: string,
  domain: Evidence['domain'],
): Evidence {
  const e = c.entry;
  const rule =
    e.kind === 'member'
      ? `${what} names ${e.def.product}: ${e.class.name}, category ${e.class.category}`
      : `${what} names ${e.def.product}: ${e.def.basis}${e.def.scope === 'new-models' ? ' (new models only)' : ''}, category ${e.class.category}`;
  return {
    source: obs.source,
    field,
    value,
    rule,
    ruleId: c.ruleId,
    ruleSource: e.sourceUrl,
    // Product-line names say what a device is, not who made it or where: never more than medium.
    strength: 'medium',
    entity: e.class.category,
    category: e.class.category,
    ...(e.kind === 'exemption' ? { exemption: e.def.basis } : {}),
    domain,
  };
}
