/**
 * @module server/build-app
 * Builds the Fastify app from its dependencies, without listening: tests call `buildApp(deps)` and
 * `app.inject()`, and `serve` adds `listen()`. Routes validate with the zod schemas of src/contract and
 * the same schemas generate the OpenAPI 3.1 document at /api/openapi.json (browsable at /api/docs).
 */
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyBaseLogger, type FastifyRequest } from 'fastify'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'
import { type AppContext, systemActor } from '../app/context.js'
import type { Viewer } from '../app/ports.js'
import type { Actor } from '../domain/records/record.js'
import { installErrorHandler, installNotFoundHandler } from './error-handler.js'
import { registerWebApp } from './plugins/web-app.js'
import { healthRoutes } from './routes/health.js'
import { itemRoutes } from './routes/items.js'
import { organisationRoutes } from './routes/organisations.js'
import { placeRoutes } from './routes/places.js'

export interface ServerDeps {
  readonly ctx: AppContext
  readonly version: string
  /** Who made this request: the writer recorded in the event log. */
  readonly actorOf: (request: FastifyRequest) => Actor
  /** Whose releasability a read is filtered by. */
  readonly viewerOf: (request: FastifyRequest) => Viewer
}

export interface BuildOptions {
  readonly ctx: AppContext
  readonly version?: string
  /** Directory of the built web app; omitted in API-only tests. */
  readonly webRoot?: string
  readonly logger?: boolean | FastifyBaseLogger | { level: string }
  /** Largest request body accepted, in bytes. */
  readonly bodyLimit?: number
}

export async function buildApp(options: BuildOptions) {
  const logger =
    options.logger === undefined || options.logger === false
      ? false
      : {
          level:
            typeof options.logger === 'object' && 'level' in options.logger
              ? options.logger.level
              : 'info',
          redact: [
            'req.headers.authorization',
            'req.headers.cookie',
            'req.headers["x-csrf-token"]',
          ],
        }
  const app = Fastify({
    logger,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    return503OnClosing: true,
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app)

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kizuna API',
        description:
          'Relief items, places, stock, requests, allocation, transport and federation of a humanitarian assistance and disaster relief hub. Errors are `{ error: { code, message, details } }`.',
        version: options.version ?? '0.0.0',
      },
      tags: [
        { name: 'node', description: 'This node' },
        { name: 'items', description: 'Relief-item catalog' },
        {
          name: 'places',
          description: 'Places: hubs, airports, seaports, shelters, municipalities',
        },
        { name: 'partners', description: 'Partner organisations' },
      ],
    },
    transform: jsonSchemaTransform,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger())

  const deps: ServerDeps = {
    ctx: options.ctx,
    version: options.version ?? '0.0.0',
    actorOf: () => systemActor(options.ctx.node),
    viewerOf: () => null,
  }
  await app.register(healthRoutes, deps)
  await app.register(itemRoutes, deps)
  await app.register(placeRoutes, deps)
  await app.register(organisationRoutes, deps)
  const webApp = options.webRoot ? await registerWebApp(app, options.webRoot) : false
  installNotFoundHandler(app, { webApp })
  return app
}
