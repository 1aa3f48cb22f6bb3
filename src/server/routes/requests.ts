/**
 * @module server/routes/requests
 * Operations and requests for assistance: the request board, a request, its actions, capability
 * tasking, and the public tracking page's data (open: only status and dates).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { Refusal } from '../../app/errors.js'
import { standardsFromFile } from '../../app/needs.js'
import { createOperation, updateOperation } from '../../app/operations.js'
import {
  actOnCapability,
  actOnRequest,
  createRequest,
  getRequest,
  listRequests,
  trackRequest,
} from '../../app/requests.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  capabilityActionBodySchema,
  capabilityActions,
  operationCreateSchema,
  operationListQuerySchema,
  operationListSchema,
  operationSchema,
  operationUpdateSchema,
  requestActionBodySchema,
  requestActionResultSchema,
  requestActions,
  requestCreateSchema,
  requestListQuerySchema,
  requestListSchema,
  requestSchema,
  trackingSchema,
} from '../../contract/requests.js'
import type { ServerDeps } from '../build-app.js'
import { actorOf, viewerOf } from '../plugins/access.js'
import { bundledStandardsPath } from './needs.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}
const read = { access: { resource: 'request', action: 'read' } } as const

export const requestRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx }) => {
  // An operation's figures must name bundled standards: the same file the estimator reads, read once.
  const bundled = standardsFromFile(bundledStandardsPath)
  const knownStandards = async () => new Set((await bundled()).map((standard) => standard.key))
  app.get(
    '/api/operations',
    {
      config: { access: { resource: 'operation', action: 'read' } },
      schema: {
        tags: ['requests'],
        summary: 'Operations (one per disaster response), newest first unless sorted otherwise',
        querystring: operationListQuerySchema,
        response: { 200: operationListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset } = request.query
      const page = await ctx.store.searchOperations(request.query, viewerOf(request))
      return { operations: page.rows, total: page.total, limit, offset }
    },
  )
  app.post(
    '/api/operations',
    {
      config: { access: { resource: 'operation', action: 'write' } },
      schema: {
        tags: ['requests'],
        summary: 'Open an operation',
        body: operationCreateSchema,
        response: { 201: operationSchema, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await createOperation(ctx, actorOf(request), request.body, await knownStandards())),
  )
  app.get(
    '/api/operations/:id',
    {
      config: { access: { resource: 'operation', action: 'read' } },
      schema: {
        tags: ['requests'],
        summary: 'An operation, with its own figures for the standards',
        params: idParamsSchema,
        response: { 200: operationSchema, ...errors },
      },
    },
    async (request) => {
      const found = await ctx.store.getOperation(request.params.id, viewerOf(request))
      if (!found) throw new Refusal('not_found', `no operation ${request.params.id}`)
      return found
    },
  )
  app.patch(
    '/api/operations/:id',
    {
      config: { access: { resource: 'operation', action: 'write' } },
      schema: {
        tags: ['requests'],
        summary:
          'Change an operation: its name, dates, area and its own figures for the standards (its organisation only)',
        params: idParamsSchema,
        body: operationUpdateSchema,
        response: { 200: operationSchema, ...errors },
      },
    },
    async (request) =>
      updateOperation(
        ctx,
        actorOf(request),
        request.params.id,
        request.body,
        viewerOf(request),
        await knownStandards(),
      ),
  )

  app.get(
    '/api/requests',
    {
      config: read,
      schema: {
        tags: ['requests'],
        summary:
          'The request board: filter by status, priority, place, organisation; sort by needed-by',
        querystring: requestListQuerySchema,
        response: { 200: requestListSchema, ...errors },
      },
    },
    async (request) => {
      const { status, priority, destination, org, operation, q, sort, limit, offset } =
        request.query
      const page = await listRequests(
        ctx,
        { status, priority, destination, org, operation, q, sort, limit, offset },
        viewerOf(request),
      )
      return { requests: page.rows, total: page.total, limit, offset }
    },
  )

  app.get(
    '/api/requests/:id',
    {
      config: read,
      schema: {
        tags: ['requests'],
        summary: 'One request with its lines and their progress',
        params: idParamsSchema,
        response: { 200: requestSchema, ...errors },
      },
    },
    async (request) => getRequest(ctx, request.params.id, viewerOf(request)),
  )

  app.post(
    '/api/requests',
    {
      config: { access: { resource: 'request', action: 'write' } },
      schema: {
        tags: ['requests'],
        summary: 'Draft a request for assistance (201; 200 when the same id was already created)',
        body: requestCreateSchema,
        response: { 200: requestSchema, 201: requestSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { result, request: created } = await createRequest(ctx, actorOf(request), request.body)
      return reply.code(result === 'created' ? 201 : 200).send(created)
    },
  )

  for (const action of requestActions) {
    const resource = action === 'submit' || action === 'cancel' ? 'request' : 'request-review'
    app.post(
      `/api/requests/:id/${action}`,
      {
        config: { access: { resource, action: 'write' } },
        schema: {
          tags: ['requests'],
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} a request (refused with the allowed actions named)`,
          params: idParamsSchema,
          body: requestActionBodySchema,
          response: { 200: requestActionResultSchema, ...errors },
        },
      },
      async (request) =>
        actOnRequest(ctx, actorOf(request), request.params.id, action, request.body),
    )
  }

  for (const action of capabilityActions) {
    // Tasking is the hub's; answering is the tasked partner's (which the use case checks on the line).
    const resource = action === 'task' ? 'capability-task' : 'capability-answer'
    app.post(
      `/api/requests/:id/lines/:lineId/${action}`,
      {
        config: { access: { resource, action: 'write' } },
        schema: {
          tags: ['requests'],
          summary: `${action[0]?.toUpperCase()}${action.slice(1)} a capability line${action === 'task' ? ' (to a partner)' : ' (as the partner tasked)'}`,
          params: z.object({ id: z.uuid(), lineId: z.uuid() }),
          body: capabilityActionBodySchema,
          response: { 200: requestSchema, ...errors },
        },
      },
      async (request) =>
        actOnCapability(
          ctx,
          actorOf(request),
          request.params.id,
          request.params.lineId,
          action,
          request.body,
        ),
    )
  }

  app.get(
    '/api/track/:code',
    {
      config: { access: 'open', rateLimit: { max: 60, timeWindow: '1 minute' } },
      schema: {
        tags: ['requests'],
        summary: 'Public tracking: status and dates of a request, by its tracking code',
        params: z.object({ code: z.string().trim().min(4).max(20) }),
        response: { 200: trackingSchema, ...errors },
      },
    },
    async (request) => trackRequest(ctx, request.params.code),
  )
}
