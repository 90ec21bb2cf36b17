// The catalog's shape. Every list, entry, entity and identifier names its source and a date,
// so a finding can always say where its rule came from.
// Namespace import, so bundles keep only the parts of zod we use (see inventory.ts).
import * as z from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
const source = z.string().min(1, 'every entry needs a source');
export const domains = ['hardware', 'software', 'service'] as const;
const domain = z.enum(domains);

export const listEntrySchema = z.strictObject({
  entity: z.string().min(1),
  added: isoDate,
  removed: isoDate.optional(),
  domains: z.array(domain).min(1),
  scope: z.string().min(1),
  source,
});

export const listSchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  authority: z.string().min(1),
  status: z.enum(['in-force', 'proposed', 'revoked']),
  domains: z.array(domain).min(1),
  /** Domains this list applies to under the default policy; empty = off by default. */
  defaultDomains: z.array(domain),
  source,
  updated: isoDate,
  entries: z.array(listEntrySchema),
  categories: z
    .array(z.strictObject({ id: z.string(), added: isoDate, scope: z.string(), source }))
    .optional(),
});

export const listsFileSchema = z.strictObject({ version: z.string(), lists: z.array(listSchema) });

export const strengths = ['strong', 'medium', 'weak'] as const;
const strength = z.enum(strengths);
export const fieldClasses = ['vendor', 'model', 'description', 'freetext', 'software'] as const;

const common = { strength, source, added: isoDate, note: z.string().optional() };
const hex4 = z.string().regex(/^[0-9a-f]{4}$/, 'expected 4 lower-case hex digits');
/** Rules run on lower-cased text, so a pattern with upper-case letters (outside escapes) never matches. */
const regex = z
  .string()
  .refine(
    (p) => {
      try {
        new RegExp(p, 'u');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'not a valid regular expression' },
  )
  .refine((p) => !/[A-Z]/.test(p.replace(/\\[pP]\{[^}]*\}/g, '').replace(/\\[A-Za-z]/g, '')), {
    message: 'patterns are matched against lower-cased text: write them in lower case',
  });

/**
 * Camera and recorder protocols whose replies the sweep reads (`coverscan sweep --cameras`): the
 * makers' own discovery protocols (SADP, Dahua's DHIP discovery), ONVIF, and the web and RTSP servers.
 */
export const firmwareProtocols = ['sadp', 'dahua-discovery', 'onvif', 'http', 'rtsp'] as const;
/** Which part of a reply a fingerprint reads. */
export const fingerprintParts = [
  'server',
  'realm',
  'title',
  'body',
  'manufacturer',
  'model',
  'hardware',
  'name',
] as const;

export const identifierSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('enterprise'), value: z.string().regex(/^\d+$/), ...common }),
  z.strictObject({ type: z.literal('oid-prefix'), value: z.string().regex(/^\d+(\.\d+)+$/), ...common }),
  z.strictObject({ type: z.literal('usb-vendor'), value: hex4, ...common }),
  z.strictObject({ type: z.literal('pci-vendor'), value: hex4, ...common }),
  z.strictObject({ type: z.literal('bt-company'), value: hex4, ...common }),
  z.strictObject({
    type: z.literal('text'),
    pattern: regex,
    fields: z.array(z.enum(fieldClasses)).optional(),
    /** The match must start within the first `head` characters (a maker named at the start of a sysDescr, not in passing). */
    head: z.number().int().positive().optional(),
    ...common,
  }),
  z.strictObject({ type: z.literal('oui-registrant'), pattern: regex, ...common }),
  z.strictObject({
    type: z.literal('software'),
    field: z.enum(['name', 'publisher', 'bundleId', 'package']),
    pattern: regex,
    ...common,
  }),
  // A well-formed reply to this maker's own discovery protocol: only its firmware speaks it.
  z.strictObject({
    type: z.literal('firmware-protocol'),
    protocol: z.enum(['sadp', 'dahua-discovery']),
    /** The maker's name for the protocol, shown in evidence ("SADP", "Dahua discovery (DHIP)"). */
    label: z.string().min(1),
    ...common,
  }),
  // A banner, realm, page or field of a camera protocol's reply that a firmware family sends. The
  // strength says how precise it is: a generic web-server banner is medium, a login path strong.
  z.strictObject({
    type: z.literal('fingerprint'),
    protocol: z.enum(firmwareProtocols),
    part: z.enum(fingerprintParts),
    pattern: regex,
    ...common,
  }),
  z.strictObject({
    type: z.literal('snmp-probe'),
    oid: z.string().regex(/^\d+(\.\d+)+$/),
    op: z.enum(['get', 'next']),
    ...common,
  }),
]);

export const entitySchema = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  /** The common name reports show ("Huawei", "HPE"); `name` is the legal name. */
  short: z.string().min(1).optional(),
  parent: z.string().optional(),
  /** How the entity relates to a listed one; decides how far its evidence can go. */
  relation: z.enum([
    'listed',
    'subsidiary',
    'brand',
    'affiliate',
    'former-subsidiary',
    'former-affiliate',
    'oem',
    'lookalike',
    // An equipment maker with no relation to a listed one: in the catalog so it is named, and so
    // that a device describing itself as its product is not silently judged by a copied number.
    'maker',
  ]),
  /** covered: strong evidence makes a `covered` verdict; review: at most `review`; none: never flagged. */
  coverage: z.enum(['covered', 'review', 'none']),
  confidence: z.enum(['high', 'medium', 'low']),
  validFrom: isoDate.optional(),
  validTo: isoDate.optional(),
  why: z.string().optional(),
  source,
  updated: isoDate,
  identifiers: z.array(identifierSchema),
});

/** Enterprise numbers of agent toolkits, network stacks and OSes: a sysObjectID under them names no maker. */
export const genericEnterpriseSchema = z.strictObject({
  value: z.string().regex(/^\d+$/),
  name: z.string().min(1),
  source,
  added: isoDate,
});

export const entitiesFileSchema = z.strictObject({
  version: z.string(),
  sources: z.record(z.string(), z.string().min(1)),
  generic: z.array(genericEnterpriseSchema),
  entities: z.array(entitySchema),
});

export type ListDef = z.infer<typeof listSchema>;
export type ListEntry = z.infer<typeof listEntrySchema>;
export type EntityDef = z.infer<typeof entitySchema>;
export type IdentifierDef = z.infer<typeof identifierSchema>;
export type Domain = (typeof domains)[number];
export type Strength = (typeof strengths)[number];
export type FieldClass = (typeof fieldClasses)[number];
export type FirmwareProtocol = (typeof firmwareProtocols)[number];
export type FingerprintPart = (typeof fingerprintParts)[number];

/** Standard MIB objects (not vendor-specific) that name a device's maker or model; a sweep GETs them. */
export const snmpIdentityFileSchema = z.strictObject({
  version: z.string(),
  oids: z.array(
    z.strictObject({
      oid: z.string().regex(/^\d+(\.\d+)+$/),
      name: z.string().min(1),
      textClass: z.enum(fieldClasses),
      source,
      added: isoDate,
      note: z.string().optional(),
    }),
  ),
});
export type SnmpIdentityOid = z.infer<typeof snmpIdentityFileSchema>['oids'][number];

/** The field shapes every catalog file shares (categories.json uses them too). */
export { isoDate, regex as lowerCasePattern, source as sourceField };
