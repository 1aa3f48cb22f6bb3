/**
 * @module server/routes/pledges
 * Pledges (partners' offers: confirm, receive into stock, withdraw) and unannounced donations.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Refusal } from '../../app/errors.js'
import type { LedgerWriter } from '../../app/ledger-writer.js'
import { actOnPledge, createPledge, recordDonation } from '../../app/pledges.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  donationSchema,
  pledgeActionBodySchema,
  pledgeActions,
  pledgeCreateSchema,
  pledgeListQuerySchema,
  pledgeListSchema,
  pledgeSchema,
} from '../../contract/requests.js'
import type { ServerDeps } from '../build-app.js'
import { actorOf, viewerOf } from '../plugins/access.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}
const write = { access: { resource: 'pledge', action: 'write' } } as const

export const pledgeRoutes: FastifyPluginAsyncZod<ServerDeps & { writer: LedgerWriter }> = async (
  app,
  { ctx, writer },
) => {
  const stock = { ctx, writer }
  app.get(
    '/api/pledges',
    {
      config: { access: { resource: 'pledge', action: 'read' } },
      schema: {
        tags: ['requests'],
        summary: "Partners' pledges and the donations received",
        querystring: pledgeListQuerySchema,
        response: { 200: pledgeListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, status, org, q, sort } = request.query
      const page = await ctx.store.listPledges(
        { status, org, q, sort, limit, offset },
        viewerOf(request),
      )
      return { pledges: page.rows, total: page.total, limit, offset }
    },
  )
  app.get(
    '/api/pledges/:id',
    {
      config: { access: { resource: 'pledge', action: 'read' } },
      schema: {
        tags: ['requests'],
        summary: 'A pledge or donation received, by id',
        params: idParamsSchema,
        response: { 200: pledgeSchema, ...errors },
      },
    },
    async (request) => {
      const pledge = await ctx.store.getPledge(request.params.id, viewerOf(request))
      // A pledge the caller may not see is answered as one that does not exist.
      if (!pledge) throw new Refusal('not_found', `no pledge ${request.params.id}`)
      return pledge
    },
  )
  app.post(
    '/api/pledges',
    {
      config: write,
      schema: {
        tags: ['requests'],
        summary: 'Record a pledge: items or a capability a partner offers',
        body: pledgeCreateSchema,
        response: { 201: pledgeSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createPledge(ctx, actorOf(request), request.body)),
  )
  for (const action of pledgeActions) {
    app.post(
      `/api/pledges/:id/${action}`,
      {
        config: write,
        schema: {
          tags: ['requests'],
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} a pledge${action === 'receive' ? ' (into stock: a ledger receipt owned by the partner)' : ''}`,
          params: idParamsSchema,
          body: pledgeActionBodySchema,
          response: { 200: pledgeSchema, ...errors },
        },
      },
      async (request) =>
        actOnPledge(ctx, stock, actorOf(request), request.params.id, action, request.body),
    )
  }
  app.post(
    '/api/donations',
    {
      config: write,
      schema: {
        tags: ['requests'],
        summary:
          'Receive an unannounced donation into stock, triaged: urgent, can wait, not needed',
        body: donationSchema,
        response: { 201: pledgeSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await recordDonation(ctx, stock, actorOf(request), request.body)),
  )
}
