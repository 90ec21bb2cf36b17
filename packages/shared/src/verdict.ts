// Evidence → one verdict per asset, as DESIGN.md defines: covered, review or clear.
import { type Catalog, displayName, lineage, loadCatalog, sameMaker } from './catalog';
import type { Domain } from './catalog-schema';
import { judgeCategories } from './category-verdict';
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
  /** Set when the list covers the device by category (a product class), not by naming its maker. */
  category?: string;
}

export interface Verdict {
  verdict: VerdictKind;
  entity: string | null;
  entityName: string | null;
  lists: ListRef[];
  evidence: Evidence[];
  /** Why, in one sentence. */
  reason: string;
  /** When the device's own description names another maker than the numbers it reports: that description. */
  conflict?: Evidence;
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

/** Numbers a device reports (sysObjectID, snmpEngineID, private MIBs): firmware copies them from other makers. */
const numberKinds = new Set(['sysObjectID', 'engineID', 'enterprise', 'snmpProbe']);
/** A device's own words about itself: its manufacturer, model and description fields. */
const isDescription = (e: Evidence) =>
  e.kind === 'text' && (e.textClass === 'vendor' || e.textClass === 'model' || e.textClass === 'description');

/**
 * Strong evidence for `entity` that rests on numbers alone, met by strong evidence in the device's
 * own description naming a maker that is not covered: the description, else null. When the
 * description is silent or names the same maker, the numbers stand.
 */
export function conflictingDescription(cat: Catalog, entity: string, evidence: Evidence[]): Evidence | null {
  const mine = evidence.filter((e) => e.strength === 'strong' && sameMaker(cat, e.entity, entity));
  if (!mine.length || !mine.every((e) => e.kind && numberKinds.has(e.kind))) return null;
  if (evidence.some((e) => isDescription(e) && sameMaker(cat, e.entity, entity))) return null;
  return (
    evidence.find(
      (e) =>
        e.strength === 'strong' &&
        isDescription(e) &&
        cat.entities.get(e.entity)?.coverage !== 'covered' &&
        !sameMaker(cat, e.entity, entity),
    ) ?? null
  );
}

export function judge(evidence: Evidence[], opts: JudgeOptions = {}): Verdict {
  const catalog = opts.catalog ?? loadCatalog();
  const policy = opts.policy ?? makePolicy(catalog);
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  return judgeCategories(judgeMakers(evidence, { catalog, policy, today }), catalog, policy, today);
}

/** The verdict from the evidence that names makers (entities); categories come after. */
function judgeMakers(evidence: Evidence[], opts: JudgeOptions = {}): Verdict {
  const cat = opts.catalog ?? loadCatalog();
  const pol = opts.policy ?? makePolicy(cat);
  const today = opts.today ?? new Date().toISOString().slice(0, 10);
  const sorted = [...evidence].sort((a, b) => strengthRank[b.strength] - strengthRank[a.strength]);

  let best: { level: VerdictKind; ev: Evidence; reason: string; conflict?: Evidence } | null = null;
  for (const ev of sorted) {
    const ent = cat.entities.get(ev.entity);
    if (!ent || ent.coverage === 'none') continue;
    const lists = listsFor(cat, pol, ev.entity, [ev.domain]);
    let level: VerdictKind = 'review';
    let reason: string;
    const conflict =
      ev.strength === 'strong' && ent.coverage === 'covered'
        ? conflictingDescription(cat, ev.entity, sorted)
        : null;
    if (ev.strength !== 'strong') reason = `only ${ev.strength} evidence for ${ent.name}`;
    else if (ent.coverage !== 'covered')
      reason = `${ent.name} is a ${ent.relation}${ent.why ? `: ${ent.why}` : ''}`;
    else if (ent.validTo && ent.validTo < today) reason = `${ent.name} left the group on ${ent.validTo}`;
    else if (!lists.length)
      reason = `${ent.name} is listed, but no list in policy "${pol.id}" covers its ${ev.domain}`;
    else if (conflict)
      reason = `conflicting evidence: ${ev.field} says ${ent.name}, but the device's ${conflict.field} names ${displayName(cat, conflict.entity)}; a person must look`;
    else {
      level = 'covered';
      reason = `${ent.name}: ${lists.map((l) => l.name).join('; ')}`;
    }
    if (
      !best ||
      levels[level] > levels[best.level] ||
      (levels[level] === levels[best.level] && strengthRank[ev.strength] > strengthRank[best.ev.strength])
    )
      best = { level, ev, reason, ...(conflict ? { conflict } : {}) };
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
      reason: !info
        ? 'nothing matched'
        : cat.entities.get(info.entity)?.relation === 'maker'
          ? `made by ${displayName(cat, info.entity)}, which no list names`
          : `matched ${info.entity}, which is not covered${why ? `: ${why}` : ''}`,
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
    ...(best.conflict ? { conflict: best.conflict } : {}),
  };
}
