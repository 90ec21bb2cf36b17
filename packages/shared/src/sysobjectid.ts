// sysObjectID and snmpEngineID: the enterprise number of the agent's maker.
import type { Catalog } from './catalog';
import type { Evidence, Observation } from './evidence';
import { enterpriseOf, normOid } from './normalize';

export function matchSysObjectId(cat: Catalog, obs: Observation): Evidence[] {
  const oid = normOid(obs.value);
  if (!oid) return [];
  const ev = (
    rule: string,
    r: { id: string; entity: string; sourceUrl: string; def: { strength: Evidence['strength'] } },
  ) => ({
    source: obs.source,
    field: obs.field,
    value: obs.value,
    rule,
    ruleId: r.id,
    ruleSource: r.sourceUrl,
    strength: r.def.strength,
    entity: r.entity,
    domain: 'hardware' as const,
  });
  const sub = cat.oidPrefixes.find((r) => oid === r.def.value || oid.startsWith(`${r.def.value}.`));
  if (sub) return [ev(`OID under ${sub.def.value} (${sub.entity})`, sub)];
  const ent = enterpriseOf(oid);
  const rule = ent ? cat.byEnterprise.get(ent) : undefined;
  return rule
    ? [ev(`OID under enterprise ${ent} (IANA private enterprise number of ${rule.entity})`, rule)]
    : [];
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
  const rule = ent ? cat.byEnterprise.get(ent) : undefined;
  if (!rule) return [];
  return [
    {
      source: obs.source,
      field: obs.field,
      value: obs.value,
      rule: `snmpEngineID names enterprise ${ent} (${rule.entity})`,
      ruleId: rule.id,
      ruleSource: rule.sourceUrl,
      strength: rule.def.strength,
      entity: rule.entity,
      domain: 'hardware',
    },
  ];
}

/** A vendor-private MIB object answered: the agent implements that vendor's MIB. */
export function matchProbe(cat: Catalog, obs: Observation): Evidence[] {
  const answered = normOid(obs.value);
  const asked = normOid(obs.field.replace(/^probe:/, ''));
  if (!answered || !asked) return [];
  const out: Evidence[] = [];
  for (const r of cat.probes) {
    if (r.def.oid !== asked) continue;
    const ok = r.def.op === 'get' ? answered === asked : answered.startsWith(`${r.def.oid}.`);
    if (!ok) continue;
    out.push({
      source: obs.source,
      field: obs.field,
      value: obs.value,
      rule: `agent answers ${r.def.op === 'get' ? 'GET' : 'GETNEXT'} ${r.def.oid} (${r.entity} private MIB)`,
      ruleId: r.id,
      ruleSource: r.sourceUrl,
      strength: r.def.strength,
      entity: r.entity,
      domain: 'hardware',
    });
  }
  return out;
}
