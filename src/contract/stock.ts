/**
 * @module contract/stock
 * The stock ledger as the API speaks it: balances, stock cards, transfers (single, pending, post,
 * void; batches all or nothing) and the stock movements built on them. Quantities are whole numbers of
 * the item's base unit.
 */
import { z } from 'zod'
import { pageQuerySchema, sortSchema } from './common.js'

export const accountKinds = [
  'stock',
  'transit',
  'supply',
  'issued',
  'loss',
  'adjust',
  'peer',
] as const
export const transferModes = ['single', 'pending', 'post', 'void'] as const
export const lossReasons = ['damaged', 'expired', 'stolen', 'spoiled', 'lost', 'other'] as const

const quantity = z
  .number()
  .int('a whole number of the base unit')
  .positive('greater than 0')
  .max(1_000_000_000)
const lot = z
  .string()
  .trim()
  .max(60)
  .regex(/^[^\s].*$|^$/)
const date = z.iso.date().describe('YYYY-MM-DD')

export const accountRefSchema = z.object({
  kind: z.enum(accountKinds),
  where: z
    .string()
    .min(1)
    .max(200)
    .describe(
      'A place id (stock, issued, loss, adjust), a consignment reference (transit), a donor (supply) or a node (peer)',
    ),
  item: z.uuid(),
  owner: z.uuid().describe('The organisation that owns the stock'),
  lot: lot.optional(),
  expiresOn: date.nullable().optional(),
})

export const transferRequestSchema = z.object({
  id: z
    .uuid()
    .describe('Your idempotency key: a retry with the same id and fields returns the original'),
  mode: z.enum(transferModes).default('single'),
  from: accountRefSchema.optional(),
  to: accountRefSchema.optional(),
  quantity: quantity
    .optional()
    .describe('Required for single and pending; for post, defaults to the whole pending quantity'),
  reason: z.string().trim().min(1).max(60),
  ref: z
    .string()
    .trim()
    .max(200)
    .nullable()
    .optional()
    .describe('A request, consignment or document number'),
  pendingId: z.uuid().optional().describe('For post and void: the pending transfer'),
  timeoutAt: z.iso
    .datetime()
    .nullable()
    .optional()
    .describe('For pending: when it is released if not posted'),
})

export const transferBatchSchema = z.object({
  transfers: z.array(transferRequestSchema).min(1).max(1000).describe('Linked: all commit or none'),
})

export const transferSchema = z.object({
  id: z.uuid(),
  batch: z.string(),
  mode: z.enum(transferModes),
  fromAccount: z.string(),
  toAccount: z.string(),
  item: z.string(),
  quantity: z.number().int(),
  reason: z.string(),
  ref: z.string().nullable(),
  pendingId: z.string().nullable(),
  timeoutAt: z.string().nullable(),
  actor: z.string(),
  at: z.string(),
})

export const batchOutcomeSchema = z.object({
  result: z.enum(['committed', 'exists']),
  transfers: z.array(transferSchema),
})

const where = {
  id: z.uuid().describe('Your idempotency key for this movement'),
  place: z.uuid(),
  item: z.uuid(),
  owner: z.uuid(),
}

export const receiveSchema = z.object({
  ...where,
  quantity,
  lot: lot.optional(),
  expiresOn: date.nullable().optional(),
  source: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('The donor or supplier: an organisation id or a name'),
  document: z.string().trim().max(100).nullable().optional(),
})
export const moveSchema = z.object({
  ...where,
  to: z.uuid(),
  quantity,
  lot: lot.optional(),
  ref: z.string().max(200).nullable().optional(),
})
export const adjustSchema = z.object({
  ...where,
  lot: lot.optional(),
  countedQuantity: z.number().int().min(0),
  note: z.string().trim().min(1).max(500),
})
export const lossSchema = z.object({
  ...where,
  quantity,
  lot: lot.optional(),
  reason: z.enum(lossReasons),
  note: z.string().max(500).nullable().optional(),
})
export const issueSchema = z.object({
  ...where,
  quantity,
  lot: lot.optional(),
  ref: z.string().max(200).nullable().optional(),
})
export const kitSchema = z.object({ ...where, quantity })

