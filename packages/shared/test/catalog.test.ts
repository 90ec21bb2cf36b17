// The catalog is data; these tests keep it honest: sources on every entry, no identifier claimed twice,
// and a broken entry fails loudly with its path.
import { describe, expect, it } from 'vitest';
import categories from '../catalog/categories.json' with { type: 'json' };
import entities from '../catalog/entities.json' with { type: 'json' };
import lists from '../catalog/lists.json' with { type: 'json' };
import {
  buildCatalog,
  type Catalog,
  CatalogError,
  catalogDigest,
  catalogOf,
  loadCatalog,
  shippedCatalogData,
} from '../src/catalog';
import { enterpriseRegistrant } from '../src/enterprise-registry';
import { entityOfMacRegistrant } from '../src/mac';
import { matchText } from '../src/text';

const clone = <T>(x: T): T => structuredClone(x);

describe('catalog', () => {
  it('loads and validates the shipped data', () => {
    const cat = loadCatalog();
    expect(cat.entities.get('huawei')?.relation).toBe('listed');
    expect(cat.byEnterprise.get('2011')?.entity).toBe('huawei');
    expect(cat.usb.get('12d1')?.entity).toBe('huawei');
    expect(cat.lists.map((l) => l.id)).toEqual(
      expect.arrayContaining([
        'fcc-covered',
        'ndaa-889',
        'far-4-2001-kaspersky',
        'no-tiktok-act',
        'ccas-proposed',
      ]),
    );
  });

  it('every list, entry, entity and identifier carries a source and a date', () => {
    for (const l of lists.lists) {
      expect(l.source, l.id).toBeTruthy();
      expect(l.updated, l.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const e of l.entries) {
        expect(e.source, `${l.id}/${e.entity}`).toBeTruthy();
        expect(e.added).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
    for (const e of entities.entities) {
      expect(e.source, e.id).toBeTruthy();
      expect(e.updated, e.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const i of e.identifiers) {
        expect(i.source, `${e.id} ${JSON.stringify(i)}`).toBeTruthy();
        expect(i.added, `${e.id} ${JSON.stringify(i)}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  it('rejects an identifier without a source, naming its path', () => {
    const bad = clone(entities);
    delete (bad.entities[0].identifiers[0] as { source?: string }).source;
    expect(() => buildCatalog(lists, bad)).toThrow(CatalogError);
    expect(() => buildCatalog(lists, bad)).toThrow(/entities\.0\.identifiers\.0\.source/);
  });

  it('rejects a source that is neither a URL nor a known document id', () => {
    const bad = clone(entities);
    (bad.entities[1].identifiers[0] as { source: string }).source = 'somewhere';
    expect(() => buildCatalog(lists, bad)).toThrow(/neither a URL nor a key of sources/);
  });

  it('rejects the same identifier claimed by two entities', () => {
    const bad = clone(entities);
    const zte = bad.entities.find((e) => e.id === 'zte')!;
    (zte.identifiers as unknown[]).push({
      type: 'usb-vendor',
      value: '12d1',
      strength: 'strong',
      source: 'usb-ids',
      added: '2026-01-01',
    });
    expect(() => buildCatalog(lists, bad)).toThrow(/usb-vendor 12d1 already claimed by huawei/);
  });

  it('rejects a list entry naming an unknown entity and an invalid pattern', () => {
    const badLists = clone(lists);
    badLists.lists[0].entries[0].entity = 'nobody';
    expect(() => buildCatalog(badLists, entities)).toThrow(/unknown entity nobody/);
    const badEnt = clone(entities);
    (badEnt.entities[0].identifiers as unknown[]).push({
      type: 'text',
      pattern: '(unclosed',
      strength: 'strong',
      source: 'research',
      added: '2026-01-01',
    } as never);
    expect(() => buildCatalog(lists, badEnt)).toThrow(/not a valid regular expression/);
  });

  it('a build-validated digest spares only that exact content the schemas; any other content is validated', () => {
    const shipped = shippedCatalogData();
    const bad = clone(entities);
    (bad.entities[0].identifiers[0] as { strength: string }).strength = 'certain';
    const tampered = { ...shipped, entities: bad };
    // The digest of what a build validated does not cover an edit made after it.
    expect(() => catalogOf(tampered, catalogDigest(shipped))).toThrow(
      /entities\.0\.identifiers\.0\.strength/,
    );
    expect(() => catalogOf(tampered, null)).toThrow(CatalogError);
    // With its own digest the same content is trusted as checked: the schemas do not run (the missing
    // strength is not reported), which is why only the build may stamp a digest.
    expect(() => catalogOf(tampered, catalogDigest(tampered))).not.toThrow();
    // The checks between entries still run on trusted content.
    const dup = clone(entities);
    (dup.entities.find((e) => e.id === 'zte')!.identifiers as unknown[]).push({
      type: 'usb-vendor',
      value: '12d1',
      strength: 'strong',
      source: 'usb-ids',
      added: '2026-01-01',
    });
    const withDup = { ...shipped, entities: dup };
    expect(() => catalogOf(withDup, catalogDigest(withDup))).toThrow(
      /usb-vendor 12d1 already claimed by huawei/,
    );
    // Trusted or validated, the shipped files index to the same rules.
    const fast = catalogOf(shipped, catalogDigest(shipped));
    const full = catalogOf(shipped, null);
    expect(fast.version).toBe(full.version);
    expect([...fast.byEnterprise.keys()]).toEqual([...full.byEnterprise.keys()]);
    expect(fast.text.map((r) => r.id)).toEqual(full.text.map((r) => r.id));
    expect(fast.software.map((r) => r.id)).toEqual(full.software.map((r) => r.id));
  });

  it('a new brand is data only: adding it to entities.json makes it identifiable', async () => {
    const more = clone(entities);
    more.entities.push({
      id: 'newbrand',
      name: 'New Brand (Hikvision)',
      parent: 'hikvision',
      relation: 'brand',
      coverage: 'covered',
      confidence: 'high',
      source: 'research',
      updated: '2026-11-23',
      identifiers: [
        {
          type: 'text',
          pattern: '\\bnewbrandcam\\b',
          strength: 'strong',
          source: 'research',
          added: '2026-11-23',
        },
      ],
    } as never);
    const cat = buildCatalog(lists, more);
    const { check } = await import('../src/check');
    const r = check('NewBrandCam X1', { catalog: cat });
    expect([r.verdict, r.entity]).toEqual(['covered', 'newbrand']);
  });

  it('look-alikes are recorded as not covered, with why', () => {
    const cat = loadCatalog();
    for (const id of ['h3c', 'honor', 'uniview', 'tp-link', 'fiberhome', 'ruijie']) {
      expect(cat.entities.get(id)?.coverage, id).toBe('none');
      expect(cat.entities.get(id)?.why, id).toBeTruthy();
    }
  });

  it('revoked executive orders are kept but off by default', () => {
    const eo = lists.lists.find((l) => l.id === 'eo-13942-13943-13971')!;
    expect(eo.status).toBe('revoked');
    expect(eo.defaultDomains).toEqual([]);
  });
});

/** Entities whose name, met as text or as a MAC's IEEE registrant, names another entity (or none). */
function nameMismatches(cat: Catalog): string[] {
  const wrong: string[] = [];
  for (const e of cat.entities.values()) {
    // Unlisted makers have no relation to hold; name-traps collects unrelated companies under one
    // description, each with its own rule.
    if (e.relation === 'maker' || e.id === 'name-traps') continue;
    // A brand whose camera lines alone are relabelled (Honeywell, Panasonic) is read only in camera
    // replies (fingerprints): its name in an SNMP description or a MAC registry is another product.
    if (e.identifiers.length && e.identifiers.every((i) => i.type === 'fingerprint')) continue;
    for (const n of new Set([e.short ?? e.name, e.name])) {
      const t = textEntity(cat, n);
      const m = entityOfMacRegistrant(cat, n);
      if (t !== e.id || m !== e.id)
        wrong.push(`${e.id} (${e.relation}) "${n}": text → ${t}, MAC registrant → ${m}`);
    }
  }
  return wrong;
}

const textEntity = (cat: Catalog, s: string) =>
  matchText(cat, { kind: 'text', source: 't', field: 'f', value: s, textClass: 'vendor' })[0]?.entity ?? null;

describe('a relation holds for every kind of identifier at once', () => {
  const cat = loadCatalog();

  it("an entity's name, met as text or as a MAC's IEEE registrant, names that entity", () => {
    expect(nameMismatches(cat)).toEqual([]);
  });

  it('fails on a relation expressed for one kind only', () => {
    // Huawei-3Com (the former joint venture, review): its name and OID subtree say so, but its MACs
    // would be judged as Huawei's.
    const bad = clone(entities);
    const h = bad.entities.find((e) => e.id === 'h3c-legacy')!;
    h.identifiers = h.identifiers.filter((i) => i.type !== 'oui-registrant') as typeof h.identifiers;
    const huawei = bad.entities.find((e) => e.id === 'huawei')!;
    const reg = huawei.identifiers.find((i) => i.type === 'oui-registrant') as { pattern: string };
    reg.pattern = `${reg.pattern}|^huawei[- ]?3com\\b`;
    expect(nameMismatches(buildCatalog(lists, bad))).toEqual([
      'h3c-legacy (former-affiliate) "Huawei-3Com (H3C)": text → h3c-legacy, MAC registrant → huawei',
      'h3c-legacy (former-affiliate) "Huawei-3Com (2003-2007 joint venture, now H3C)": text → h3c-legacy, MAC registrant → huawei',
    ]);
  });

  it("an enterprise number's IANA registrant names the entity that claims the number, when either is flagged", () => {
    const wrong: string[] = [];
    for (const [num, rule] of cat.byEnterprise) {
      const reg = enterpriseRegistrant(num);
      const t = reg ? textEntity(cat, reg) : null;
      const flagged = (id: string | null) => !!id && cat.entities.get(id)?.coverage !== 'none';
      if (t && t !== rule.entity && (flagged(t) || flagged(rule.entity)))
        wrong.push(`${num} "${reg}": claimed by ${rule.entity}, its name says ${t}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('catalog: categories.json', () => {
  const listed = new Set(lists.lists.flatMap((l) => (l.categories ?? []).map((c) => `${l.id}/${c.id}`)));
  const classes = new Map(categories.classes.map((c) => [c.id, c]));
  const isSource = (s: string) =>
    /^https:\/\//.test(s) || /^https:\/\//.test((categories.sources as Record<string, string>)[s] ?? '');

  it('every class names a category that exists in lists.json, with a source and a date', () => {
    expect(categories.classes.length).toBeGreaterThan(0);
    for (const c of categories.classes) {
      expect(listed.has(`${c.list}/${c.category}`), c.id).toBe(true);
      expect(isSource(c.source), c.id).toBe(true);
      expect(c.added, c.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('every rule and exemption has a source and a date, and its class names a listed category', () => {
    for (const r of [...categories.rules, ...categories.exemptions]) {
      expect(isSource(r.source), r.id).toBe(true);
      expect(r.added, r.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const c = classes.get(r.class);
      expect(c && listed.has(`${c.list}/${c.category}`), r.id).toBe(true);
    }
    for (const [basis, b] of Object.entries(categories.bases)) expect(isSource(b.source), basis).toBe(true);
    // Both categories of the FCC list are judged, not only cited.
    const judged = new Set(categories.rules.map((r) => classes.get(r.class)?.category));
    expect([...judged].sort()).toEqual(['foreign-consumer-routers', 'foreign-uas']);
  });

  it('rejects a rule without a source, naming its path', () => {
    const bad = clone(categories);
    delete (bad.rules[2] as { source?: string }).source;
    expect(() => buildCatalog(lists, entities, undefined, bad)).toThrow(/categories\.json: rules\.2\.source/);
  });

  it('rejects a class whose category the list does not have, and a rule of an unknown class', () => {
    const bad = clone(categories);
    bad.classes[0].category = 'foreign-toasters';
    expect(() => buildCatalog(lists, entities, undefined, bad)).toThrow(
      /classes\.0\.category: list fcc-covered has no category foreign-toasters/,
    );
    const orphan = clone(categories);
    orphan.rules[1].class = 'toaster';
    expect(() => buildCatalog(lists, entities, undefined, orphan)).toThrow(
      /rules\.1\.class: unknown class toaster/,
    );
  });

  it('rejects an upper-case pattern (rules run on lower-cased text) and an unknown source key', () => {
    const bad = clone(categories);
    (bad.rules[0].match[0] as { pattern: string }).pattern = '\\bArcher\\b';
    expect(() => buildCatalog(lists, entities, undefined, bad)).toThrow(/rules\.0\.match\.0\.pattern/);
    const src = clone(categories);
    src.exemptions[0].source = 'somewhere';
    expect(() => buildCatalog(lists, entities, undefined, src)).toThrow(
      /exemptions\.0\.source: source "somewhere"/,
    );
  });

  it('a new product line is data only', async () => {
    const more = clone(categories);
    more.rules.push({
      id: 'newrouter',
      class: 'consumer-router',
      product: 'NewRouter home routers',
      match: [{ type: 'text', pattern: '\\bnewrouter hr\\d+\\b' }],
      source: 'https://example.com/newrouter',
      added: '2026-11-30',
    } as never);
    const { check } = await import('../src/check');
    const cat = buildCatalog(lists, entities, undefined, more);
    expect(check('NewRouter HR7', { catalog: cat }).verdict).toBe('review');
    expect(check('NewRouter HR7').verdict).toBe('clear');
  });
});
