/**
 * @module contract/organisations
 * Partners: the organisations on whose behalf records exist.
 */
import { z } from 'zod'
import { recordEnvelopeSchema } from './common.js'

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

export const organisationListSchema = z.object({ organisations: z.array(organisationSchema) })
