/**
 * @module contract/requests
 * Operations and requests for assistance as the API speaks them.
 */
import { z } from 'zod'
import {
  directoryPageQuerySchema,
  flagQuerySchema,
  listTextSchema,
  pageQuerySchema,
  recordEnvelopeSchema,
  shareSchema,
  sortSchema,
} from './common.js'
import { standardKeyPattern } from './needs.js'

export const priorities = ['life-saving', 'life-sustaining', 'other'] as const
export const requestStatuses = [
  'draft',
  'submitted',
  'validated',
  'rejected',
  'partially-planned',
  'planned',
  'partially-dispatched',
  'dispatched',
  'partially-delivered',
  'delivered',
  'closed',
  'cancelled',
] as const
export const requestActions = ['submit', 'validate', 'reject', 'cancel', 'close'] as const
export const capabilities = [
  'airlift',
  'sea-lift',
  'road-transport',
  'helicopter-evacuation',
  'medical-team',
  'water-purification',
  'engineering',
  'logistics-support',
  'communications',
  'other',
] as const
export const capabilityStatuses = [
  'validated',
  'tasked',
  'accepted',
  'declined',
  'in-progress',
  'completed',
] as const
export const capabilityActions = ['task', 'accept', 'decline', 'start', 'complete'] as const

const when = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 time, e.g. 2024-01-03T09:00:00+09:00')

export const itemLineInputSchema = z.object({
  kind: z.literal('item'),
  item: z.uuid(),
  quantity: z
    .number()
    .int('a whole number of the base unit')
    .positive('greater than 0')
    .max(1_000_000_000),
  priority: z.enum(priorities),
  neededBy: when.nullable().optional(),
})
export const capabilityLineInputSchema = z.object({
  kind: z.literal('capability'),
  capability: z.enum(capabilities),
  description: z.string().trim().min(1).max(500),
  quantity: z
    .number()
    .positive()
    .max(1_000_000)
    .nullable()
    .optional()
    .describe('e.g. tonnes to lift, people to evacuate'),
  unit: z.string().trim().max(30).nullable().optional(),
  priority: z.enum(priorities),
  neededBy: when.nullable().optional(),
})

export const requestCreateSchema = z.object({
  id: z.uuid().optional(),
  operation: z.uuid().nullable().optional(),
  destination: z
    .uuid()
    .describe('The place the assistance is for: a shelter, municipality, distribution point …'),
  neededBy: when,
  justification: z.string().trim().max(2000).nullable().optional(),
  contact: z
    .object({
      name: z.string().trim().min(1).max(200),
      phone: z.string().trim().max(50).nullable().optional(),
    })
    .nullable()
    .optional()
    .describe('Personal data: kept apart, released only to who needs it'),
  share: shareSchema.optional(),
  lines: z
    .array(z.discriminatedUnion('kind', [itemLineInputSchema, capabilityLineInputSchema]))
    .min(1)
    .max(200),
})

