/**
 * @module contract/consignments
 * Consignments as the API speaks them: create (which reserves the stock), the actions of their life,
 * the receipt with its proof of delivery, tracking events on the way, and the list.
 */
import { z } from 'zod'
import { pageQuerySchema, sortSchema, recordEnvelopeSchema, shareSchema } from './common.js'

export const consignmentStatuses = [
  'planned',
  'loading',
  'dispatched',
  'arrived',
  'received',
  'cancelled',
] as const
export const consignmentActions = ['load', 'dispatch', 'arrive', 'cancel'] as const
export const shortfallReasons = [
  'short-shipped',
  'damaged',
  'stolen',
  'spoiled',
  'lost',
  'other',
] as const

/** Largest signature or photo accepted, as a data URL (about 1.5 MB of image). */
export const PROOF_IMAGE_CHARS_MAX = 2_000_000

const quantity = z.number().int('a whole number').positive('greater than 0').max(1_000_000_000)

export const consignmentLineCreateSchema = z.object({
  item: z.uuid(),
  owner: z.uuid().describe('The organisation that owns the stock'),
  quantity,
  lot: z.string().trim().min(1).max(60).nullable().optional().describe('Omit to pick lots FEFO'),
  request: z.uuid().nullable().optional().describe('The request this line serves'),
  requestLine: z.uuid().nullable().optional().describe("The request's item line it serves"),
})

export const consignmentCreateSchema = z.object({
  id: z
    .uuid()
    .optional()
    .describe('Client-chosen id (UUID); repeating a create with the same id is idempotent'),
  origin: z.uuid().describe('The place the stock leaves from'),
  destination: z.uuid(),
  route: z
    .array(z.uuid())
    .max(50)
    .optional()
    .describe('Leg ids in travel order; omit for a direct leg'),
  asset: z.uuid().nullable().optional().describe('The asset carrying it: its load is checked'),
  lines: z.array(consignmentLineCreateSchema).min(1, 'at least one line').max(100),
  note: z.string().max(2000).nullable().optional(),
  share: shareSchema.optional(),
})

const pickSchema = z.object({
  lot: z.string(),
  expiresOn: z.string().nullable(),
  quantity: z.number().int(),
  pendingId: z.uuid().describe('The pending transfer that reserves it'),
})

export const consignmentLineSchema = z.object({
  id: z.uuid(),
  item: z.uuid(),
  lot: z.string().nullable(),
  owner: z.string(),
  quantity: z.number().int(),
  request: z.string().nullable(),
  requestLine: z.string().nullable(),
  picks: z.array(pickSchema),
  quantityReceived: z.number().int().nullable(),
  discrepancyReason: z.string().nullable(),
})

export const trackingKinds = ['departed', 'position', 'delayed', 'arrived'] as const
/** What a person reports; departed and arrived are written by dispatch and arrive. */
export const trackingReportKinds = ['position', 'delayed'] as const

export const trackingEventSchema = z.object({
  id: z.string(),
  kind: z.enum(trackingKinds),
  at: z.string(),
  lat: z.number().nullable(),
  lon: z.number().nullable(),
  eta: z.string().nullable().describe('A new estimated time of arrival, if the event gave one'),
  note: z.string().nullable(),
  actor: z.string(),
})
export type TrackingEventBody = z.infer<typeof trackingEventSchema>

export const trackingEventCreateSchema = z.object({
  kind: z.enum(trackingReportKinds),
  at: z.iso.datetime({ offset: true }).optional().describe('When it happened; default now'),
  lat: z.number().min(-90).max(90).nullable().optional(),
  lon: z.number().min(-180).max(180).nullable().optional(),
  eta: z.iso
    .datetime({ offset: true })
    .nullable()
    .optional()
    .describe('The new estimated time of arrival: required for delayed'),
  note: z
    .string()
    .trim()
    .max(500)
    .nullable()
    .optional()
    .describe('Why, where: encouraged for delayed'),
})

export const consignmentSchema = recordEnvelopeSchema.extend({
  origin: z.string(),
  destination: z.string(),
  route: z.array(z.string()),
  asset: z.string().nullable(),
  status: z.enum(consignmentStatuses),
  lines: z.array(consignmentLineSchema),
  note: z.string().nullable(),
  dispatchedAt: z.string().nullable(),
  arrivedAt: z.string().nullable(),
  receivedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  proof: z
    .object({
      receivedAt: z.string(),
      lat: z.number().nullable(),
      lon: z.number().nullable(),
      proofId: z.string(),
      proofHash: z.string(),
    })
    .nullable(),
  eta: z.string().nullable().describe('The estimated time of arrival its latest estimate gave'),
  tracking: z
    .array(trackingEventSchema)
    .describe('Departed, position, delayed, arrived: in time order'),
})
export type ConsignmentBody = z.infer<typeof consignmentSchema>

/** The columns consignments sort by; ties fall back to the id (time-ordered: newest last). */
export const consignmentSortFields = ['createdAt', 'status', 'dispatchedAt', 'eta'] as const
export type ConsignmentSort =
  | (typeof consignmentSortFields)[number]
  | `-${(typeof consignmentSortFields)[number]}`

export const consignmentListQuerySchema = pageQuerySchema.extend({
  status: z.enum(consignmentStatuses).optional(),
  origin: z.uuid().optional(),
  destination: z.uuid().optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe('Text in the name or code of the origin or the destination (any case and width)'),
  sort: sortSchema(consignmentSortFields, '-createdAt'),
})
export const consignmentListSchema = z.object({
  consignments: z.array(consignmentSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const consignmentActionParamsSchema = z.object({
  id: z.uuid(),
  action: z.enum(consignmentActions),
})

const pngDataUrl = z
  .string()
  .max(PROOF_IMAGE_CHARS_MAX, `at most ${PROOF_IMAGE_CHARS_MAX} characters`)
  .regex(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/, 'a PNG data URL (data:image/png;base64,…)')
const photoDataUrl = z
  .string()
  .max(PROOF_IMAGE_CHARS_MAX, `at most ${PROOF_IMAGE_CHARS_MAX} characters`)
  .regex(/^data:image\/(png|jpeg|webp);base64,[A-Za-z0-9+/=]+$/, 'a PNG, JPEG or WebP data URL')

export const receiptSchema = z.object({
  lines: z
    .array(
      z.object({
        line: z.uuid().describe('A line of the consignment'),
        quantityReceived: z.number().int('a whole number').min(0).max(1_000_000_000),
        reason: z
          .enum(shortfallReasons)
          .nullable()
          .optional()
          .describe('Required when less arrived than was sent'),
        note: z.string().max(500).nullable().optional(),
      }),
    )
    .min(1)
    .max(100),
  proof: z.object({
    receivedBy: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .describe('Who received it (kept apart: personal data)'),
    receivedAt: z.iso.datetime({ offset: true }).optional(),
    lat: z.number().min(-90).max(90).nullable().optional(),
    lon: z.number().min(-180).max(180).nullable().optional(),
    signature: pngDataUrl.nullable().optional().describe('The signature drawn on screen'),
    photo: photoDataUrl.nullable().optional(),
  }),
})

export const deliveryProofSchema = z.object({
  id: z.string(),
  consignment: z.string(),
  org: z.string(),
  receivedBy: z.string(),
  signature: z.string().nullable(),
  photo: z.string().nullable(),
  hash: z.string(),
  createdAt: z.string(),
})
