/**
 * @module contract/transport
 * Transport as the API speaks it: reference asset types, the assets partners offer, the legs of the
 * route network and the fastest route between two places.
 */
import { z } from 'zod'
import { pageQuerySchema, sortSchema, recordEnvelopeSchema, shareSchema } from './common.js'

export const assetKinds = ['fixed-wing', 'helicopter', 'ship', 'truck'] as const
export const assetStatuses = ['available', 'tasked', 'maintenance', 'unavailable'] as const
export const legModes = ['air', 'sea', 'road'] as const
export const legStatuses = ['open', 'damaged', 'closed'] as const

const when = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 time, e.g. 2024-01-03T09:00:00+09:00')

export const assetTypeSchema = z.object({
  code: z.string(),
  kind: z.enum(assetKinds),
  nameEn: z.string(),
  nameJa: z.string().nullable(),
  payloadKg: z.number().int(),
  volumeM3: z.number(),
  speedKmh: z.number(),
  rangeKm: z.number().nullable(),
  estimates: z.string().nullable().describe('Which figures are estimates, and how they were made'),
  source: z.string().describe('The public source of each figure'),
})
export const assetTypeListSchema = z.object({ assetTypes: z.array(assetTypeSchema) })

export const assetCreateSchema = z.object({
  id: z
    .uuid()
    .optional()
    .describe('Client-chosen id (UUID); repeating a create with the same id is idempotent'),
  org: z
    .uuid()
    .optional()
    .describe(
      "The partner offering it (default: the caller's organisation; the node's own coordinators may record a partner's)",
    ),
  type: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .nullable()
    .optional()
    .describe(
      'A reference type code (GET /api/asset-types) whose figures fill in what is not given',
    ),
  kind: z.enum(assetKinds).optional().describe('Required for a custom asset (no type)'),
  name: z.string().trim().min(1).max(200).describe('Name, tail or hull number'),
  payloadKg: z.number().int('a whole number of kg').positive('greater than 0').optional(),
  volumeM3: z.number().positive('greater than 0').max(10_000_000).optional(),
  speedKmh: z.number().positive('greater than 0').max(3000).optional(),
  rangeKm: z.number().positive('greater than 0').max(40_000).nullable().optional(),
  base: z.uuid().describe('The place it operates from'),
  availableFrom: when.nullable().optional(),
  availableUntil: when.nullable().optional(),
  share: shareSchema.default('all'),
})
export type AssetCreate = z.input<typeof assetCreateSchema>

export const assetSchema = recordEnvelopeSchema.extend({
  kind: z.enum(assetKinds),
  type: z.string().nullable(),
  name: z.string(),
  payloadKg: z.number().int(),
  volumeM3: z.number(),
  speedKmh: z.number(),
  rangeKm: z.number().nullable(),
  base: z.string(),
  availableFrom: z.string().nullable(),
  availableUntil: z.string().nullable(),
  status: z.enum(assetStatuses),
  statusNote: z.string().nullable(),
})
export type AssetView = z.infer<typeof assetSchema>

export const assetStatusBodySchema = z.object({
  status: z.enum(assetStatuses),
  note: z.string().trim().max(500).nullable().optional(),
  version: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('The version you read; a stale one is refused with 409'),
})

/** The columns assets sort by; ties fall back to the name, then the id. */
export const assetSortFields = [
  'kind',
  'name',
  'payloadKg',
  'volumeM3',
  'speedKmh',
  'rangeKm',
  'status',
] as const

export const assetListQuerySchema = pageQuerySchema.extend({
  kind: z.enum(assetKinds).optional(),
  status: z.enum(assetStatuses).optional(),
  org: z.uuid().optional(),
  base: z.uuid().optional(),
  availableAt: when.optional().describe('Only assets whose availability window holds this time'),
  q: z.string().trim().max(200).optional().describe('Text in the name or type'),
  sort: sortSchema(assetSortFields, 'kind'),
})
export const assetListSchema = z.object({
  assets: z.array(assetSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const legSchema = recordEnvelopeSchema.extend({
  mode: z.enum(legModes),
  from: z.string(),
  to: z.string(),
  distanceKm: z.number(),
  transitMinutes: z.number().int(),
  status: z.enum(legStatuses),
  note: z.string().nullable(),
  edited: z.boolean().describe('Changed by hand: deriving the network again leaves it as it is'),
})
export type LegView = z.infer<typeof legSchema>

/** The columns legs sort by; ties fall back to the places at either end, then the id. */
export const legSortFields = ['mode', 'distanceKm', 'transitMinutes', 'status'] as const

export const legListQuerySchema = pageQuerySchema.extend({
  mode: z.enum(legModes).optional(),
  status: z.enum(legStatuses).optional(),
  place: z.uuid().optional().describe('Legs from or to this place'),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe(
      "Free text: the from or to place's name (English or Japanese) or code, any case or width",
    ),
  sort: sortSchema(legSortFields, 'mode'),
})
export const legListSchema = z.object({
  legs: z.array(legSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const legUpdateSchema = z.object({
  version: z.number().int().positive().describe('The version you read; a stale one is refused'),
  status: z.enum(legStatuses).optional(),
  distanceKm: z.number().positive().max(40_000).optional(),
  transitMinutes: z.number().int('whole minutes').positive().max(100_000).optional(),
  reason: z
    .string()
    .trim()
    .min(1)
    .max(500)
    .nullable()
    .optional()
    .describe('Why: required to mark a leg damaged or closed'),
})
export const legActionBodySchema = z.object({
  reason: z.string().trim().min(1).max(500).optional(),
  version: z.number().int().positive().optional(),
})

export const deriveResultSchema = z.object({
  places: z.number().int(),
  derived: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  keptEdited: z.number().int(),
  byMode: z.record(z.string(), z.number().int()),
  milliseconds: z.number().int(),
})

export const fastestQuerySchema = z.object({
  from: z.uuid().describe('Origin place id'),
  to: z.uuid().describe('Destination place id'),
  kind: z.enum(assetKinds).optional().describe('Required unless an asset is given'),
  asset: z.uuid().optional().describe('Route for this asset: its kind, cruise speed and range'),
})

export const routeStepSchema = z.object({
  leg: z.string().nullable().describe('The leg, or null for a direct helicopter flight'),
  mode: z.enum(legModes),
  from: z.string(),
  to: z.string(),
  fromCode: z.string(),
  toCode: z.string(),
  distanceKm: z.number(),
  minutes: z.number().int(),
  status: z.enum(legStatuses),
  note: z.string().nullable(),
})
export const fastestRouteSchema = z.object({
  from: z.string(),
  to: z.string(),
  kind: z.enum(assetKinds),
  speedKmh: z.number(),
  rangeKm: z.number().nullable(),
  steps: z.array(routeStepSchema),
  distanceKm: z.number(),
  minutes: z.number().int(),
  warnings: z.array(z.string()),
})
export type FastestRoute = z.infer<typeof fastestRouteSchema>
