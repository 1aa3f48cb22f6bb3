/**
 * @module contract/proposals
 * Proposals as the API speaks them (DESIGN.md, "Allocation", last bullet): a sortie of another node's
 * approved plan that asks this node for its stock, or one of this node's plans asking another node;
 * its state (`proposed`, `accepted`, `declined`, or `withdrawn` by the node that made it) and the
 * decision, made by the node whose stock it is.
 * Imports nothing of ours but the common shapes.
 */
import { z } from 'zod'
import { pageQuerySchema, recordEnvelopeSchema } from './common.js'

export const proposalStates = ['proposed', 'accepted', 'declined', 'withdrawn'] as const
export type ProposalStateBody = (typeof proposalStates)[number]

export const proposalLineSchema = z.object({
  item: z.string(),
  owner: z.string(),
  lot: z.string(),
  quantity: z.number().int(),
  request: z.string().describe("The proposing node's request"),
  requestLine: z.string(),
})

export const proposalDecisionSchema = recordEnvelopeSchema.extend({
  proposal: z.string(),
  proposer: z.string().describe('The node that made the proposal'),
  decision: z.enum(['accepted', 'declined']),
  reason: z.string().nullable(),
  consignment: z
    .string()
    .nullable()
    .describe('Accepted: the consignment created at the deciding node'),
})

export const proposalSchema = recordEnvelopeSchema.extend({
  plan: z.string().describe('The plan whose approval made it (a record of the proposing node)'),
  sortie: z.string().describe("The plan's sortie whose lines it is"),
  peer: z.string().describe('The node whose stock it asks for: the one that accepts or declines'),
  origin: z.string().describe("The peer's place the stock is at"),
  destination: z.string(),
  route: z.array(z.string()).describe('Legs of the planned route; empty: straight there'),
  asset: z
    .string()
    .nullable()
    .describe("The planner's asset, as information (assets are not replicated)"),
  departure: z.string(),
  eta: z.string(),
  neededBy: z.string().nullable(),
  lines: z.array(proposalLineSchema),
  note: z.string().nullable(),
  withdrawnAt: z
    .string()
    .nullable()
    .describe('When the proposing node withdrew it, before the peer decided'),
  state: z.enum(proposalStates),
  decision: proposalDecisionSchema.nullable(),
  consignmentStatus: z
    .string()
    .nullable()
    .describe(
      "Accepted: the status of the peer's consignment as this node knows it (cancelled: the lines are planned no more)",
    ),
  incoming: z
    .boolean()
    .describe('Addressed to this node: its logisticians may accept or decline it'),
})
export type ProposalBody = z.infer<typeof proposalSchema>

export const proposalListQuerySchema = pageQuerySchema.extend({
  direction: z
    .enum(['incoming', 'outgoing', 'all'])
    .default('all')
    .describe('incoming: addressed to this node; outgoing: made by this node'),
  plan: z.uuid().optional(),
})

export const proposalListSchema = z.object({
  proposals: z.array(proposalSchema),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
})

export const proposalDeclineSchema = z.object({
  reason: z
    .string()
    .trim()
    .min(1)
    .max(2000)
    .describe('Why it is declined: the proposing planners read it'),
})

export const proposalDecideResultSchema = z.object({
  result: z.enum(['accepted', 'declined', 'withdrawn', 'exists']),
  proposal: proposalSchema,
})
