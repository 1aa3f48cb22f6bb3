/**
 * @module server/routes/map
 * The map of the common operating picture: the places in a box (compact, for markers and their
 * popups) and the operational layers in one answer. Anyone signed in may read them; each shows only
 * what the caller may see.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { readMapPicture, readMapPlaces } from '../../app/map-picture.js'
import { errorBodySchema } from '../../contract/common.js'
import {
  mapPictureSchema,
  mapPlacesQuerySchema,
  mapPlacesSchema,
  mapQuerySchema,
} from '../../contract/map.js'
import type { ServerDeps } from '../build-app.js'

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema }
const read = { access: { resource: 'map', action: 'read' } } as const

export const mapRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx, viewerOf }) => {
  app.get(
    '/api/map',
    {
      config: read,
      schema: {
        tags: ['map'],
        summary:
          "The map's layers: stock and open needs by place, requests, consignments on their way, closed and damaged legs, affected areas",
        querystring: mapQuerySchema,
        response: { 200: mapPictureSchema, ...errors, 404: errorBodySchema },
      },
    },
    async (request) => {
      const { operation, status, priority } = request.query
      return readMapPicture(ctx, viewerOf(request), { operation, status, priority })
    },
  )

  app.get(
    '/api/map/places',
    {
      config: read,
      schema: {
        tags: ['map'],
        summary: 'Places in a box, compact, with their latest status (for the map)',
        querystring: mapPlacesQuerySchema,
        response: { 200: mapPlacesSchema, ...errors },
      },
    },
    async (request) => {
      const { bbox, type, limit } = request.query
      return readMapPlaces(ctx, viewerOf(request), { bbox, types: type, limit })
    },
  )
}
