/**
 * @module server/routes/audit
 * The event log as an audit trail: who did what, when, to which record. Newest first, paged.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { auditListSchema, auditQuerySchema } from '../../contract/access.js'
import { errorBodySchema } from '../../contract/common.js'
import type { ServerDeps } from '../build-app.js'
import { principalOf } from '../plugins/access.js'

export const auditRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx }) => {
  app.get(
    '/api/audit',
    {
      config: { access: { resource: 'audit', action: 'read' } },
      schema: {
        tags: ['access'],
        summary: 'Audit trail: events filtered by actor, kind, record and time',
        querystring: auditQuerySchema,
        response: {
          200: auditListSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request)
      const { limit, offset, ...filter } = request.query
      // The node's own admins audit the whole node; a partner's admins see what is released to them.
      const viewer = principal.org === ctx.node.org ? null : { org: principal.org }
      const page = await ctx.store.listEvents({ ...filter, limit, offset }, viewer)
      return {
        events: page.rows.map(({ prevHash: _p, share: _s, body, ...event }) => ({
          ...event,
          body: JSON.parse(body) as unknown,
        })),
        total: page.total,
        limit,
        offset,
      }
    },
  )
}
