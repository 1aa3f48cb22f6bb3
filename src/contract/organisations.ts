/**
 * @module contract/organisations
 * Partners: the organisations on whose behalf records exist.
 */
import { z } from 'zod'
import {
  directoryPageQuerySchema,
  listTextSchema,
  recordEnvelopeSchema,
  sortSchema,
} from './common.js'

export const organisationKinds = [
  'government',
  'military',
  'un',
  'red-cross',
  'ngo',
  'private',
] as const

export const organisationSchema = recordEnvelopeSchema.extend({
  code: z.string(),
  nameEn: z.string(),
  nameJa: z.string().nullable(),
  country: z.string().nullable(),
  kind: z.enum(organisationKinds),
})
export type OrganisationView = z.infer<typeof organisationSchema>

export const organisationSortFields = ['code', 'nameEn', 'nameJa', 'country', 'kind'] as const
export const organisationListQuerySchema = directoryPageQuerySchema.extend({
  q: listTextSchema.describe('Text in the code or the English or Japanese name (any case)'),
  kind: z.enum(organisationKinds).optional(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'a two-letter country code, e.g. JP')
    .optional()
    .describe('ISO 3166-1 alpha-2, e.g. JP'),
  sort: sortSchema(organisationSortFields, 'code'),
})
export const organisationListSchema = z.object({
  organisations: z.array(organisationSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})
