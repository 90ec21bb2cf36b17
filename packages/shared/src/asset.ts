// The common currency of ingest: every source (agent, sweep, neighbor table, import) turns what it
// saw into asset drafts with observations; the collector identifies, judges and stores them alike.
import type { Observation } from './evidence';

export type AssetKind = 'endpoint' | 'network-device' | 'peripheral' | 'neighbor';

/** What makes two observations the same asset (see the collector's identity rules). */
export interface Identity {
  /** `machine`: the OS installation's identity an agent reports (Inventory host.machineId). */
  type: 'mac' | 'serial' | 'ip' | 'sysname' | 'agent' | 'uuid' | 'usb' | 'machine';
  value: string;
}

export interface AssetDraft {
  kind: AssetKind;
  ip: string | null;
  mac: string | null;
  hostname: string | null;
  vendor: string | null;
  model: string | null;
  serial: string | null;
  identities: Identity[];
  observations: Observation[];
  /** For peripherals and neighbors: an identity of the asset they hang off. */
  attachedTo?: Identity;
  /** Where it was seen, e.g. "switch sw1 (127.0.0.1), port Gi0/12, VLAN 10". */
  location?: string;
  /**
   * For a swept device: the parts that were not read (the agent stopped answering, the device's time
   * ran out), e.g. ['entity', 'neighbors:fdb']; empty when everything was read. Absent elsewhere.
   */
  incomplete?: string[];
}
