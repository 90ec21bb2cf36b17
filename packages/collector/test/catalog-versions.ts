// Catalog bundles for tests: the shipped catalog files with every version raised (so each is newer than
// the shipped one and than the one before), optionally edited the way a list change edits them.
import { writeFileSync } from 'node:fs';
import { type CatalogData, shippedCatalogData } from '@coverscan/shared';
import { bundleOf } from '../src/catalog/bundle';

type Versioned = { version: string };

/** The shipped files, each version's last number raised by `n`, then `edit` applied to a deep copy. */
export function raisedCatalog(n: number, edit: (d: CatalogData) => void = () => {}): CatalogData {
  const d = structuredClone(shippedCatalogData());
  for (const k of ['lists', 'entities', 'categories', 'snmpIdentity'] as const) {
    const f = d[k] as Versioned;
    f.version = f.version.replace(/\.(\d+)$/, (_, x: string) => `.${Number(x) + n}`);
  }
  edit(d);
  return d;
}

/** A list as it stood before an entity was added: its entries for `entities` removed. */
export function withoutEntries(listId: string, entities: string[]) {
  return (d: CatalogData) => {
    const lists = (d.lists as { lists: { id: string; entries: { entity: string }[] }[] }).lists;
    const l = lists.find((x) => x.id === listId);
    if (!l) throw new Error(`no list ${listId}`);
    l.entries = l.entries.filter((e) => !entities.includes(e.entity));
  };
}

export function writeBundle(file: string, d: CatalogData): string {
  writeFileSync(file, JSON.stringify(bundleOf(d)));
  return file;
}
