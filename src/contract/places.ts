/**
 * @module contract/places
 * Places: airports, seaports, shelters, municipalities from public data, and hubs, warehouses and
 * distribution points created on a node. A place's status is an operational record of its own.
 */
import { z } from 'zod'
import { pageQuerySchema, patchShape, recordEnvelopeSchema, shareSchema } from './common.js'

export const placeTypes = [
  'hub',
  'warehouse',
  'airport',
  'heliport',
  'seaport',
  'staging-area',
  'distribution-point',
  'shelter',
  'evacuation-site',
  'municipality',
] as const
export type PlaceType = (typeof placeTypes)[number]

export const placeStatuses = ['open', 'damaged', 'closed'] as const
export type PlaceStatusValue = (typeof placeStatuses)[number]

export const placeCodePattern = /^[A-Z][A-Z0-9_-]{0,19}:[A-Za-z0-9._-]{1,60}$/

export const placeFieldsSchema = z.object({
  code: z
    .string()
    .regex(
      placeCodePattern,
      'a scheme and a code, e.g. "ICAO:RJNK", "LOCODE:JPKNZ", "GSI:E17201...", "HUB:KOMATSU"',
    ),
  type: z.enum(placeTypes),
  nameEn: z.string().trim().max(300).nullable().default(null),
  nameJa: z.string().trim().max(300).nullable().default(null),
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  country: z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, e.g. "JP"'),
  adminCode: z
    .string()
    .max(20)
    .nullable()
    .default(null)
    .describe('Local-government code, e.g. 172049 (Wajima)'),
  municipality: z.string().max(100).nullable().default(null),
  address: z.string().max(300).nullable().default(null),
  capacity: z.number().int().min(0).max(10_000_000).nullable().default(null),
  attributes: z.record(z.string(), z.unknown()).default({}),
})

export const placeCreateSchema = placeFieldsSchema
  .extend({
    id: z
      .uuid()
      .optional()
      .describe('Client-chosen id (UUID); repeating a create with the same id is idempotent'),
    share: shareSchema.default('all'),
  })
  .refine((place) => place.nameEn || place.nameJa, {
    message: 'a name in English or Japanese is required',
    path: ['nameEn'],
  })
export type PlaceCreate = z.input<typeof placeCreateSchema>

export const placeUpdateSchema = z.object(patchShape(placeFieldsSchema.shape)).extend({
  version: z
    .number()
    .int()
    .positive()
    .describe('The version you read; a stale version is refused with 409'),
  share: shareSchema.optional(),
})
export type PlaceUpdate = z.input<typeof placeUpdateSchema>

export const placeStatusSchema = z.object({
  status: z.enum(placeStatuses),
  note: z.string().max(500).nullable(),
  reportedAt: z.string(),
  home: z.string(),
})

export const placeSchema = recordEnvelopeSchema.extend(placeFieldsSchema.shape).extend({
  status: placeStatusSchema
    .nullable()
    .describe('The latest reported status, or null when none was reported'),
})
export type Place = z.infer<typeof placeSchema>

export const placeStatusReportSchema = z.object({
  status: z.enum(placeStatuses),
  note: z.string().max(500).optional(),
})

export const placeSorts = [
  'code',
  '-code',
  'nameEn',
  '-nameEn',
  'nameJa',
  '-nameJa',
  'type',
  '-type',
  'capacity',
  '-capacity',
] as const
export const placeListQuerySchema = pageQuerySchema.extend({
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Text search in code, names (English, Japanese), municipality and address'),
  type: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined
      const types = value.split(',')
      for (const type of types) {
        if (!(placeTypes as readonly string[]).includes(type)) {
          ctx.addIssue({
            code: 'custom',
            message: `unknown place type "${type}"; expected one of ${placeTypes.join(', ')}`,
          })
          return z.NEVER
        }
      }
      return types as PlaceType[]
    })
    .describe('One type or several, comma-separated'),
  bbox: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === '') return undefined
      const parts = value.split(',').map(Number)
      const [west, south, east, north] = parts
      if (
        parts.length !== 4 ||
        parts.some((n) => !Number.isFinite(n)) ||
        west === undefined ||
        south === undefined ||
        east === undefined ||
        north === undefined ||
        south > north ||
        west > east ||
        south < -90 ||
        north > 90 ||
        west < -180 ||
        east > 180
      ) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected "west,south,east,north" in degrees, e.g. 136.5,36.9,137.4,37.6',
        })
        return z.NEVER
      }
      return { west, south, east, north }
    })
    .describe('Bounding box "west,south,east,north" in WGS84 degrees'),
  admin: z
    .string()
    .regex(/^\d{2,6}$/)
    .optional()
    .describe('Administrative code or its prefix, e.g. 17 (Ishikawa) or 172049 (Wajima)'),
  sort: z.enum(placeSorts).default('code'),
})
export type PlaceListQuery = z.input<typeof placeListQuerySchema>
export type PlaceListFilter = z.output<typeof placeListQuerySchema>

export const placeListSchema = z.object({
  places: z.array(placeSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})
export type PlaceList = z.infer<typeof placeListSchema>
