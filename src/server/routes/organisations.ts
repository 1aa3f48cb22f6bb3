/**
 * @module server/routes/organisations
 * Partners known to this node; admins of the node's organisation add and change them.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { createOrganisation, updateOrganisation } from '../../app/organisations.js'
import { organisationCreateSchema, organisationUpdateSchema } from '../../contract/access.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  organisationListQuerySchema,
  organisationListSchema,
  organisationSchema,
} from '../../contract/organisations.js'
import type { ServerDeps } from '../build-app.js'
import { principalOf } from '../plugins/access.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
}
const write = { access: { resource: 'organisation', action: 'write' } } as const

export const organisationRoutes: FastifyPluginAsyncZod<ServerDeps> = async (
  app,
  { ctx, viewerOf },
) => {
  app.get(
    '/api/organisations',
    {
      config: { access: { resource: 'organisation', action: 'read' } },
      schema: {
        tags: ['partners'],
        summary: 'Partner organisations known to this node, by code unless sorted otherwise',
        querystring: organisationListQuerySchema,
        response: { 200: organisationListSchema, 400: errorBodySchema, 401: errorBodySchema },
      },
    },
    async (request) => {
      const { limit, offset } = request.query
      const page = await ctx.store.searchOrganisations(request.query, viewerOf(request))
      return { organisations: page.rows, total: page.total, limit, offset }
    },
  )

  app.post(
    '/api/organisations',
    {
      config: write,
      schema: {
        tags: ['partners'],
        summary: 'Add a partner organisation (admins of the node)',
        body: organisationCreateSchema,
        response: { 200: organisationSchema, 201: organisationSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { result, organisation } = await createOrganisation(
        ctx,
        principalOf(request),
        request.body,
      )
      return reply.code(result === 'created' ? 201 : 200).send(organisation)
    },
  )

  app.patch(
    '/api/organisations/:id',
    {
      config: write,
      schema: {
        tags: ['partners'],
        summary: 'Change a partner organisation',
        params: idParamsSchema,
        body: organisationUpdateSchema,
        response: { 200: organisationSchema, ...errors },
      },
    },
    async (request) =>
      updateOrganisation(ctx, principalOf(request), request.params.id, request.body),
  )
}
