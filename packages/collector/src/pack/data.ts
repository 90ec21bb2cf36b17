// Everything the evidence pack shows, gathered from the store in one read: the scope of the inquiry, the
// catalog and lists applied, the sources (sweeps, agents), every covered and review item with its
// evidence and status, the accepted exceptions, and what was not looked at. Pure data: render.ts draws it.
import { type Domain, type ListDef, policy as makePolicy, type PolicyId } from '@coverscan/shared';
import { agentAddresses } from '../store/agent-sites';
import { findingDecisions } from '../store/finding-decisions';
import { type IncompleteAsset, incompleteAssets } from '../store/incomplete-assets';
import type { ReportRow } from '../store/report-row';
import { listSites, siteExists, siteResolver, unknownSite } from '../store/sites';
import { staleAfter, staleBefore } from '../store/staleness';
import type { FindingDecision, Store } from '../store/store';
import { listSweeps, type SweepRecord, sweptAddresses } from '../store/sweep-history';
import { UsageError } from '../usage-error';
import { sweepReach, type TargetReach, targetInRanges } from './sweep-reach';

export interface PackFilter {
  /** Only this site's assets, sweeps and agents (a site name, `coverscan site list`). */
  site?: string;
  /** Only the items that fall under this list (a list id from the catalog, e.g. fcc-covered). */
  list?: string;
}

export interface PackList
  extends Pick<ListDef, 'id' | 'name' | 'authority' | 'status' | 'source' | 'updated'> {
  /** The domains (hardware, software, service) the policy applies it in; empty: not applied. */
  applied: Domain[];
}

export interface PackSweep extends SweepRecord {
  reach: TargetReach[];
}

export interface PackAgent {
  id: string;
  hostname: string | null;
  ip: string | null;
  /** Its site: its enrollment's, else the site of its IP (site-ip.ts). */
  site: string | null;
  lastSeen: string;
  lastReport: string | null;
  revokedAt: string | null;
  stale: boolean;
  assets: number;
}

export interface PackItem {
  asset: ReportRow;
  /** Who decided the finding's status, why and when (null: never decided, open since found). */
  decision: FindingDecision | null;
}

export interface PackData {
  generatedAt: string;
  database: string;
  scope: {
    site: { name: string; ranges: string[] } | null;
    list: PackList | null;
  };
  catalog: { version: string; origin: 'shipped' | 'installed'; policy: PolicyId; policyDescription: string };
  lists: PackList[];
  staleAfter: string;
  sweeps: PackSweep[];
  agents: PackAgent[];
  /** Covered first, then review; by asset id within each. */
  items: PackItem[];
  notLookedAt: {
    /** The latest sweep of each target range where no device answered. */
    unreachable: { sweepId: number; startedAt: string; target: string; addresses: number | null }[];
    /** Sweeps that did not finish: what they had not probed was not looked at. */
    unfinished: PackSweep[];
    incomplete: IncompleteAsset[];
    staleAgents: PackAgent[];
    /** Flagged assets not seen within the stale-after setting: whether they are still there is not known. */
    staleItems: number;
  };
}

/** Gathers the pack's data; an unknown site or list is a UsageError naming the ones there are. */
export function gatherPack(store: Store, filter: PackFilter = {}, now = new Date()): PackData {
  const db = store.db;
  const judging = store.settings.peek();
  const loaded = judging.load();
  // Computed, not resolved: resolving records the catalog, and a pack only reads.
  const policy = makePolicy(loaded.catalog, judging.policyId);
  const lists: PackList[] = loaded.catalog.lists.map((l) => ({
    id: l.id,
    name: l.name,
    authority: l.authority,
    status: l.status,
    source: l.source,
    updated: l.updated,
    applied: policy.lists[l.id] ?? [],
  }));

  let site: PackData['scope']['site'] = null;
  if (filter.site !== undefined) {
    if (!siteExists(db, filter.site)) throw new UsageError(unknownSite(db, filter.site));
    site = listSites(db).find((s) => s.name === filter.site) ?? null;
  }
  let list: PackList | null = null;
  if (filter.list !== undefined) {
    list = lists.find((l) => l.id === filter.list) ?? null;
    if (!list)
      throw new UsageError(
        `no list with id ${filter.list} in catalog ${judging.version}; lists: ${lists.map((l) => l.id).join(', ')}`,
      );
  }

  const staleCut = staleBefore(store.settings, now.getTime());
  const decisions = findingDecisions(db);
  const items: PackItem[] = store
    .reportRows({ only: 'flagged', site: filter.site })
    .filter((r) => !list || r.lists.some((l) => l.id === list.id))
    .map((asset) => ({
      asset,
      decision: asset.findingId === null ? null : (decisions.get(asset.findingId) ?? null),
    }));

  const swept = sweptAddresses(db);
  const sweeps: PackSweep[] = listSweeps(db)
    .filter((s) => !site || s.targets.some((t) => targetInRanges(t, s.excludes, site.ranges)))
    .map((s) => ({ ...s, reach: sweepReach(s, swept) }));

  // The latest sweep of a target speaks for it: an earlier silence was looked at again.
  const latest = new Map<string, { sweep: PackSweep; reach: TargetReach }>();
  for (const s of sweeps)
    for (const r of s.reach)
      if (!site || targetInRanges(r.target, s.excludes, site.ranges))
        latest.set(r.target, { sweep: s, reach: r });
  const unreachable = [...latest.values()]
    .filter(({ reach }) => reach.answered === 0)
    .map(({ sweep, reach }) => ({
      sweepId: sweep.id,
      startedAt: sweep.startedAt,
      target: reach.target,
      addresses: reach.addresses,
    }));

  const siteOf = siteResolver(db);
  const where = agentAddresses(db);
  const agents: PackAgent[] = store
    .listAgents()
    .map((a) => ({
      id: a.id,
      hostname: a.hostname,
      ip: where.get(a.id)?.ip ?? null,
      site: siteOf(where.get(a.id)?.siteKey ?? null),
      lastSeen: a.lastSeen,
      lastReport: a.lastReport,
      revokedAt: a.revokedAt,
      stale: a.lastSeen < staleCut,
      assets: a.assets,
    }))
    .filter((a) => !site || a.site === site.name);

  return {
    generatedAt: now.toISOString(),
    database: db.name,
    scope: { site, list },
    catalog: {
      version: judging.version,
      origin: judging.origin,
      policy: judging.policyId,
      policyDescription: policy.description,
    },
    lists,
    staleAfter: staleAfter(store.settings),
    sweeps,
    agents,
    items: [
      ...items.filter((i) => i.asset.verdict === 'covered'),
      ...items.filter((i) => i.asset.verdict === 'review'),
    ],
    notLookedAt: {
      unreachable,
      unfinished: sweeps.filter((s) => s.status !== 'done'),
      incomplete: incompleteAssets(db, filter.site),
      staleAgents: agents.filter((a) => a.stale && !a.revokedAt),
      staleItems: items.filter((i) => i.asset.stale).length,
    },
  };
}
