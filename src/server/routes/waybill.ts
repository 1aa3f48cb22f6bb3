/**
 * @module server/routes/waybill
 * The printable waybill of a consignment as an HTML page or a PDF, in English or Japanese, read as
 * the consignment is (one the caller may not see is 404). Its QR code points at this node's receipt
 * screen for the consignment, at the origin the request came to. The Japanese font the HTML page
 * needs is served here too, open and cached for a year (its URL carries the font package's version).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Refusal } from '../../app/errors.js'
import { printWaybill, waybillFontUrl } from '../../app/waybill.js'
import { isWaybillFontName, readWaybillFont, waybillFontFiles } from '../../app/waybill-fonts.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  fontParamsSchema,
  waybillDocumentSchema,
  waybillQuerySchema,
} from '../../contract/waybill.js'
import type { ServerDeps } from '../build-app.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
}

export const waybillRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx, viewerOf }) => {
  app.get(
    '/api/consignments/:id/waybill',
    {
      config: { access: { resource: 'consignment', action: 'read' } },
      schema: {
        tags: ['transport'],
        summary:
          'The printable waybill: origin, destination, carrier, every lot with its weight and volume, totals, and a QR code that opens the receipt screen (HTML or PDF, English or Japanese)',
        params: idParamsSchema,
        querystring: waybillQuerySchema,
        produces: ['text/html', 'application/pdf'],
        response: { 200: waybillDocumentSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { format, lang } = request.query
      const printed = await printWaybill(ctx, request.params.id, viewerOf(request), {
        format,
        lang,
        baseUrl: `${request.protocol}://${request.host}`,
        // Relative, so the page works behind whatever name the node is reached by.
        fontUrl: waybillFontUrl(''),
      })
      if (format === 'pdf')
        reply.header('content-disposition', `inline; filename="${printed.fileName}"`)
      return reply.type(printed.contentType).send(printed.body)
    },
  )

  app.get(
    '/api/fonts/:name',
    {
      config: { access: 'open' },
      schema: {
        tags: ['transport'],
        summary: `Fonts for printed documents (Noto Sans JP, SIL Open Font License): ${Object.keys(waybillFontFiles).join(', ')}`,
        params: fontParamsSchema,
        produces: ['font/ttf'],
        response: { 200: waybillDocumentSchema.describe('TrueType font'), 404: errorBodySchema },
      },
    },
    async (request, reply) => {
      const { name } = request.params
      if (!isWaybillFontName(name))
        throw new Refusal(
          'not_found',
          `no font "${name}"; the fonts are ${Object.keys(waybillFontFiles).join(', ')}`,
        )
      return (
        reply
          .type('font/ttf')
          .header('cache-control', 'public, max-age=31536000, immutable')
          // A waybill saved to disk by `kizuna consignment waybill --html` loads it from file://.
          .header('access-control-allow-origin', '*')
          .header('cross-origin-resource-policy', 'cross-origin')
          .send(await readWaybillFont(name))
      )
    },
  )
}
