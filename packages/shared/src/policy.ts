// Which lists count, for which kind of thing. Profiles are derived from the catalog's list data.
import type { Catalog } from './catalog';
import type { Domain } from './catalog-schema';

export interface Policy {
  id: string;
  description: string;
  /** list id → the domains (hardware, software, service) in which it applies */
  lists: Record<string, Domain[]>;
}

export const policyIds = ['default', 'in-force', 'all'] as const;
export type PolicyId = (typeof policyIds)[number];

export function policy(cat: Catalog, id: PolicyId = 'default'): Policy {
  const lists: Record<string, Domain[]> = {};
  for (const l of cat.lists) {
    const doms =
      id === 'all'
        ? l.domains
        : id === 'in-force'
          ? l.status === 'in-force'
            ? l.domains
            : []
          : l.defaultDomains;
    if (doms.length) lists[l.id] = [...doms];
  }
  const description = {
    default:
      'FCC Covered List, NDAA section 889, Kaspersky (FAR 4.2001), No TikTok act; CCAS Act (proposed) for software',
    'in-force': 'only lists in force, every domain they cover',
    all: 'every list including proposed and revoked ones (history)',
  }[id];
  return { id, description, lists };
}
