/**
 * @module server/build-app
 * Builds the Fastify app from its dependencies, without listening: tests call `buildApp(deps)` and
 * `app.inject()`, and `serve` adds `listen()`. Routes validate with the zod schemas of src/contract and
 * the same schemas generate the OpenAPI 3.1 document at /api/openapi.json (browsable at /api/docs).
 * Every /api route declares who may call it (plugins/access.ts); security headers, rate limits and a
 * body size limit apply to all.
 */
import fastifyCookie from '@fastify/cookie'
import fastifyRateLimit from '@fastify/rate-limit'
import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import Fastify, { type FastifyBaseLogger, type FastifyRequest } from 'fastify'
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod'
import helmet from 'helmet'
import type { AppContext } from '../app/context.js'
import { LedgerWriter } from '../app/ledger-writer.js'
import type { PlanSolver } from '../app/plan-ports.js'
import { Planner } from '../app/plans.js'
import type { Federation, Viewer } from '../app/ports.js'
import type { Actor } from '../domain/records/record.js'
import { drainOnClose } from './drain-on-close.js'
import { installErrorHandler, installNotFoundHandler } from './error-handler.js'
import { EventFeed, type EventFeedOptions } from './event-feed.js'
import { actorOf, registerAccess, SESSION_COOKIE, viewerOf } from './plugins/access.js'
import { registerWebApp } from './plugins/web-app.js'
import { auditRoutes } from './routes/audit.js'
import { authRoutes } from './routes/auth.js'
import { consignmentRoutes } from './routes/consignments.js'
import { dashboardRoutes } from './routes/dashboard.js'
import { eventRoutes } from './routes/events.js'
import { exchangeRoutes } from './routes/exchange.js'
import { healthRoutes } from './routes/health.js'
import { itemRoutes } from './routes/items.js'
import { mapRoutes } from './routes/map.js'
import { needsRoutes } from './routes/needs.js'
import { organisationRoutes } from './routes/organisations.js'
import { peerRoutes } from './routes/peers.js'
import { placeRoutes } from './routes/places.js'
import { planRoutes } from './routes/plans.js'
import { pledgeRoutes } from './routes/pledges.js'
import { proposalRoutes } from './routes/proposals.js'
import { requestRoutes } from './routes/requests.js'
import { sitrepRoutes } from './routes/sitrep.js'
import { stockRoutes } from './routes/stock.js'
import { syncRoutes } from './routes/sync.js'
import { transportRoutes } from './routes/transport.js'
import { userRoutes } from './routes/users.js'
import { waybillRoutes } from './routes/waybill.js'

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
  /** The ledger's group-committing writer; one per process (made here when not given). */
  readonly writer?: LedgerWriter
  /** Requests per minute per caller (credential, or address when anonymous) on the API. */
  readonly rateLimitPerMinute?: number
  /** Federation (sync/): with it, peers may pull this node's events at /api/sync/events. */
  readonly federation?: Federation
  /** How often live screens' notices are read from the event log (GET /api/events/stream). */
  readonly eventFeed?: EventFeedOptions
  /** The allocation solver (solver/ `planInWorker`); without it plans fail at once, saying so. */
  readonly planSolver?: PlanSolver
}

/**
 * Rate limits count per client address. Not per credential: a made-up credential would be a new key for
 * every request. (A hub behind one NAT shares one budget; raise rateLimitPerMinute for it.)
 */