export const balanceSchema = z.object({
  accountId: z.string(),
  kind: z.enum(accountKinds),
  where: z.string(),
  place: z
    .object({ code: z.string(), nameEn: z.string().nullable(), nameJa: z.string().nullable() })
    .nullable(),
  item: z.object({
    id: z.string(),
    code: z.string(),
    nameEn: z.string(),
    nameJa: z.string().nullable(),
    category: z.string(),
    unit: z.string(),
  }),
  owner: z.string(),
  lot: z.string(),
  expiresOn: z.string().nullable(),
  posted: z.number().int(),
  pendingOut: z.number().int(),
  pendingIn: z.number().int(),
  available: z.number().int(),
  weightKg: z.number().nullable(),
  volumeM3: z.number().nullable(),
})
export type BalanceView = z.infer<typeof balanceSchema>

export const categoryTotalSchema = z.object({
  category: z.string(),
  quantity: z.number(),
  available: z.number(),
  weightKg: z.number(),
  volumeM3: z.number(),
})

/** The columns the balances sort by; ties fall back to place, item, owner, lot. */
export const balanceSortFields = [
  'place',
  'item',
  'owner',
  'lot',
  'expiresOn',
  'posted',
  'available',
] as const
export type BalanceSort =
  | (typeof balanceSortFields)[number]
  | `-${(typeof balanceSortFields)[number]}`

export const balanceQuerySchema = pageQuerySchema.extend({
  kind: z.enum(accountKinds).default('stock'),
  place: z.uuid().optional(),
  item: z.uuid().optional(),
  owner: z.uuid().optional(),
  category: z.string().max(30).optional(),
  lot: z.string().max(60).optional(),
  q: z.string().trim().max(200).optional(),
  asOf: z.iso.datetime().optional().describe('Posted balances as they stood at this time'),
  nonZero: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  sort: sortSchema(balanceSortFields, 'place'),
})

export const balanceListSchema = z.object({
  balances: z.array(balanceSchema),
  totals: z.array(categoryTotalSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const stockCardSchema = z.object({
  account: balanceSchema,
  lines: z.array(
    z.object({ transfer: transferSchema, change: z.number().int(), postedAfter: z.number().int() }),
  ),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const allocationRuleSetSchema = z.object({
  item: z.uuid().nullable().default(null).describe('The item the rule is for; null for all items'),
  place: z
    .uuid()
    .nullable()
    .default(null)
    .describe('The place the rule is for; null for all places'),
  allowed: z
    .union([z.literal('any'), z.literal('none'), z.array(z.uuid()).min(1).max(100)])
    .describe('"any" partner, "none" for now, or these organisations'),
  note: z.string().trim().max(300).nullable().default(null),
})

export const allocationRuleSchema = z.object({
  id: z.string(),
  org: z.string(),
  item: z.string().nullable(),
  place: z.string().nullable(),
  allowed: z.union([z.literal('any'), z.literal('none'), z.array(z.string())]),
  note: z.string().nullable(),
  updatedAt: z.string(),
  version: z.number().int(),
})
export const allocationRuleListSchema = z.object({ rules: z.array(allocationRuleSchema) })

/** Another node's balance, as its events rebuilt it: `home` is the node whose stock it is. */
export const replicaBalanceSchema = balanceSchema.extend({
  home: z.string().describe('The node whose stock this is; only it may move it'),
})

/** Other nodes' stock sorts as this node's does, and by home node (the default, grouping each node's). */
export const replicaBalanceSortFields = ['home', ...balanceSortFields] as const

export const replicaBalanceQuerySchema = balanceQuerySchema.omit({ asOf: true }).extend({
  home: z.uuid().optional().describe('Only the stock of this node'),
  sort: sortSchema(replicaBalanceSortFields, 'home'),
})

export const replicaBalanceListSchema = z.object({
  balances: z.array(replicaBalanceSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})
