/**
 * @module server/routes/consignments
 * Consignments: list, get, create (which reserves the stock), load, dispatch, arrive, cancel, and the
 * receipt with its proof of delivery (whose name, signature and photo are read on their own route),
 * and tracking events reported on the way (positions, delays).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { trackConsignment } from '../../app/consignment-tracking.js'
import {
  actOnConsignment,
  createConsignment,
  getConsignment,
  getDeliveryProof,
  listConsignments,
  receiveConsignment,
} from '../../app/consignments.js'
import type { LedgerWriter } from '../../app/ledger-writer.js'
import type { StockContext } from '../../app/stock.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  consignmentActions,
  consignmentCreateSchema,
  consignmentListQuerySchema,
  consignmentListSchema,
  consignmentSchema,
  deliveryProofSchema,
  PROOF_IMAGE_CHARS_MAX,
  receiptSchema,
  trackingEventCreateSchema,
} from '../../contract/consignments.js'
import type { ServerDeps } from '../build-app.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  413: errorBodySchema,
  422: errorBodySchema,
}
const read = { access: { resource: 'consignment', action: 'read' } } as const
const write = { access: { resource: 'consignment', action: 'write' } } as const

const summaries: Record<(typeof consignmentActions)[number], string> = {
  load: 'Start loading a planned consignment',
  dispatch: 'Dispatch: the reserved stock leaves for transit (its pending transfers are posted)',
  arrive: 'Record that the consignment reached its destination, before it is counted in',
  cancel: 'Cancel before dispatch: the reservation is released (its pending transfers voided)',
}

export const consignmentRoutes: FastifyPluginAsyncZod<
  ServerDeps & { writer: LedgerWriter }
> = async (app, { ctx, writer, actorOf, viewerOf }) => {
  const stock: StockContext = { ctx, writer }

  app.get(
    '/api/consignments',
    {
      config: read,
      schema: {
        tags: ['transport'],
        summary: 'Consignments: filter by status, origin and destination',
        querystring: consignmentListQuerySchema,
        response: { 200: consignmentListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query
      const page = await listConsignments(ctx, { ...filter, limit, offset }, viewerOf(request))
      return { consignments: page.rows, total: page.total, limit, offset }
    },
  )

  app.get(
    '/api/consignments/:id',
    {
      config: read,
      schema: {
        tags: ['transport'],
        summary: 'One consignment, with the lots reserved for each line',
        params: idParamsSchema,
        response: { 200: consignmentSchema, ...errors },
      },
    },
    async (request) => getConsignment(ctx, request.params.id, viewerOf(request)),
  )

  app.post(
    '/api/consignments',
    {
      config: write,
      schema: {
        tags: ['transport'],
        summary:
          'Plan a consignment: reserves each line at the origin (lots FEFO unless named), checks the load against the asset (201; 200 when the same id was already made)',
        body: consignmentCreateSchema,
        response: { 200: consignmentSchema, 201: consignmentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { result, consignment } = await createConsignment(stock, actorOf(request), request.body)
      return reply.code(result === 'created' ? 201 : 200).send(consignment)
    },
  )

  for (const action of consignmentActions)
    app.post(
      `/api/consignments/:id/${action}`,
      {
        config: write,
        schema: {
          tags: ['transport'],
          summary: summaries[action],
          params: idParamsSchema,
          response: { 200: consignmentSchema, ...errors },
        },
      },
      async (request) => actOnConsignment(stock, actorOf(request), request.params.id, action),
    )

  app.post(
    '/api/consignments/:id/receive',
    {
      config: write,
      // Room for a signature and a photo at their largest, and the lines.
      bodyLimit: PROOF_IMAGE_CHARS_MAX * 2 + 200_000,
      schema: {
        tags: ['transport'],
        summary:
          'Record the receipt: per line the quantity received (a shortfall with its reason goes to loss, a surplus comes in from supply) and the proof of delivery',
        params: idParamsSchema,
        body: receiptSchema,
        response: { 200: consignmentSchema, ...errors },
      },
    },
    async (request) => receiveConsignment(stock, actorOf(request), request.params.id, request.body),
  )

  app.post(
    '/api/consignments/:id/events',
    {
      config: write,
      schema: {
        tags: ['transport'],
        summary:
          'Report a position or a delay of a dispatched consignment (a delay gives the new eta); 201 with the consignment, its ETA and timeline',
        params: idParamsSchema,
        body: trackingEventCreateSchema,
        response: { 201: consignmentSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await trackConsignment(ctx, actorOf(request), request.params.id, request.body)),
  )

  app.get(
    '/api/consignments/:id/proof',
    {
      config: read,
      schema: {
        tags: ['transport'],
        summary:
          "The proof of delivery with the receiver's name, signature and photo (the origin's and destination's organisations only)",
        params: idParamsSchema,
        response: { 200: deliveryProofSchema, ...errors },
      },
    },
    async (request) => getDeliveryProof(ctx, actorOf(request), request.params.id),
  )
}
