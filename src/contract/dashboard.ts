/**
 * @module contract/dashboard
 * The common operating picture's figures as the API speaks them: stock by place and category, the
 * request pipeline per day, unmet needs by priority and place, consignments late against their ETA or
 * due soon, and partners' contributions. One response for the dashboard page, and each figure's table
 * as CSV. Every figure counts only what the caller may see.
 */
import { z } from 'zod'

export const dashboardFigures = [
  'stock',
  'pipeline',
  'unmet',
  'consignments',
  'contributions',
] as const
export type DashboardFigure = (typeof dashboardFigures)[number]

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

export const dashboardQuerySchema = z.object({
  operation: z
    .uuid()
    .optional()
    .describe(
      'Only this operation: narrows the pipeline, unmet needs, consignments, pledges and deliveries (stock is not kept per operation)',
    ),
  zone: z
    .string()
    .trim()
    .max(64)
    .refine(isTimeZone, 'an IANA time zone such as Asia/Tokyo, or UTC')
    .default('UTC')
    .describe('The time zone whose calendar days the pipeline counts in'),
  days: z.coerce
    .number()
    .int('a whole number of days')
    .min(1)
    .max(366)
    .default(30)
    .describe('How many days, up to today, the pipeline covers'),
  dueWithinHours: z.coerce
    .number()
    .int('a whole number of hours')
    .min(1)
    .max(168)
    .default(24)
    .describe('A consignment is due soon when its ETA is within this many hours'),
})
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>

const placeRefSchema = z.object({
  id: z.string(),
  code: z.string().nullable().describe('Null when the place is not released to you'),
  nameEn: z.string().nullable(),
  nameJa: z.string().nullable(),
})
const organisationRefSchema = placeRefSchema.describe('An organisation')

export const stockFigureSchema = z.object({
  byOperation: z.literal(false),
  rows: z.array(
    z.object({
      place: placeRefSchema,
      category: z.string(),
      posted: z.number().int(),
      pending: z.number().int().describe('Reserved for consignments not yet dispatched'),
      available: z.number().int(),
      weightKg: z.number().describe('Of the posted quantity'),
      volumeM3: z.number().describe('Of the posted quantity'),
    }),
  ),
})

export const pipelineFigureSchema = z.object({
  byOperation: z.boolean(),
  zone: z.string(),
  days: z.array(
    z.object({
      day: z.iso.date(),
      requested: z.number().int(),
      validated: z.number().int(),
      planned: z.number().int(),
      dispatched: z.number().int(),
      delivered: z.number().int(),
    }),
  ),
})

const priority = z.enum(['life-saving', 'life-sustaining', 'other'])
const unmetSums = {
  openQuantity: z.number().int().describe('Asked for and not yet delivered'),
  openWeightKg: z.number().describe('Of items whose unit weight the catalog gives'),
  lines: z.number().int(),
}
export const unmetFigureSchema = z.object({
  byOperation: z.boolean(),
  byPriority: z.array(z.object({ priority, ...unmetSums })),
  rows: z.array(z.object({ place: placeRefSchema, priority, ...unmetSums })),
})

export const consignmentFigureSchema = z.object({
  byOperation: z.boolean(),
  dueWithinHours: z.number().int(),
  withoutEta: z.number().int().describe('Dispatched consignments that have no ETA'),
  rows: z.array(
    z.object({
      id: z.string(),
      state: z.enum(['late', 'due-soon']),
      origin: placeRefSchema,
      destination: placeRefSchema,
      dispatchedAt: z.string().nullable(),
      eta: z.string(),
      minutes: z.number().int().describe('Late: minutes past the ETA; due soon: minutes until it'),
      quantity: z.number().int(),
    }),
  ),
})

export const contributionsFigureSchema = z.object({
  byOperation: z
    .boolean()
    .describe('Pledges and deliveries follow the operation; stock received is not kept per one'),
  categories: z.array(z.string()),
  partners: z.array(
    z.object({
      organisation: organisationRefSchema,
      received: z.array(
        z.object({ category: z.string(), quantity: z.number().int(), weightKg: z.number() }),
      ),
      receivedQuantity: z.number().int(),
      receivedWeightKg: z.number(),
      pledgesConfirmed: z.number().int(),
      pledgesReceived: z.number().int(),
      consignmentsDelivered: z.number().int(),
    }),
  ),
})

export const dashboardSchema = z.object({
  generatedAt: z.string(),
  operation: z.object({ id: z.string(), name: z.string() }).nullable(),
  stock: stockFigureSchema,
  pipeline: pipelineFigureSchema,
  unmet: unmetFigureSchema,
  consignments: consignmentFigureSchema,
  contributions: contributionsFigureSchema,
})
export type DashboardView = z.infer<typeof dashboardSchema>
