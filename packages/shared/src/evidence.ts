// What the identification works on (observations) and what it produces (evidence).
import type { Domain, FieldClass, FingerprintPart, FirmwareProtocol, Strength } from './catalog-schema';
import type { ExemptionBasis } from './category-schema';

export type ObservationKind =
  | 'text'
  | 'sysObjectID'
  | 'engineID'
  | 'mac'
  | 'usb'
  | 'pci'
  | 'bluetooth'
  | 'software'
  | 'snmpProbe'
  /** An enterprise number whose private MIB subtree the agent implements (value: the number). */
  | 'enterprise'
  /** A camera or recorder protocol's reply (see `firmware` on the observation). */
  | 'firmware';

/** Which reply a `firmware` observation comes from, and what the device calls itself. */
export interface FirmwareReply {
  protocol: FirmwareProtocol;
  /** The part of the reply `value` is. */
  part: FingerprintPart | 'device-type';
  /** The brand the device presents (its ONVIF or discovery manufacturer, its ONVIF name), if any. */
  label?: string;
}

/** One thing a source saw: a field of a device and its value. */
export interface Observation {
  kind: ObservationKind;
  /** Who saw it: `agent`, `snmp`, `lldp`, `arp`, `fdb`, `check`, ... */
  source: string;
  /** Where: `sysDescr`, `dmi.system.manufacturer`, `usb[3].vendorId`, ... */
  field: string;
  value: string;
  /** For text: what kind of field it is. `any` (the check command) lets every text rule apply. */
  textClass?: FieldClass | 'any';
  /** For software: the other columns of the same package. */
  software?: { name?: string; publisher?: string; bundleId?: string; package?: string };
  /** For usb/pci: the product id, kept in the evidence. */
  productId?: string;
  /** For snmpProbe: the OID that was asked (value is the OID that answered). */
  probe?: string;
  /** For text decoded from bytes that were not UTF-8 (Windows-1252): those bytes as hex. */
  raw?: string;
  /** For firmware: the protocol and part of the reply. */
  firmware?: FirmwareReply;
}

/** One rule that matched one observation. */
export interface Evidence {
  source: string;
  field: string;
  value: string;
  /** A sentence a compliance officer can read: what matched what. */
  rule: string;
  ruleId: string;
  ruleSource: string;
  strength: Strength;
  entity: string;
  domain: Domain;
  /** What kind of observation matched, and for text its class: naming and conflicts weigh them. */
  kind?: ObservationKind;
  textClass?: FieldClass | 'any';
  /**
   * Set when the rule names a product class a list covers by category (categories.json): the category
   * id, which is then also `entity`.
   */
  category?: string;
  /** Set when the rule names an exemption from that category: its basis. */
  exemption?: ExemptionBasis;
  /** The observation's bytes (hex) when its text was decoded from something other than UTF-8. */
  raw?: string;
}

export const strengthRank: Record<Strength, number> = { strong: 3, medium: 2, weak: 1 };
