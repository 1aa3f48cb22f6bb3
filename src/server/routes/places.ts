/**
 * @module server/routes/places
 * Places: list (type, bounding box, administrative code, text in English and Japanese), get, create a
 * node's own place (hub, warehouse …), update it, and report any place's status.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  createPlace,
  getPlace,
  listPlaces,
  reportPlaceStatus,
  updatePlace,
} from '../../app/places.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  placeCreateSchema,
  placeListQuerySchema,
  placeListSchema,
  placeSchema,
  placeStatusReportSchema,
  placeUpdateSchema,
} from '../../contract/places.js'
import type { ServerDeps } from '../build-app.js'

const errors = {
  400: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}

export const placeRoutes: FastifyPluginAsyncZod<ServerDeps> = async (
  app,
  { ctx, actorOf, viewerOf },
) => {
  app.get(
    '/api/places',
    {
      config: { access: { resource: 'place', action: 'read' } },
      schema: {
        tags: ['places'],
        summary: 'List and search places',
        querystring: placeListQuerySchema,
        response: { 200: placeListSchema, 400: errorBodySchema },
      },
    },
    async (request) => {
      const { q, type, bbox, admin, sort, limit, offset } = request.query
      const page = await listPlaces(
        ctx,
        { q, types: type, bbox, admin, sort, limit, offset },
        viewerOf(request),
      )
      return { places: page.rows, total: page.total, limit, offset }
    },
  )

  app.get(
    '/api/places/:id',
    {
      config: { access: { resource: 'place', action: 'read' } },
      schema: {
        tags: ['places'],
        summary: 'One place with its latest status',
        params: idParamsSchema,
        response: { 200: placeSchema, ...errors },
      },
    },
    async (request) => getPlace(ctx, request.params.id, viewerOf(request)),
  )

  app.post(
    '/api/places',
    {
      config: { access: { resource: 'place', action: 'write' } },
      schema: {
        tags: ['places'],
        summary:
          'Create a place run by this node (201; 200 when the same id was already created with the same fields)',
        body: placeCreateSchema,
        response: { 200: placeSchema, 201: placeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { result, place } = await createPlace(ctx, actorOf(request), request.body)
      return reply.code(result === 'created' ? 201 : 200).send(place)
    },
  )

  app.patch(
    '/api/places/:id',
    {
      config: { access: { resource: 'place', action: 'write' } },
      schema: {
        tags: ['places'],
        summary: 'Change a place created on this node',
        params: idParamsSchema,
        body: placeUpdateSchema,
        response: { 200: placeSchema, ...errors },
      },
    },
    async (request) =>
      updatePlace(ctx, actorOf(request), request.params.id, request.body, viewerOf(request)),
  )

  app.post(
    '/api/places/:id/status',
    {
      config: { access: { resource: 'place-status', action: 'write' } },
      schema: {
        tags: ['places'],
        summary: 'Report that a place is open, damaged or closed',
        params: idParamsSchema,
        body: placeStatusReportSchema,
        response: { 201: placeSchema, ...errors },
      },
    },
    async (request, reply) => {
      const place = await reportPlaceStatus(
        ctx,
        actorOf(request),
        request.params.id,
        request.body,
        viewerOf(request),
      )
      return reply.code(201).send(place)
    },
  )
}
