// One element of `coverscan report --format json` (DESIGN.md): absent values are null.
import type { AssetKind, Evidence, ListRef, VerdictKind } from '@coverscan/shared';

export interface ReportRow {
  id: number;
  ip: string | null;
  mac: string | null;
  hostname: string | null;
  kind: AssetKind;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  verdict: VerdictKind;
  entity: string | null;
  entityName: string | null;
  reason: string | null;
  lists: ListRef[];
  evidence: Evidence[];
  location: string | null;
  /** The asset this one hangs off (a USB phone's workstation, a neighbor's switch), by id. */
  attachedTo: number | null;
  agentId: string | null;
  findingId: number | null;
  findingStatus: 'open' | 'accepted' | 'remediated' | null;
  findingWhy: string | null;
  /** What a sweep could not read of this device (e.g. ["entity", "neighbors:fdb"]); empty when nothing is missing. */
  incomplete: string[];
  firstSeen: string;
  lastSeen: string;
  /**
   * An agent claimed an identity of this asset (or this asset's) that another source found, without a
   * second identity that agrees: the two were kept apart; a person decides (null: no such conflict).
   */
  identityConflict: string | null;
  /** Not seen within the collector's stale-after setting: shown, counted apart, not "there now". */
  stale: boolean;
  /** For a flagged asset, in one line: the strongest evidence for its entity and its lists (null when clear). */
  why: string | null;
  /** The site whose most specific range holds its IP (an agent's assets: the agent's IP); null: none. */
  site: string | null;
}
