// The category step of judging: a device whose product line a list covers by category (a
// foreign-produced consumer router or drone) is `review`, because neither the country of production nor
// a conditional approval can be observed. An exemption the data names (Blue UAS, produced in the United
// States) keeps it clear. The category never lowers a verdict: a covered maker's drone stays covered.
import type { Catalog } from './catalog';
import type { CategoryEntry } from './category';
import type { CategoryExemption } from './category-schema';
import type { Evidence } from './evidence';
import type { Policy } from './policy';
import type { ListRef, Verdict } from './verdict';

interface Group {
  ref: ListRef;
  /** Evidence that the device is of a class under the category. */
  members: CategoryEntry[];
  /** Exemptions in force that name the device: what they say, with their source. */
  exempt: string[];
  /** Exemptions that apply to new models only, or that lapsed: said to the reviewer, never clearing. */
  notes: string[];
}

export function judgeCategories(v: Verdict, cat: Catalog, pol: Policy, today: string): Verdict {
  const groups = categoryGroups(v.evidence, cat, pol, today);
  if (!groups.length) return v;
  const flagged = groups.filter((g) => g.members.length && !g.exempt.length);
  if (flagged.length) {
    const lists = [...v.lists, ...flagged.map((g) => g.ref).filter((r) => !v.lists.some((l) => same(l, r)))];
    if (v.verdict !== 'clear') return { ...v, lists };
    const [first] = flagged;
    const cls = first.members[0].class;
    return {
      ...v,
      verdict: 'review',
      entity: first.ref.entity,
      entityName: `${cls.name} (${first.ref.name}, category ${first.ref.category})`,
      lists,
      reason: flagged.map(flagReason).join('; '),
    };
  }
  const cleared = groups.filter((g) => g.exempt.length);
  if (v.verdict !== 'clear' || !cleared.length) return v;
  return { ...v, reason: cleared.map(clearReason).join('; ') };
}

function categoryGroups(evidence: Evidence[], cat: Catalog, pol: Policy, today: string): Group[] {
  const idx = cat.categories;
  const groups = new Map<string, Group>();
  for (const ev of evidence) {
    const entry = ev.category ? idx.entries.get(ev.ruleId) : undefined;
    if (!entry) continue;
    const list = cat.lists.find((l) => l.id === entry.class.list);
    const def = list?.categories?.find((c) => c.id === entry.class.category);
    if (!list || !def || !pol.lists[list.id]?.includes(ev.domain)) continue;
    let g = groups.get(def.id);
    if (!g) {
      g = {
        ref: {
          id: list.id,
          name: list.name,
          status: list.status,
          entity: def.id,
          category: def.id,
          added: def.added,
          scope: def.scope,
          source: def.source,
        },
        members: [],
        exempt: [],
        notes: [],
      };
      groups.set(def.id, g);
    }
    if (entry.kind === 'member') {
      g.members.push(entry);
      continue;
    }
    const ex: CategoryExemption = entry.def;
    const basis = idx.bases[ex.basis];
    const name = basis?.name ?? ex.basis;
    const from = ex.validFrom ?? basis?.validFrom;
    const to = ex.validTo ?? basis?.validTo;
    const inForce = (!from || from <= today) && (!to || today < to);
    const window = from || to ? ` (${from ?? '…'} to ${to ?? '…'})` : '';
    if (ex.scope === 'new-models')
      g.notes.push(`${ex.product}: ${name}${window}, for new models only (${entry.sourceUrl})`);
    else if (inForce) g.exempt.push(`${ex.product}: ${name} (${entry.sourceUrl})`);
    else if (ex.basis !== 'us-produced') {
      // The product is still of the class; only its exemption is not in force.
      g.members.push(entry);
      g.notes.push(`${ex.product}: ${name}, not in force on ${today}${window}`);
    }
  }
  return [...groups.values()];
}

const same = (a: ListRef, b: ListRef) => a.id === b.id && a.category === b.category && a.entity === b.entity;

function flagReason(g: Group): string {
  const [entry] = g.members;
  const product = entry.def.product;
  const notes = [...new Set(g.notes)];
  return (
    `${product} (${entry.class.name}): under ${g.ref.name} category ${g.ref.category} since ${g.ref.added} ` +
    'when produced in a foreign country and not exempt; country of production and approvals are not ' +
    `observable, so a person must check${notes.length ? `. Note: ${notes.join('; ')}` : ''}`
  );
}

function clearReason(g: Group): string {
  return `not flagged under ${g.ref.name} category ${g.ref.category}: ${[...new Set(g.exempt)].join('; ')}`;
}
