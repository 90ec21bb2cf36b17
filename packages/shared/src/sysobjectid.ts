// Enterprise numbers: in sysObjectID, in snmpEngineID, and the private MIB subtrees an agent
// implements. A number the catalog claims names its entity; a number it does not claim names
// whoever registered it at IANA, which the text rules then read (a listed group's subsidiary or
// joint venture registers under its own name), capped at medium strength: a registrant's name is
// indirect evidence.
import type { Catalog, Rule } from './catalog';
import type { Strength } from './catalog-schema';
import { enterpriseRegistrant, enterpriseRegistrySource } from './enterprise-registry';
import type { Evidence, Observation } from './evidence';
import { enterpriseOf, normOid } from './normalize';
import { matchText } from './text';

type AnyRule = Pick<Rule, 'id' | 'entity' | 'sourceUrl'> & { def: { strength: Strength } };

/** Evidence that a catalog rule matched a device's observation (hardware). */
export function ruleEvidence(
  obs: Observation,
  rule: string,
  r: AnyRule,
  strength = r.def.strength,
): Evidence {
  return {
    source: obs.source,
    field: obs.field,
    value: obs.value,
    rule,
    ruleId: r.id,
    ruleSource: r.sourceUrl,
    strength,
    entity: r.entity,
    domain: 'hardware',
  };
}

/** Evidence for an enterprise number seen as `what` ("OID under enterprise 2011", ...). */
function byEnterprise(cat: Catalog, obs: Observation, ent: string, what: string): Evidence[] {
  const rule = cat.byEnterprise.get(ent);
  if (rule) return [ruleEvidence(obs, `${what} (IANA private enterprise number of ${rule.entity})`, rule)];
  if (cat.generic.has(ent)) return [];
  const registrant = enterpriseRegistrant(ent);
  if (!registrant) return [];
  return matchText(cat, {
    kind: 'text',
    source: obs.source,
    field: obs.field,
    value: registrant,
    textClass: 'vendor',
  }).map((t) => ({
    ...ruleEvidence(
      obs,
      `${what}, registered at IANA to "${registrant}" (${t.entity})`,
      { id: t.ruleId, entity: t.entity, sourceUrl: enterpriseRegistrySource, def: { strength: t.strength } },
      t.strength === 'strong' ? 'medium' : t.strength,
    ),
    value: obs.value,
  }));
}

export function matchSysObjectId(cat: Catalog, obs: Observation): Evidence[] {
  const oid = normOid(obs.value);
  if (!oid) return [];
  const sub = cat.oidPrefixes.find((r) => oid === r.def.value || oid.startsWith(`${r.def.value}.`));
  if (sub) return [ruleEvidence(obs, `OID under ${sub.def.value} (${sub.entity})`, sub)];
  const ent = enterpriseOf(oid);
  return ent ? byEnterprise(cat, obs, ent, `OID under enterprise ${ent}`) : [];
}

/**
 * snmpEngineID (RFC 3411): when the first bit is set, the first four bytes are 0x80000000 plus
 * the IANA enterprise number of the agent's maker.
 */
export function engineIdEnterprise(hex: string): string | null {
  const h = hex.replace(/^0x/i, '').replace(/[^0-9a-f]/gi, '');
  if (h.length < 10) return null;
  const first = Number.parseInt(h.slice(0, 8), 16);
  if (!(first & 0x80000000)) return null;
  return String(first & 0x7fffffff);
}

export function matchEngineId(cat: Catalog, obs: Observation): Evidence[] {
  const ent = engineIdEnterprise(obs.value);
  return ent ? byEnterprise(cat, obs, ent, `snmpEngineID names enterprise ${ent}`) : [];
}

/** The agent implements an enterprise's private MIB subtree (found by the sweep's subtree hop). */
export function matchEnterprise(cat: Catalog, obs: Observation): Evidence[] {
  const ent = /^\d+$/.test(obs.value.trim()) ? obs.value.trim() : null;
  return ent ? byEnterprise(cat, obs, ent, `agent implements the private MIB of enterprise ${ent}`) : [];
}

/** A vendor-private MIB object answered: the agent implements that vendor's MIB. */
export function matchProbe(cat: Catalog, obs: Observation): Evidence[] {
  const answered = normOid(obs.value);
  // Older drafts kept the asked OID only in the field label (`probe:OID`).
  const asked = normOid(obs.probe ?? obs.field.replace(/^probe:/, ''));
  if (!answered || !asked) return [];
  const out: Evidence[] = [];
  for (const r of cat.probes) {
    if (r.def.oid !== asked) continue;
    const ok = r.def.op === 'get' ? answered === asked : answered.startsWith(`${r.def.oid}.`);
    if (!ok) continue;
    out.push(
      ruleEvidence(
        obs,
        `agent answers ${r.def.op === 'get' ? 'GET' : 'GETNEXT'} ${r.def.oid} (${r.entity} private MIB)`,
        r,
      ),
    );
  }
  return out;
}