const itemLineSchema = z.object({
  id: z.string(),
  kind: z.literal('item'),
  item: z.string(),
  quantity: z.number().int(),
  priority: z.enum(priorities),
  neededBy: z.string().nullable(),
  quantityPlanned: z.number().int(),
  quantityDispatched: z.number().int(),
  quantityDelivered: z.number().int(),
})
const capabilityLineSchema = z.object({
  id: z.string(),
  kind: z.literal('capability'),
  capability: z.enum(capabilities),
  description: z.string(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
  priority: z.enum(priorities),
  neededBy: z.string().nullable(),
  status: z.enum(capabilityStatuses).nullable(),
  taskedTo: z.string().nullable(),
})

export const requestSchema = recordEnvelopeSchema.extend({
  code: z
    .string()
    .describe('Tracking code: anyone holding it can see the status at /api/track/{code}'),
  operation: z.string().nullable(),
  destination: z.string(),
  neededBy: z.string(),
  justification: z.string().nullable(),
  status: z.enum(requestStatuses),
  rejectionReason: z.string().nullable(),
  lines: z.array(z.discriminatedUnion('kind', [itemLineSchema, capabilityLineSchema])),
  possibleDuplicates: z.array(z.string()),
})
export type RequestView = z.infer<typeof requestSchema>

export const requestActionBodySchema = z.object({
  reason: z.string().trim().max(1000).optional().describe('Required to reject'),
  version: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('The version you read; a stale one is refused'),
})
/** Warning codes a request action may answer with; new codes may be added, so show `message` for one you do not know. */
export const requestWarningCodes = ['possible_duplicate'] as const
export const requestWarningSchema = z
  .discriminatedUnion('code', [
    z.object({
      code: z.literal('possible_duplicate'),
      message: z
        .string()
        .describe('In English, for people: which request this one largely repeats'),
      request: z
        .string()
        .describe('Id of the open request at the same place this one largely repeats'),
      requestCode: z.string().describe('Its tracking code'),
    }),
  ])
  .describe('A warning: a stable code, an English message, and the fields the code names')
export type RequestWarningView = z.infer<typeof requestWarningSchema>
export const requestActionResultSchema = z.object({
  request: requestSchema,
  warnings: z.array(requestWarningSchema),
})

export const capabilityActionBodySchema = z.object({
  partner: z.uuid().optional().describe('To task: the organisation tasked'),
})

export const requestListQuerySchema = pageQuerySchema.extend({
  status: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (!value) return undefined
      const list = value.split(',')
      const bad = list.find((s) => !(requestStatuses as readonly string[]).includes(s))
      if (bad) {
        ctx.addIssue({
          code: 'custom',
          message: `unknown status "${bad}"; expected one of ${requestStatuses.join(', ')}`,
        })
        return z.NEVER
      }
      return list as (typeof requestStatuses)[number][]
    }),
  priority: z
    .enum(priorities)
    .optional()
    .describe('Requests with a line of this priority or a more urgent one'),
  destination: z.uuid().optional(),
  org: z.uuid().optional(),
  operation: z.uuid().optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe(
      'Text in the destination name, or part of a tracking code (any case, with or without the dash: "rq-7k", "7KXM", "RQ7KXM2P"; at least 3 letters or digits of it)',
    ),
  sort: z
    .enum(['neededBy', '-neededBy', 'createdAt', '-createdAt', 'priority'])
    .default('neededBy'),
})
export const requestListSchema = z.object({
  requests: z.array(requestSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const trackingSchema = z.object({
  code: z.string(),
  status: z.enum(requestStatuses),
  createdAt: z.string(),
  updatedAt: z.string(),
  neededBy: z.string(),
})

export const operationCreateSchema = z.object({
  id: z.uuid().optional(),
  name: z.string().trim().min(1).max(200),
  startedOn: z.iso.date(),
  endedOn: z.iso.date().nullable().optional(),
  area: z
    .record(z.string(), z.unknown())
    .nullable()
    .optional()
    .describe('The affected area as a GeoJSON geometry'),
  standards: z
    .record(
      z.string().regex(standardKeyPattern, 'a standard key such as water_use_per_person_per_day'),
      z.number().positive().max(1_000_000_000),
    )
    .optional()
    .describe(
      "The operation's own figures for the bundled standards, by key (see GET /api/needs/standards), each greater than 0",
    ),
})
export const operationUpdateSchema = z.object({
  version: z
    .number()
    .int()
    .positive()
    .describe('The version you read; a stale version is refused with 409'),
  name: operationCreateSchema.shape.name.optional(),
  startedOn: operationCreateSchema.shape.startedOn.optional(),
  endedOn: z.iso.date().nullable().optional(),
  area: operationCreateSchema.shape.area,
  standards: z
    .record(
      z.string().regex(standardKeyPattern, 'a standard key such as water_use_per_person_per_day'),
      z.number().positive().max(1_000_000_000).nullable(),
    )
    .optional()
    .describe(
      "Changes to the operation's own figures, by key: a number sets the figure, null removes it (the bundled one is used again); keys not named stay as they are",
    ),
})
export type OperationUpdate = z.input<typeof operationUpdateSchema>

export const operationSchema = recordEnvelopeSchema.extend({
  name: z.string(),
  startedOn: z.string(),
  endedOn: z.string().nullable(),
  area: z.unknown(),
  standards: z.record(z.string(), z.number()),
})
export const operationSortFields = ['startedOn', 'name', 'endedOn'] as const
export const operationListQuerySchema = directoryPageQuerySchema.extend({
  q: listTextSchema.describe('Text in the name (any case)'),
  open: flagQuerySchema.describe('"true": operations not ended; "false": ended ones'),
  sort: sortSchema(operationSortFields, '-startedOn'),
})
export const operationListSchema = z.object({
  operations: z.array(operationSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const pledgeStatuses = ['offered', 'confirmed', 'received', 'withdrawn'] as const
export const pledgeActions = ['confirm', 'receive', 'withdraw'] as const
export const triages = ['urgent', 'can-wait', 'not-needed'] as const

export const pledgeCreateSchema = z.object({
  id: z.uuid().optional(),
  org: z.uuid().optional().describe('The pledging partner; default your own organisation'),
  operation: z.uuid().nullable().optional(),
  kind: z.enum(['item', 'capability']),
  item: z.uuid().nullable().optional(),
  capability: z.enum(capabilities).nullable().optional(),
  description: z.string().trim().max(500).nullable().optional(),
  quantity: z.number().int().positive().max(1_000_000_000),
  unit: z.string().trim().max(30).nullable().optional(),
  place: z.uuid().nullable().optional().describe('Where it will be available'),
  availableFrom: when.nullable().optional(),
  availableUntil: when.nullable().optional(),
  conditions: z.string().trim().max(1000).nullable().optional(),
})

export const pledgeSchema = recordEnvelopeSchema.extend({
  operation: z.string().nullable(),
  kind: z.enum(['item', 'capability']),
  item: z.string().nullable(),
  capability: z.string().nullable(),
  description: z.string().nullable(),
  quantity: z.number().int(),
  unit: z.string().nullable(),
  place: z.string().nullable(),
  availableFrom: z.string().nullable(),
  availableUntil: z.string().nullable(),
  conditions: z.string().nullable(),
  status: z.enum(pledgeStatuses),
  unsolicited: z.boolean(),
  triage: z.enum(triages).nullable(),
  receipt: z.string().nullable(),
  received: z
    .number()
    .int()
    .nullable()
    .describe('How much arrived and was received into stock; null until then'),
})

export const pledgeActionBodySchema = z.object({
  place: z.uuid().optional().describe('To receive: where it arrived (default the pledge place)'),
  quantity: z
    .number()
    .int()
    .positive()
    .max(1_000_000_000)
    .optional()
    .describe('To receive: what arrived (default the pledged quantity)'),
  lot: z.string().trim().max(60).optional(),
  expiresOn: z.iso.date().nullable().optional(),
})

export const donationSchema = z.object({
  id: z.uuid(),
  place: z.uuid(),
  item: z.uuid(),
  org: z.uuid().describe('The donor organisation'),
  quantity: z.number().int().positive().max(1_000_000_000),
  triage: z.enum(triages),
  lot: z.string().trim().max(60).optional(),
  expiresOn: z.iso.date().nullable().optional(),
  description: z.string().trim().max(500).nullable().optional(),
})

/** The columns pledges sort by; ties fall back to the id (time-ordered: newest last). */
export const pledgeSortFields = [
  'createdAt',
  'quantity',
  'availableFrom',
  'availableUntil',
  'status',
] as const

export const pledgeListQuerySchema = pageQuerySchema.extend({
  status: z.enum(pledgeStatuses).optional(),
  org: z.uuid().optional(),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .describe(
      "Text in the name or code of the pledged item or of the place, or in the pledge's description, capability or conditions (any case and width)",
    ),
  sort: sortSchema(pledgeSortFields, '-createdAt'),
})
export const pledgeListSchema = z.object({
  pledges: z.array(pledgeSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})
