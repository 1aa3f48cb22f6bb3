/**
 * @module server/routes/organisations
 * Partners known to this node.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { organisationListSchema } from '../../contract/organisations.js'
import type { ServerDeps } from '../build-app.js'

export const organisationRoutes: FastifyPluginAsyncZod<ServerDeps> = async (
  app,
  { ctx, viewerOf },
) => {
  app.get(
    '/api/organisations',
    {
      schema: {
        tags: ['partners'],
        summary: 'Partner organisations known to this node',
        response: { 200: organisationListSchema },
      },
    },
    async (request) => ({
      organisations: await ctx.store.listOrganisations(viewerOf(request)),
    }),
  )
}
