// Evidence → one verdict per asset, as DESIGN.md defines: covered, review or clear.
import { type Catalog, lineage, loadCatalog } from './catalog';
import type { Domain } from './catalog-schema';
import { type Evidence, strengthRank } from './evidence';
import { policy as makePolicy, type Policy } from './policy';

export type VerdictKind = 'covered' | 'review' | 'clear';

export interface ListRef {
  id: string;
  name: string;
  status: 'in-force' | 'proposed' | 'revoked';
  /** The listed entity the entry names (the parent for a subsidiary or brand). */
  entity: string;
  added: string;
  removed?: string;
  scope: string;
  source: string;
}

export interface Verdict {
  verdict: VerdictKind;
  entity: string | null;
  entityName: string | null;
  lists: ListRef[];
  evidence: Evidence[];
  /** Why, in one sentence. */
  reason: string;
}

export interface JudgeOptions {
  catalog?: Catalog;
  policy?: Policy;
  /** ISO date used for validity windows; defaults to today. */
  today?: string;
}

/** Lists under the policy that name the entity or the nearest listed ancestor, in the given domains. */
export function listsFor(cat: Catalog, pol: Policy, entity: string, doms: readonly Domain[]): ListRef[] {
  const out: ListRef[] = [];
  for (const e of lineage(cat, entity)) {
    for (const l of cat.lists) {
      const enabled = pol.lists[l.id];
      if (!enabled) continue;
      for (const en of l.entries) {
        if (en.entity !== e.id) continue;
        if (!en.domains.some((d) => enabled.includes(d) && doms.includes(d))) continue;
        if (en.removed && l.status !== 'revoked') continue;
        out.push({
          id: l.id,
          name: l.name,
          status: l.status,
          entity: e.id,
          added: en.added,
          ...(en.removed ? { removed: en.removed } : {}),
          scope: en.scope,
          source: en.source,
        });
      }
    }
    if (out.length) break;
  }
  return out;
}

const levels: Record<VerdictKind, number> = { clear: 0, review: 1, covered: 2 };

export function judge(evidence: Evidence[], opts: JudgeOptions = {}): Verdict {
  const cat = opts.catalog ?? loadCatalog();
  const pol = opts.policy ?? makePolicy(cat);
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const sorted = [...evidence].sort((a, b) => strengthRank[b.strength] - strengthRank[a.strength]);

  let best: { level: VerdictKind; ev: Evidence; reason: string } | null = null;
  for (const ev of sorted) {
    const ent = cat.entities.get(ev.entity);
    if (!ent || ent.coverage === 'none') continue;
    const lists = listsFor(cat, pol, ev.entity, [ev.domain]);
    let level: VerdictKind = 'review';
    let reason: string;
    if (ev.strength !== 'strong') reason = `only ${ev.strength} evidence for ${ent.name}`;
    else if (ent.coverage !== 'covered')
      reason = `${ent.name} is a ${ent.relation}${ent.why ? `: ${ent.why}` : ''}`;
    else if (ent.validTo && ent.validTo < today) reason = `${ent.name} left the group on ${ent.validTo}`;
    else if (!lists.length)
      reason = `${ent.name} is listed, but no list in policy "${pol.id}" covers its ${ev.domain}`;
    else {
      level = 'covered';
      reason = `${ent.name}: ${lists.map((l) => l.name).join('; ')}`;
    }
    if (
      !best ||
      levels[level] > levels[best.level] ||
      (levels[level] === levels[best.level] && strengthRank[ev.strength] > strengthRank[best.ev.strength])
    )
      best = { level, ev, reason };
  }
  if (!best) {
    const info = sorted.find((e) => cat.entities.get(e.entity)?.coverage === 'none');
    const why = info ? cat.entities.get(info.entity)?.why : undefined;
    return {
      verdict: 'clear',
      entity: null,
      entityName: null,
      lists: [],
      evidence: sorted,
      reason: info
        ? `matched ${info.entity}, which is not covered${why ? `: ${why}` : ''}`
        : 'nothing matched',
    };
  }
  const entity = best.ev.entity;
  const doms = [...new Set(sorted.filter((e) => e.entity === entity).map((e) => e.domain))];
  let lists = listsFor(cat, pol, entity, doms);
  if (!lists.length) lists = listsFor(cat, pol, entity, ['hardware', 'software', 'service']);
  return {
    verdict: best.level,
    entity,
    entityName: cat.entities.get(entity)?.name ?? entity,
    lists,
    evidence: sorted,
    reason: best.reason,
  };
}
