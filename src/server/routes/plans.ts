/**
 * @module server/routes/plans
 * Allocation plans: start a run (202: it solves in a worker), follow it, cancel it, read the result,
 * approve it (its consignments are created in `planned`, reserving their stock), discard it, and
 * the model as CPLEX LP text. Planners and admins write; everyone signed in reads.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { LedgerWriter } from '../../app/ledger-writer.js'
import { approvePlan, discardPlan, sortieConsignmentId } from '../../app/plan-approval.js'
import { getPlanView, listPlanViews, planLp } from '../../app/plan-reads.js'
import { planSummary } from '../../app/plan-view.js'
import type { Planner } from '../../app/plans.js'
import { listProposals } from '../../app/proposals.js'
import type { StockContext } from '../../app/stock.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  planApproveResultSchema,
  planCreateSchema,
  planListQuerySchema,
  planListSchema,
  planLpQuerySchema,
  planLpSchema,
  planSchema,
  planSummarySchema,
} from '../../contract/plans.js'
import type { ServerDeps } from '../build-app.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}
const read = { access: { resource: 'plan', action: 'read' } } as const
const write = { access: { resource: 'plan', action: 'write' } } as const
const tags = ['plans']

export const planRoutes: FastifyPluginAsyncZod<
  ServerDeps & { writer: LedgerWriter; planner: Planner }
> = async (app, { ctx, writer, planner, actorOf, viewerOf }) => {
  const stock: StockContext = { ctx, writer }
  // A plan still solving when the server closes is stopped and stored as cancelled.
  app.addHook('onClose', async () => planner.close())

  app.get(
    '/api/plans',
    {
      config: read,
      schema: {
        tags,
        summary: 'Plans, newest first unless sorted otherwise: filter by status and operation',
        querystring: planListQuerySchema,
        response: { 200: planListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, status, operation, sort } = request.query
      return listPlanViews(
        ctx,
        planner,
        { status, operation, sort, limit, offset },
        viewerOf(request),
      )
    },
  )

  app.post(
    '/api/plans',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Make a plan from the stock, requests, routes and assets your organisation may use: 202 with the plan running (it solves in a worker; follow GET /api/plans/:id); 200 when the same id was already made; 409 while another plan runs',
        body: planCreateSchema,
        response: { 200: planSummarySchema, 202: planSummarySchema, ...errors },
      },
    },
    async (request, reply) => {
      const { result, plan } = await planner.start(actorOf(request), request.body)
      return reply
        .code(result === 'started' ? 202 : 200)
        .send(planSummary(plan, planner.progressOf(plan.id)))
    },
  )

  app.get(
    '/api/plans/:id',
    {
      config: read,
      schema: {
        tags,
        summary:
          'One plan: progress while it runs; then each line with its allocations, departure and ETA, the consignments per sortie, unmet quantities with their reasons, the bound and rounding loss, and the comparison with greedy by tier',
        params: idParamsSchema,
        response: { 200: planSchema, ...errors },
      },
    },
    async (request) => getPlanView(ctx, planner, request.params.id, viewerOf(request)),
  )

  app.get(
    '/api/plans/:id/lp',
    {
      config: read,
      schema: {
        tags,
        summary:
          "The plan's model as CPLEX LP text, for checking with another solver: one stage of the lexicographic solve, earlier objectives held at their optima",
        params: idParamsSchema,
        querystring: planLpQuerySchema,
        produces: ['text/plain'],
        response: { 200: planLpSchema, ...errors },
      },
    },
    async (request, reply) => {
      const text = await planLp(ctx, request.params.id, viewerOf(request), request.query.stage)
      return reply.type('text/plain; charset=utf-8').send(text)
    },
  )

  app.post(
    '/api/plans/:id/cancel',
    {
      config: write,
      schema: {
        tags,
        summary: 'Stop a running plan: it is stored as cancelled',
        params: idParamsSchema,
        response: { 200: planSummarySchema, ...errors },
      },
    },
    async (request) => planSummary(await planner.cancel(actorOf(request), request.params.id)),
  )

  app.post(
    '/api/plans/:id/approve',
    {
      config: write,
      schema: {
        tags,
        summary:
          "Approve a draft: its consignments are created in planned, one per sortie, reserving the plan's lots (all or nothing); 409 naming the sortie, line and lot when the stock moved since",
        params: idParamsSchema,
        response: { 200: planApproveResultSchema, ...errors },
      },
    },
    async (request) => {
      const plan = await approvePlan(stock, actorOf(request), request.params.id)
      const detail = await ctx.store.getPlanDetail(plan.id)
      const sorties = detail?.result?.plan.consignments ?? []
      const made = await listProposals(ctx, { plan: plan.id, limit: 5000, offset: 0 }, null)
      const sortieOf = (consignment: string) =>
        sorties.find((_, i) => sortieConsignmentId(plan.id, i) === consignment)
      return {
        plan: planSummary(plan),
        consignments: await Promise.all(
          plan.consignments.map(async (consignment) => ({
            sortie: sortieOf(consignment)?.id ?? '',
            consignment,
            // A sortie partly proposed to another node carries only its other lines here.
            lines: (await ctx.store.getConsignment(consignment, null))?.lines.length ?? 0,
          })),
        ),
        proposals: made.rows.map(({ proposal }) => ({
          sortie: proposal.sortie,
          proposal: proposal.id,
          peer: proposal.peer,
          lines: proposal.lines.length,
        })),
      }
    },
  )

  app.post(
    '/api/plans/:id/discard',
    {
      config: write,
      schema: {
        tags,
        summary:
          'Discard a draft, or an approved plan none of whose consignments has left (its planned consignments are cancelled)',
        params: idParamsSchema,
        response: { 200: planSummarySchema, ...errors },
      },
    },
    async (request) => planSummary(await discardPlan(stock, actorOf(request), request.params.id)),
  )
}
