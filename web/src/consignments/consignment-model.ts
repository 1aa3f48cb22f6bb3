/**
 * @module web/consignments/consignment-model
 * Consignments as the web app reads them (types from src/contract/consignments.ts), who may act, the
 * tracking events and the status colours; the pure rules (actions a status allows, short reference,
 * a refusal's field errors) are in consignment-rules.ts and re-exported here.
 */
import type { SessionView } from '@contract/access.js'
import {
  type ConsignmentBody,
  consignmentStatuses,
  type deliveryProofSchema,
  shortfallReasons,
  type TrackingEventBody,
  trackingReportKinds,
} from '@contract/consignments.js'
import type { z } from 'zod'

export {
  allowedSteps,
  type ConsignmentStep,
  normaliseField,
  refusalFields,
  shortRef,
  wholeOf,
} from './consignment-rules.js'
export { consignmentStatuses, shortfallReasons, trackingReportKinds }
export type ConsignmentStatus = (typeof consignmentStatuses)[number]
export type ShortfallReason = (typeof shortfallReasons)[number]
export type ConsignmentLine = ConsignmentBody['lines'][number]
export type DeliveryProof = z.infer<typeof deliveryProofSchema>

export type TrackingEvent = TrackingEventBody
export type TrackingKind = TrackingEvent['kind']
export type TrackingReportKind = (typeof trackingReportKinds)[number]
export type Consignment = ConsignmentBody

export interface ConsignmentList {
  consignments: Consignment[]
  total: number
  limit: number
  offset: number
}

export function isConsignmentStatus(value: string): value is ConsignmentStatus {
  return (consignmentStatuses as readonly string[]).includes(value)
}

/** Made, dispatched, cancelled and received by logisticians and administrators. */
export function mayWriteConsignments(session: SessionView): boolean {
  return session.user.roles.some((role) => role === 'admin' || role === 'logistician')
}

/** Status families share a colour with the requests' badges (requests.css). */
export const statusTone: Record<ConsignmentStatus, string> = {
  planned: 'waiting',
  loading: 'active',
  dispatched: 'moving',
  arrived: 'arrived',
  received: 'done',
  cancelled: 'stopped',
}
