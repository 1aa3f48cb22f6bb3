/**
 * @module contract/plans
 * Allocation plans as the API speaks them (DESIGN.md, "Allocation"): start a run, follow its progress,
 * read the result (allocations per line, consignments per sortie, unmet quantities with their reasons,
 * the bound, rounding loss and the comparison with the greedy baseline), approve, discard, and the
 * model as CPLEX LP text. Imports nothing of ours but the common shapes.
 */
import { z } from 'zod'
import { pageQuerySchema, recordEnvelopeSchema, sortSchema } from './common.js'
import { proposalSchema } from './proposals.js'

/** `running → draft | failed | cancelled`; `draft → approved → done`; `draft | approved → discarded`. */
export const planStatuses = [
  'running',
  'draft',
  'failed',
  'cancelled',
  'approved',
  'done',
  'discarded',
] as const
export type PlanStatus = (typeof planStatuses)[number]
export const planTiers = ['life-saving', 'life-sustaining', 'other'] as const
export const unmetReasons = ['no-stock', 'not-allowed', 'no-route-in-time', 'no-capacity'] as const
export const planSources = ['optimum', 'greedy'] as const
/** Where a running plan is: the snapshot is read, the model built, stage k of n solved, the result cut. */
export const planSteps = ['snapshot', 'built', 'solved', 'interpreted'] as const

const when = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 time, e.g. 2024-01-03T09:00:00+09:00')

export const HORIZON_HOURS_MAX = 24 * 30

export const planCreateSchema = z.object({
  id: z
    .uuid()
    .optional()
    .describe('Client-chosen id (UUID); repeating a create with the same id is idempotent'),
  operation: z
    .uuid()
    .nullable()
    .optional()
    .describe("The operation whose requests to plan; omit for every operation's"),
  horizonHours: z
    .number()
    .positive('greater than 0')
    .max(HORIZON_HOURS_MAX, `at most ${HORIZON_HOURS_MAX} hours`)
    .default(72)
    .describe('How far the plan looks ahead; nothing arrives later'),
  start: when.optional().describe('When the plan starts; default now'),
  note: z.string().trim().max(2000).nullable().optional(),
})
export type PlanCreate = z.input<typeof planCreateSchema>

/** The columns plans sort by; ties fall back to the id (time-ordered: newest last). */
export const planSortFields = ['createdAt', 'start', 'horizonHours', 'status'] as const

export const planListQuerySchema = pageQuerySchema.extend({
  status: z.enum(planStatuses).optional(),
  operation: z.uuid().optional(),
  sort: sortSchema(planSortFields, '-createdAt'),
})

export const planProgressSchema = z.object({
  step: z.enum(planSteps),
  /** For `solved`: stage k of n (one stage per tier, then transit). */
  stage: z.number().int().nullable(),
  of: z.number().int().nullable(),
  stageName: z.string().nullable(),
  at: z.string(),
})
export type PlanProgress = z.infer<typeof planProgressSchema>

export const modelSizeSchema = z.object({
  columns: z.number().int(),
  rows: z.number().int(),
  nonzeros: z.number().int(),
})

export const snapshotSummarySchema = z.object({
  start: z.string(),
  horizonHours: z.number(),
  lots: z.number().int(),
  lines: z.number().int(),
  items: z.number().int(),
  places: z.number().int(),
  legs: z.number().int(),
  closedLegs: z.number().int(),
  assets: z.number().int(),
  rules: z.number().int(),
  /** Units of stock available to plan with, and units requested still open. */
  stockUnits: z.number().int(),
  requestedUnits: z.number().int(),
})
export type SnapshotSummary = z.infer<typeof snapshotSummarySchema>

export const planTimingsSchema = z.object({
  snapshotMs: z.number(),
  buildMs: z.number().nullable(),
  solveMs: z.number().nullable(),
  interpretMs: z.number().nullable(),
})

const tierFiguresSchema = z.object({
  tier: z.enum(planTiers),
  delivered: z.number(),
  fulfilment: z.number().describe('Σ over the tier’s lines of delivered ÷ requested'),
})

export const tierOutcomeSchema = tierFiguresSchema.extend({
  lines: z.number().int(),
  requested: z.number().int(),
})

export const planFailureSchema = z.object({ code: z.string(), message: z.string() })

/** What every plan shows in a list. */
export const planSummarySchema = recordEnvelopeSchema.extend({
  status: z.enum(planStatuses),
  operation: z.string().nullable(),
  note: z.string().nullable(),
  start: z.string(),
  horizonHours: z.number(),
  progress: planProgressSchema.nullable().describe('While running: where the solver is'),
  failure: planFailureSchema.nullable().describe('Why it failed or was cancelled'),
  snapshot: snapshotSummarySchema.nullable(),
  model: modelSizeSchema.nullable(),
  timings: planTimingsSchema.nullable(),
  source: z
    .enum(planSources)
    .nullable()
    .describe('Whose plan it is: the optimum, or greedy when rounding made it no better'),
  tiers: z.array(tierOutcomeSchema).describe('Requested and delivered on time, per tier'),
  consignmentsPlanned: z.number().int().describe('Sorties in the plan'),
  unmetQuantity: z.number().int(),
  consignments: z.array(z.string()).describe('Ids of the consignments its approval created'),
  replaces: z.string().nullable().describe('The approved plan this one was compared with'),
  approvedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  discardedAt: z.string().nullable(),
})
export type PlanSummary = z.infer<typeof planSummarySchema>

export const routeStepSchema = z.object({
  leg: z.string().nullable().describe("The stored leg, or null for a helicopter's direct flight"),
  mode: z.enum(['air', 'sea', 'road']),
  from: z.string(),
  to: z.string(),
  distanceKm: z.number(),
  minutes: z.number(),
  status: z.enum(['open', 'damaged', 'closed']),
  note: z.string().nullable(),
})