function rateLimitKey(request: FastifyRequest): string {
  return request.ip
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
            'res.headers["set-cookie"]',
          ],
        }
  const app = Fastify({
    logger,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    return503OnClosing: true,
  })
  const drain = drainOnClose(app.server)
  app.addHook('preClose', async () => drain())
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  installErrorHandler(app)

  await app.register(fastifyCookie)
  // The headers' middleware is made once: @fastify/helmet made it anew for every request, parsing
  // the policy each time (a tenth of a stock movement's server time, issue 4).
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Leaflet and React set style attributes; no script may be inline.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: false,
  })
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, (error) => done(error as Error | undefined))
  })
  await app.register(fastifyRateLimit, {
    global: true,
    max: options.rateLimitPerMinute ?? 1200,
    timeWindow: '1 minute',
    keyGenerator: rateLimitKey,
    allowList: (request) => !request.url.startsWith('/api'),
    // Thrown by the plugin and answered by the error handler in the API's error shape.
    errorResponseBuilder: (_request, context) =>
      Object.assign(
        new Error(`too many requests; try again in ${Math.ceil(context.ttl / 1000)} s`),
        {
          statusCode: 429,
          retryAfterSeconds: Math.ceil(context.ttl / 1000),
        },
      ),
  })

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Kizuna API',
        description:
          'Relief items, places, stock, requests, allocation, transport and federation of a humanitarian assistance and disaster relief hub. Sign in with POST /api/auth/login (a session cookie; send its csrfToken as the x-csrf-token header on every state-changing request) or send an API token as `Authorization: Bearer kz_…`. Errors are `{ error: { code, message, details } }`.',
        version: options.version ?? '0.0.0',
      },
      components: {
        securitySchemes: {
          bearer: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API token from POST /api/tokens or `kizuna token create`',
          },
          session: {
            type: 'apiKey',
            in: 'cookie',
            name: SESSION_COOKIE,
            description: 'Set by POST /api/auth/login',
          },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
      tags: [
        { name: 'node', description: 'This node' },
        { name: 'access', description: 'Sign-in, users, API tokens, audit' },
        { name: 'items', description: 'Relief-item catalog' },
        {
          name: 'places',
          description: 'Places: hubs, airports, seaports, shelters, municipalities',
        },
        { name: 'partners', description: 'Partner organisations' },
        {
          name: 'stock',
          description: 'The stock ledger: balances, stock cards, movements, transfers',
        },
        { name: 'federation', description: 'Peers and the events they pull from this node' },
        {
          name: 'transport',
          description: 'Assets, the route network of air, sea and road legs, fastest routes',
        },
        {
          name: 'plans',
          description: 'Allocation plans: stock to requests by route and asset, beside greedy',
        },
      ],
    },
    transform: jsonSchemaTransform,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' })
  app.get('/api/openapi.json', { config: { access: 'open' }, schema: { hide: true } }, async () =>
    app.swagger(),
  )

  registerAccess(app, options.ctx)
  const deps: ServerDeps = {
    ctx: options.ctx,
    version: options.version ?? '0.0.0',
    actorOf,
    viewerOf,
  }
  await app.register(healthRoutes, deps)
  await app.register(authRoutes, deps)
  await app.register(userRoutes, deps)
  await app.register(auditRoutes, deps)
  await app.register(itemRoutes, deps)
  await app.register(placeRoutes, deps)
  await app.register(organisationRoutes, deps)
  await app.register(requestRoutes, deps)
  await app.register(needsRoutes, deps)
  await app.register(transportRoutes, deps)
  // One writer per process, so that every ledger write of the process is group-committed together.
  const writer = options.writer ?? new LedgerWriter(options.ctx)
  await app.register(stockRoutes, { ...deps, writer })
  await app.register(pledgeRoutes, { ...deps, writer })
  await app.register(consignmentRoutes, { ...deps, writer })
  await app.register(waybillRoutes, deps)
  await app.register(exchangeRoutes, deps)
  await app.register(peerRoutes, {
    ...deps,
    ...(options.federation ? { federation: options.federation } : {}),
  })
  if (options.federation)
    await app.register(syncRoutes, { ...deps, federation: options.federation })
  await app.register(dashboardRoutes, deps)
  await app.register(sitrepRoutes, deps)
  // One loop per process tells every live screen what was written; closed before the server
  // waits for its connections, so open streams do not hold a shutdown.
  const feed = new EventFeed(options.ctx, options.eventFeed, (error) =>
    app.log.error({ err: error }, 'live notices: reading the event log failed'),
  )
  app.addHook('preClose', () => feed.close())
  await app.register(eventRoutes, { ...deps, feed })
  await app.register(mapRoutes, deps)
  const planner = new Planner(options.ctx, options.planSolver ?? null)
  await app.register(planRoutes, { ...deps, writer, planner })
  await app.register(proposalRoutes, { ...deps, writer })
  const webApp = options.webRoot ? await registerWebApp(app, options.webRoot) : false
  installNotFoundHandler(app, { webApp })
  return app
}
