/**
 * @module domain/organisations/organisation
 * Partners: the organisations on whose behalf records exist. A node is run by one of them.
 */
import type { RecordEnvelope } from '../records/record.js'

export const organisationKinds = [
  'government',
  'military',
  'un',
  'red-cross',
  'ngo',
  'private',
] as const
export type OrganisationKind = (typeof organisationKinds)[number]

export interface OrganisationFields {
  readonly code: string
  readonly nameEn: string
  readonly nameJa: string | null
  readonly country: string | null
  readonly kind: OrganisationKind
}

export interface Organisation extends RecordEnvelope, OrganisationFields {}
