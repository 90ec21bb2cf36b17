// The catalog is data; these tests keep it honest: sources on every entry, no identifier claimed twice,
// and a broken entry fails loudly with its path.
import { describe, expect, it } from 'vitest';
import entities from '../catalog/entities.json' with { type: 'json' };
import lists from '../catalog/lists.json' with { type: 'json' };
import { buildCatalog, CatalogError, loadCatalog } from '../src/catalog';

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
