/**
 * @module server/routes/needs
 * The needs estimator: POST /api/needs/estimate turns an affected population and a number of days into
 * needs by the minimum standards, as whole catalogue items with the arithmetic; GET /api/needs/standards
 * lists the bundled standards with their edition and words. The standards file is read once, when the
 * plugin is registered, so a broken file stops the server at start rather than failing each request.
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { estimateNeedsFor, type StandardsLoader, standardsFromFile } from '../../app/needs.js'
import { errorBodySchema } from '../../contract/common.js'
import {
  needsEstimateBodySchema,
  needsEstimateSchema,
  standardListSchema,
} from '../../contract/needs.js'
import type { ServerDeps } from '../build-app.js'

/** data/standards.csv at the package root: three levels above this file in src/ and in dist/. */
export const bundledStandardsPath = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'data',
  'standards.csv',
)

export interface NeedsRouteOptions extends ServerDeps {
  /** Where the bundled standards come from; data/standards.csv when not given. */
  readonly standards?: StandardsLoader
}

export const needsRoutes: FastifyPluginAsyncZod<NeedsRouteOptions> = async (app, options) => {
  const { ctx, viewerOf } = options
  const bundled = await (options.standards ?? standardsFromFile(bundledStandardsPath))()

  app.post(
    '/api/needs/estimate',
    {
      config: { access: { resource: 'request', action: 'read' } },
      schema: {
        tags: ['requests'],
        summary:
          'Estimate needs for an affected population and a number of days with the minimum standards, as catalogue items with the arithmetic',
        body: needsEstimateBodySchema,
        response: {
          200: needsEstimateSchema,
          400: errorBodySchema,
          404: errorBodySchema,
          422: errorBodySchema,
        },
      },
    },
    async (request) => estimateNeedsFor(ctx, bundled, request.body, viewerOf(request)),
  )

  app.get(
    '/api/needs/standards',
    {
      config: { access: { resource: 'request', action: 'read' } },
      schema: {
        tags: ['requests'],
        summary: 'The bundled standards the estimator uses, with their edition, words and source',
        response: { 200: standardListSchema },
      },
    },
    async () => ({ standards: [...bundled] }),
  )
}
