/**
 * @module server/routes/items
 * Catalog items: list (paged, sorted, filtered on the server), get, create (idempotent by id), update
 * (with the version read, so a concurrent edit is refused rather than lost).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { createItem, getItem, listItems, updateItem } from '../../app/items.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  itemCreateSchema,
  itemListQuerySchema,
  itemListSchema,
  itemSchema,
  itemUpdateSchema,
} from '../../contract/items.js'
import type { ServerDeps } from '../build-app.js'

const errors = {
  400: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}

export const itemRoutes: FastifyPluginAsyncZod<ServerDeps> = async (
  app,
  { ctx, actorOf, viewerOf },
) => {
  app.get(
    '/api/items',
    {
      config: { access: { resource: 'item', action: 'read' } },
      schema: {
        tags: ['items'],
        summary: 'List and search catalog items',
        querystring: itemListQuerySchema,
        response: { 200: itemListSchema, 400: errorBodySchema },
      },
    },
    async (request) => {
      const { q, category, sort, limit, offset } = request.query
      const page = await listItems(ctx, { q, category, sort, limit, offset }, viewerOf(request))
      return { items: page.rows, total: page.total, limit, offset }
    },
  )

  app.get(
    '/api/items/:id',
    {
      config: { access: { resource: 'item', action: 'read' } },
      schema: {
        tags: ['items'],
        summary: 'One catalog item',
        params: idParamsSchema,
        response: { 200: itemSchema, ...errors },
      },
    },
    async (request) => getItem(ctx, request.params.id, viewerOf(request)),
  )

  app.post(
    '/api/items',
    {
      config: { access: { resource: 'item', action: 'write' } },
      schema: {
        tags: ['items'],
        summary:
          'Create a catalog item (201; 200 when the same id was already created with the same fields)',
        body: itemCreateSchema,
        response: { 200: itemSchema, 201: itemSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { result, item } = await createItem(ctx, actorOf(request), request.body)
      return reply.code(result === 'created' ? 201 : 200).send(item)
    },
  )

  app.patch(
    '/api/items/:id',
    {
      config: { access: { resource: 'item', action: 'write' } },
      schema: {
        tags: ['items'],
        summary: 'Change a catalog item created on this node',
        params: idParamsSchema,
        body: itemUpdateSchema,
        response: { 200: itemSchema, ...errors },
      },
    },
    async (request) =>
      updateItem(ctx, actorOf(request), request.params.id, request.body, viewerOf(request)),
  )
}
