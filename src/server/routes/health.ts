/**
 * @module server/routes/health
 * `GET /api/health`: is the node up, which node it is and what database it runs on. Open to all.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { healthSchema } from '../../contract/common.js'
import type { ServerDeps } from '../build-app.js'

export const healthRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx, version }) => {
  app.get(
    '/api/health',
    {
      config: { access: 'open' },
      schema: { tags: ['node'], summary: 'Node health', response: { 200: healthSchema } },
    },
    async () => ({
      status: 'ok' as const,
      node: ctx.node.id,
      database: ctx.store.kind,
      version,
    }),
  )
}
