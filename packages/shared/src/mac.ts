// A MAC address names the maker of the network interface, which is often not the device's maker:
// always weak evidence. Ownership comes from explicit registrant-name rules, never substrings.
import type { Catalog } from './catalog';
import type { Evidence, Observation } from './evidence';
import { normMac, normRegistrant } from './normalize';
import { lookupOui } from './oui';

export function entityOfRegistrant(cat: Catalog, registrant: string) {
  const name = normRegistrant(registrant);
  return cat.registrants.find((r) => r.regex!.test(name)) ?? null;
}

export function matchMac(cat: Catalog, obs: Observation): Evidence[] {
  const hex = normMac(obs.value);
  if (!hex) return [];
  const oui = lookupOui(hex);
  if (!oui) return [];
  const rule = entityOfRegistrant(cat, oui.registrant);
  if (!rule) return [];
  return [
    {
      source: obs.source,
      field: obs.field,
      value: obs.value,
      rule: `MAC prefix ${oui.prefix} (${oui.block}) is registered to "${oui.registrant}" (${rule.entity})`,
      ruleId: rule.id,
      ruleSource: rule.sourceUrl,
      strength: rule.def.strength,
      entity: rule.entity,
      domain: 'hardware',
    },
  ];
}
