/**
 * @module server/routes/sitrep
 * The situation report of an operation as a printable HTML page or a PDF, in English or Japanese,
 * with times in the zone asked for. Anyone who may read the dashboard may print it; it counts only
 * what the caller may see, and an operation the caller may not see is 404.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { printSitrep } from '../../app/sitrep.js'
import { waybillFontUrl } from '../../app/waybill.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import { sitrepQuerySchema } from '../../contract/sitrep.js'
import { waybillDocumentSchema } from '../../contract/waybill.js'
import type { ServerDeps } from '../build-app.js'

export const sitrepRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx, viewerOf }) => {
  app.get(
    '/api/operations/:id/sitrep',
    {
      config: { access: { resource: 'dashboard', action: 'read' } },
      schema: {
        tags: ['dashboard'],
        summary:
          "The operation's situation report: key figures, a map, unmet needs, the pipeline, consignments late and partners' contributions (HTML or PDF, English or Japanese)",
        params: idParamsSchema,
        querystring: sitrepQuerySchema,
        produces: ['text/html', 'application/pdf'],
        response: {
          200: waybillDocumentSchema.describe(
            'text/html (self-contained, the map as inline SVG) or application/pdf',
          ),
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
          404: errorBodySchema,
        },
      },
    },
    async (request, reply) => {
      const printed = await printSitrep(ctx, request.params.id, viewerOf(request), {
        ...request.query,
        // Relative, so the page works behind whatever name the node is reached by.
        fontUrl: waybillFontUrl(''),
      })
      return reply
        .type(printed.contentType)
        .header('content-disposition', `inline; filename="${printed.fileName}"`)
        .header('cache-control', 'no-store')
        .send(printed.body)
    },
  )
}