export const plannedConsignmentSchema = z.object({
  id: z.string().describe('`<asset id>/<sortie number>` within the plan'),
  asset: z.string(),
  origin: z.string(),
  destination: z.string(),
  route: z.object({
    steps: z.array(routeStepSchema),
    distanceKm: z.number(),
    minutes: z.number(),
  }),
  departure: z.string(),
  eta: z.string(),
  loadKg: z.number(),
  loadM3: z.number(),
  lines: z.array(
    z.object({
      line: z.string(),
      request: z.string(),
      lot: z.string(),
      item: z.string(),
      owner: z.string(),
      quantity: z.number().int(),
    }),
  ),
  /** After approval: the consignment created for this sortie. */
  consignment: z.string().nullable(),
})
export type PlannedConsignmentBody = z.infer<typeof plannedConsignmentSchema>

export const planAllocationSchema = z.object({
  lot: z.string(),
  owner: z.string(),
  origin: z.string(),
  quantity: z.number().int(),
  asset: z.string().nullable().describe('Null: the stock is already at the destination'),
  consignment: z.string().nullable().describe('The sortie in this plan that carries it'),
  departure: z.string(),
  eta: z.string(),
})

export const planUnmetSchema = z.object({
  quantity: z.number().int(),
  reason: z.enum(unmetReasons),
})

/** One request line: what it asked, what the plan gives it from where, and what stays unmet and why. */
export const planLineSchema = z.object({
  line: z.string(),
  request: z.string(),
  requester: z.string(),
  destination: z.string(),
  item: z.string(),
  tier: z.enum(planTiers),
  neededBy: z.string().nullable(),
  requested: z.number().int().describe('Open quantity when the plan was made'),
  planned: z.number().int(),
  allocations: z.array(planAllocationSchema),
  unmet: z.array(planUnmetSchema),
})
export type PlanLine = z.infer<typeof planLineSchema>

const pairSchema = z.object({ plan: z.number(), greedy: z.number() })

export const planComparisonSchema = z.object({
  tiers: z.array(
    z.object({
      tier: z.enum(planTiers),
      requested: z.number().int(),
      plan: z.object({ delivered: z.number(), fulfilment: z.number() }),
      greedy: z.object({ delivered: z.number(), fulfilment: z.number() }),
    }),
  ),
  tonneKm: pairSchema,
  tonneHours: pairSchema,
  assetsUsed: pairSchema,
  sorties: pairSchema,
})
export type PlanComparison = z.infer<typeof planComparisonSchema>

/** A line whose plan changed against the approved plan it replaces. */
export const planMoveSchema = z.object({
  line: z.string(),
  request: z.string(),
  item: z.string(),
  change: z.array(z.enum(['quantity', 'source', 'asset'])),
  before: z.object({
    quantity: z.number().int(),
    lots: z.array(z.string()),
    assets: z.array(z.string()),
  }),
  after: z.object({
    quantity: z.number().int(),
    lots: z.array(z.string()),
    assets: z.array(z.string()),
  }),
})
export type PlanMove = z.infer<typeof planMoveSchema>

export const planResultSchema = z.object({
  lines: z.array(planLineSchema),
  consignments: z.array(plannedConsignmentSchema),
  unmet: z.array(planUnmetSchema.extend({ line: z.string() })),
  bound: z.object({ tiers: z.array(tierFiguresSchema), tonneHours: z.number() }),
  roundingLoss: z.array(tierFiguresSchema),
  comparison: planComparisonSchema,
  tonneKm: z.number(),
  tonneHours: z.number(),
  assetsUsed: z.number().int(),
  /** Against `replaces`: the lines whose quantity, source or asset changed. */
  moved: z.array(planMoveSchema),
})
export type PlanResult = z.infer<typeof planResultSchema>

/** GET /api/plans/:id: the summary, and once solved the whole result. */
export const planSchema = planSummarySchema.extend({
  result: planResultSchema.nullable(),
  proposals: z
    .array(proposalSchema)
    .describe(
      "Approved: its sorties' lines that take other nodes' stock, and what each node decided",
    ),
})
export type PlanBody = z.infer<typeof planSchema>

export const planListSchema = z.object({
  plans: z.array(planSummarySchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

/** POST /api/plans/:id/approve: the consignments created, one per sortie. */
export const planApproveResultSchema = z.object({
  plan: planSummarySchema,
  consignments: z.array(
    z.object({ sortie: z.string(), consignment: z.string(), lines: z.number().int() }),
  ),
  proposals: z.array(
    z.object({
      sortie: z.string(),
      proposal: z.string(),
      peer: z.string(),
      lines: z.number().int(),
    }),
  ),
})

/** The 409 of an approval whose stock moved since the snapshot: `error.details`. */
export const planShortfallSchema = z.object({
  sortie: z.string(),
  line: z.string(),
  item: z.string(),
  owner: z.string(),
  lot: z.string(),
  place: z.string(),
  quantity: z.number().int(),
  available: z.number().int(),
})

export const planActionParamsSchema = z.object({
  id: z.uuid(),
  action: z.enum(['approve', 'discard', 'cancel']),
})

/** GET /api/plans/:id/lp: which stage of the lexicographic solve (earlier ones held at their optima). */
export const planLpQuerySchema = z.object({
  stage: z.coerce
    .number()
    .int('a whole number')
    .min(1, 'from 1')
    .max(10, 'at most 10')
    .default(1)
    .describe('1 = the first tier; later stages hold the earlier optima'),
})
export const planLpSchema = z.string().describe('CPLEX LP text')
