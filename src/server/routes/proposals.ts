/**
 * @module server/routes/proposals
 * Proposals (DESIGN.md, "Allocation", last bullet): the list (incoming: addressed to this node;
 * outgoing: made by its plans), one proposal, and the decision of the node whose stock it asks for —
 * accept (its consignment is created here in planned, reserving the stock) or decline with a reason.
 * Deciding is the origin's logisticians' work, as making a consignment is. Withdrawing one of this
 * node's own, before the other node decided, is its planners' (as approving the plan was).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { LedgerWriter } from '../../app/ledger-writer.js'
import {
  acceptProposal,
  declineProposal,
  getProposal,
  listProposals,
  proposalBody,
} from '../../app/proposals.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  proposalDecideResultSchema,
  proposalDeclineSchema,
  proposalListQuerySchema,
  proposalListSchema,
  proposalSchema,
} from '../../contract/proposals.js'
import { withdrawProposal } from '../../app/withdraw-proposal.js'
import type { ServerDeps } from '../build-app.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}
const read = { access: { resource: 'consignment', action: 'read' } } as const
const write = { access: { resource: 'consignment', action: 'write' } } as const
const tags = ['transport']

export const proposalRoutes: FastifyPluginAsyncZod<ServerDeps & { writer: LedgerWriter }> = async (
  app,
  { ctx, writer, actorOf, viewerOf },
) => {
  const stock = { ctx, writer }
  const node = ctx.node.id

  app.get(
    '/api/proposals',
    {
      config: read,
      schema: {
        tags,
        summary:
          "Proposals, newest first: incoming (another node's plan asks for this node's stock) or outgoing (this node's plans ask another node's)",
        querystring: proposalListQuerySchema,
        response: { 200: proposalListSchema, ...errors },
      },
    },
    async (request) => {
      const { direction, plan, limit, offset } = request.query
      const page = await listProposals(
        ctx,
        {
          plan,
          ...(direction === 'incoming' ? { peer: node } : {}),
          ...(direction === 'outgoing' ? { home: node } : {}),
          limit,
          offset,
        },
        viewerOf(request),
      )
      return {
        proposals: page.rows.map((view) => proposalBody(view, node)),
        total: page.total,
        limit,
        offset,
      }
    },
  )

  app.get(
    '/api/proposals/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'One proposal, with its state and decision',
        params: idParamsSchema,
        response: { 200: proposalSchema, ...errors },
      },
    },
    async (request) =>
      proposalBody(await getProposal(ctx, request.params.id, viewerOf(request)), node),
  )

  app.post(
    '/api/proposals/:id/accept',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Accept a proposal addressed to this node: its consignment is created here in planned, reserving the stock (200; again: the same answer, result "exists"); 409 stock_unavailable when the stock is no longer there, 409 when declined already',
        params: idParamsSchema,
        response: { 200: proposalDecideResultSchema, ...errors },
      },
    },
    async (request) => {
      const done = await acceptProposal(stock, actorOf(request), request.params.id)
      return { result: done.result, proposal: proposalBody(done, node) }
    },
  )

  app.post(
    '/api/proposals/:id/decline',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Decline a proposal addressed to this node, saying why (200; again: result "exists"); 409 when accepted already',
        params: idParamsSchema,
        body: proposalDeclineSchema,
        response: { 200: proposalDecideResultSchema, ...errors },
      },
    },
    async (request) => {
      const done = await declineProposal(
        stock,
        actorOf(request),
        request.params.id,
        request.body.reason,
      )
      return { result: done.result, proposal: proposalBody(done, node) }
    },
  )

  app.post(
    '/api/proposals/:id/withdraw',
    {
      config: { access: { resource: 'plan', action: 'write' } },
      schema: {
        tags,
        summary:
          'Withdraw one of this node\'s proposals before the other node decided: its request lines are planned no more (200; again: result "exists"); 409 invalid_transition when accepted or declined already. The other node\'s accept after it is a 409 proposal_withdrawn',
        params: idParamsSchema,
        response: { 200: proposalDecideResultSchema, ...errors },
      },
    },
    async (request) => {
      const done = await withdrawProposal(ctx, actorOf(request), request.params.id)
      return { result: done.result, proposal: proposalBody(done, node) }
    },
  )
}
