/**
 * @module server/routes/sync
 * `GET /api/sync/events`: a peer pulls the events released to it. Not a user's route: the asking node
 * signs its request with its node key (headers x-kizuna-node, x-kizuna-timestamp, x-kizuna-signature),
 * which the Federation port checks — so the access plugin lets it through ('open') and the answer is
 * 401 for a missing or bad signature or a clock too far off, 403 for an unknown or suspended peer.
 * The signed page is sent as the exact bytes that were signed.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Refusal, type RefusalCode } from '../../app/errors.js'
import type { Federation, ServeRefusal } from '../../app/ports.js'
import { errorBodySchema } from '../../contract/common.js'
import { signedPageSchema, syncEventsQuerySchema } from '../../contract/peers.js'
import type { ServerDeps } from '../build-app.js'

const refusalOf: Record<ServeRefusal, RefusalCode> = {
  missing_signature: 'unauthenticated',
  clock_skew: 'unauthenticated',
  bad_signature: 'unauthenticated',
  unknown_peer: 'forbidden',
  suspended_peer: 'forbidden',
  checkpoint_ahead: 'invalid_request',
}

export const syncRoutes: FastifyPluginAsyncZod<ServerDeps & { federation: Federation }> = async (
  app,
  { federation },
) => {
  app.get(
    '/api/sync/events',
    {
      // A peer catching up asks page after page; its polls when caught up are not worth a log line.
      config: { access: 'open', rateLimit: { max: 60_000, timeWindow: '1 minute' } },
      logLevel: 'warn',
      schema: {
        tags: ['federation'],
        summary:
          'A signed page of the events released to the asking peer (signed request required)',
        querystring: syncEventsQuerySchema,
        response: {
          200: signedPageSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const outcome = await federation.serveEvents({
        method: request.method,
        pathAndQuery: request.url,
        headers: request.headers,
        after: request.query.after,
        limit: request.query.limit,
      })
      if (!outcome.ok)
        throw new Refusal(
          refusalOf[outcome.reason],
          outcome.message,
          outcome.reason === 'checkpoint_ahead'
            ? [{ field: 'querystring.after', message: outcome.message, reason: outcome.reason }]
            : { reason: outcome.reason },
        )
      // A string with a JSON content type goes out as it is, not serialised again: the very bytes the
      // signature covers (the response schema documents their shape).
      return reply.type('application/json; charset=utf-8').send(outcome.text as never)
    },
  )
}
