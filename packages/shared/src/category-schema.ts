// The shape of categories.json: product classes that a list covers by category (not by maker), the
// public product-line facts that identify them, and the exemptions the list names. Every entry has a
// source and a date, like the rest of the catalog.
import * as z from 'zod';
import { isoDate, lowerCasePattern as pattern, sourceField as source } from './catalog-schema';

const id = z.string().regex(/^[a-z0-9-]+$/, 'expected lower-case letters, digits and dashes');

/** Text fields a product-line name may appear in; free text (sysLocation, contacts) never counts. */
export const categoryTextFields = ['vendor', 'model', 'description'] as const;

export const categoryMatchSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('text'),
    pattern,
    fields: z.array(z.enum(categoryTextFields)).min(1).optional(),
  }),
  z.strictObject({
    type: z.literal('software'),
    field: z.enum(['name', 'publisher', 'bundleId', 'package']),
    pattern,
  }),
]);

export const exemptionBases = [
  'us-produced',
  'blue-uas',
  'domestic-end-product',
  'conditional-approval',
] as const;

export const categoriesFileSchema = z.strictObject({
  version: z.string(),
  sources: z.record(z.string(), z.string().min(1)),
  /** What each exemption basis means and how long the list grants it (a product's entry may narrow it). */
  bases: z.record(
    z.enum(exemptionBases),
    z.strictObject({
      name: z.string().min(1),
      validFrom: isoDate.optional(),
      /** First day the basis no longer exempts. */
      validTo: isoDate.optional(),
      source,
    }),
  ),
  /** Device classes, each under one list category (lists.json `categories[].id`). */
  classes: z.array(
    z.strictObject({
      id,
      name: z.string().min(1),
      list: id,
      category: id,
      definition: z.string().min(1),
      source,
      added: isoDate,
    }),
  ),
  /** Product lines that are of a class: matching one makes the device a member of its category. */
  rules: z.array(
    z.strictObject({
      id,
      class: id,
      product: z.string().min(1),
      match: z.array(categoryMatchSchema).min(1),
      source,
      added: isoDate,
      note: z.string().optional(),
    }),
  ),
  /** What the list itself exempts, or what is outside it (produced in the United States). */
  exemptions: z.array(
    z.strictObject({
      id,
      /** The class of the product the exemption names: a lapsed exemption leaves a member of it. */
      class: id,
      basis: z.enum(exemptionBases),
      product: z.string().min(1),
      /**
       * product: the named products are exempt. new-models: an approval for models authorized after it,
       * which says nothing about a model already sold; it is shown to the reviewer, never clears.
       */
      scope: z.enum(['product', 'new-models']),
      match: z.array(categoryMatchSchema).min(1),
      validFrom: isoDate.optional(),
      /** First day the exemption no longer applies. */
      validTo: isoDate.optional(),
      source,
      added: isoDate,
      note: z.string().optional(),
    }),
  ),
});

export type CategoriesFile = z.infer<typeof categoriesFileSchema>;
export type CategoryClass = CategoriesFile['classes'][number];
export type CategoryRule = CategoriesFile['rules'][number];
export type CategoryExemption = CategoriesFile['exemptions'][number];
export type CategoryMatch = z.infer<typeof categoryMatchSchema>;
export type ExemptionBasis = (typeof exemptionBases)[number];
