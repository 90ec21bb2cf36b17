// A MAC address names the maker of the network interface, which is often not the device's maker:
// always weak evidence. Ownership comes from explicit registrant-name rules; a registrant no such
// rule claims is read by the text rules like any maker's name (so the name a report shows for a MAC
// and the evidence behind the verdict never disagree), still weak.
import type { Catalog } from './catalog';
import type { Evidence, Observation } from './evidence';
import { normMac, normRegistrant } from './normalize';
import { lookupOui } from './oui';
import { matchText } from './text';

export function entityOfRegistrant(cat: Catalog, registrant: string) {
  const name = normRegistrant(registrant);
  return cat.registrants.find((r) => r.regex!.test(name)) ?? null;
}

type Template = Pick<Evidence, 'ruleId' | 'ruleSource' | 'strength' | 'entity'> & { how: string };

/** Per catalog, per registrant: what its name says (most MACs of a sweep share a few dozen registrants). */
const memo = new WeakMap<Catalog, Map<string, Template[]>>();

function templatesFor(cat: Catalog, registrant: string): Template[] {
  let byName = memo.get(cat);
  if (!byName) {
    byName = new Map();
    memo.set(cat, byName);
  }
  let t = byName.get(registrant);
  if (t) return t;
  const rule = entityOfRegistrant(cat, registrant);
  if (rule)
    t = [
      {
        ruleId: rule.id,
        ruleSource: rule.sourceUrl,
        strength: rule.def.strength,
        entity: rule.entity,
        how: '',
      },
    ];
  else
    t = matchText(cat, {
      kind: 'text',
      source: 'oui',
      field: 'registrant',
      value: registrant,
      textClass: 'vendor',
    })
      .slice(0, 1)
      .map((e) => ({
        ruleId: e.ruleId,
        ruleSource: e.ruleSource,
        strength: 'weak' as const,
        entity: e.entity,
        how: ' by name',
      }));
  if (byName.size < 10_000) byName.set(registrant, t);
  return t;
}

/** The entity a MAC registered to `registrant` is evidence for, by the same rules as matchMac, or null. */
export function entityOfMacRegistrant(cat: Catalog, registrant: string): string | null {
  return templatesFor(cat, registrant)[0]?.entity ?? null;
}

export function matchMac(cat: Catalog, obs: Observation): Evidence[] {
  const hex = normMac(obs.value);
  if (!hex) return [];
  const oui = lookupOui(hex);
  if (!oui) return [];
  return templatesFor(cat, oui.registrant).map((t) => ({
    source: obs.source,
    field: obs.field,
    value: obs.value,
    rule: `MAC prefix ${oui.prefix} (${oui.block}) is registered to "${oui.registrant}" (${t.entity}${t.how})`,
    ruleId: t.ruleId,
    ruleSource: t.ruleSource,
    strength: t.strength,
    entity: t.entity,
    domain: 'hardware' as const,
  }));
}
