/**
 * @module contract/items
 * Catalog items: what a hub stocks. Weights and volumes are integers in grams and millilitres per base unit.
 */
import { z } from 'zod'
import { pageQuerySchema, patchShape, recordEnvelopeSchema, shareSchema } from './common.js'

export const itemCategories = [
  'food',
  'wash',
  'shelter',
  'nfi',
  'health',
  'logistics',
  'other',
] as const
export const itemCodePattern = /^[A-Z0-9][A-Z0-9._/+,-]{1,39}$/

export const kitComponentSchema = z.object({
  code: z.string().regex(itemCodePattern),
  quantity: z.number().int().positive().max(1_000_000),
})

export const itemFieldsSchema = z.object({
  code: z
    .string()
    .regex(itemCodePattern, 'upper-case letters, digits and . _ / + , -, 2 to 40 characters'),
  nameEn: z.string().trim().min(1).max(300),
  nameJa: z.string().trim().max(300).nullable().default(null),
  category: z.enum(itemCategories),
  group: z
    .string()
    .max(120)
    .nullable()
    .default(null)
    .describe('Catalogue group and family, e.g. IFRC "Shelter / Tents"'),
  unit: z.string().trim().min(1).max(30),
  unitWeightG: z.number().int().min(0).max(100_000_000).nullable().default(null),
  unitVolumeMl: z.number().int().min(0).max(1_000_000_000).nullable().default(null),
  shelfLifeDays: z.number().int().positive().max(36_500).nullable().default(null),
  ifrcCode: z.string().max(40).nullable().default(null),
  components: z.array(kitComponentSchema).max(200).default([]),
})

export const itemCreateSchema = itemFieldsSchema.extend({
  id: z
    .uuid()
    .optional()
    .describe('Client-chosen id (UUID); repeating a create with the same id is idempotent'),
  share: shareSchema.default('all'),
})
export type ItemCreate = z.input<typeof itemCreateSchema>

export const itemUpdateSchema = z.object(patchShape(itemFieldsSchema.shape)).extend({
  version: z
    .number()
    .int()
    .positive()
    .describe('The version you read; a stale version is refused with 409'),
  share: shareSchema.optional(),
})
export type ItemUpdate = z.input<typeof itemUpdateSchema>

export const itemSchema = recordEnvelopeSchema.extend(itemFieldsSchema.shape)
export type Item = z.infer<typeof itemSchema>

export const itemSorts = [
  'code',
  '-code',
  'nameEn',
  '-nameEn',
  'category',
  '-category',
  'unitWeightG',
  '-unitWeightG',
] as const
export const itemListQuerySchema = pageQuerySchema.extend({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Text search in code, English and Japanese names'),
  category: z.enum(itemCategories).optional(),
  sort: z.enum(itemSorts).default('code'),
})
export type ItemListQuery = z.input<typeof itemListQuerySchema>

export const itemListSchema = z.object({
  items: z.array(itemSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})
export type ItemList = z.infer<typeof itemListSchema>
