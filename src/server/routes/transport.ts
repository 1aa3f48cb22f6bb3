/**
 * @module server/routes/transport
 * Transport: reference asset types, assets (list, get, create, change status), the legs of the route
 * network (list, get, edit, close, open), deriving the network, and the fastest route between places.
 * The asset types file is read once, when the plugin is registered, so a broken file stops the
 * server at start rather than failing each request.
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import {
  type AssetTypesLoader,
  assetTypesFromFile,
  createAsset,
  getAsset,
  listAssets,
  setAssetStatus,
} from '../../app/assets.js'
import {
  deriveRouteNetwork,
  editLeg,
  findFastestRoute,
  getLeg,
  listLegs,
} from '../../app/route-network.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import {
  assetCreateSchema,
  assetListQuerySchema,
  assetListSchema,
  assetSchema,
  assetStatusBodySchema,
  assetTypeListSchema,
  deriveResultSchema,
  fastestQuerySchema,
  fastestRouteSchema,
  legActionBodySchema,
  legListQuerySchema,
  legListSchema,
  legSchema,
  legUpdateSchema,
} from '../../contract/transport.js'
import type { ServerDeps } from '../build-app.js'

/** data/asset-types.csv at the package root: three levels above this file in src/ and in dist/. */
export const bundledAssetTypesPath = resolve(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  'data',
  'asset-types.csv',
)

export interface TransportRouteOptions extends ServerDeps {
  /** Where the reference asset types come from; data/asset-types.csv when not given. */
  readonly assetTypes?: AssetTypesLoader
}

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}
const readAsset = { access: { resource: 'asset', action: 'read' } } as const
const writeAsset = { access: { resource: 'asset', action: 'write' } } as const
const readLeg = { access: { resource: 'leg', action: 'read' } } as const
const writeLeg = { access: { resource: 'leg', action: 'write' } } as const

export const transportRoutes: FastifyPluginAsyncZod<TransportRouteOptions> = async (
  app,
  options,
) => {
  const { ctx, actorOf, viewerOf } = options
  const types = await (options.assetTypes ?? assetTypesFromFile(bundledAssetTypesPath))()

  app.get(
    '/api/asset-types',
    {
      config: readAsset,
      schema: {
        tags: ['transport'],
        summary: 'Common asset types with payload, volume, speed and range, each figure sourced',
        response: { 200: assetTypeListSchema, ...errors },
      },
    },
    async () => ({ assetTypes: [...types] }),
  )

  app.get(
    '/api/assets',
    {
      config: readAsset,
      schema: {
        tags: ['transport'],
        summary: 'Assets partners offer: filter by kind, status, partner, base, availability',
        querystring: assetListQuerySchema,
        response: { 200: assetListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query
      const page = await listAssets(ctx, { ...filter, limit, offset }, viewerOf(request))
      return { assets: page.rows, total: page.total, limit, offset }
    },
  )

  app.get(
    '/api/assets/:id',
    {
      config: readAsset,
      schema: {
        tags: ['transport'],
        summary: 'One asset',
        params: idParamsSchema,
        response: { 200: assetSchema, ...errors },
      },
    },
    async (request) => getAsset(ctx, request.params.id, viewerOf(request)),
  )

  app.post(
    '/api/assets',
    {
      config: writeAsset,
      schema: {
        tags: ['transport'],
        summary:
          'Record an asset a partner offers (201; 200 when the same id was already recorded); a reference type fills in the figures not given',
        body: assetCreateSchema,
        response: { 200: assetSchema, 201: assetSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { result, asset } = await createAsset(ctx, actorOf(request), request.body, types)
      return reply.code(result === 'created' ? 201 : 200).send(asset)
    },
  )

  app.post(
    '/api/assets/:id/status',
    {
      config: writeAsset,
      schema: {
        tags: ['transport'],
        summary: 'Mark an asset available, tasked, in maintenance or unavailable',
        params: idParamsSchema,
        body: assetStatusBodySchema,
        response: { 200: assetSchema, ...errors },
      },
    },
    async (request) => setAssetStatus(ctx, actorOf(request), request.params.id, request.body),
  )

  app.get(
    '/api/legs',
    {
      config: readLeg,
      schema: {
        tags: ['transport'],
        summary:
          'Legs of the route network: filter by mode, status, place and free text (a place name or code)',
        querystring: legListQuerySchema,
        response: { 200: legListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...filter } = request.query
      const page = await listLegs(ctx, { ...filter, limit, offset })
      return { legs: page.rows, total: page.total, limit, offset }
    },
  )

  app.get(
    '/api/legs/:id',
    {
      config: readLeg,
      schema: {
        tags: ['transport'],
        summary: 'One leg',
        params: idParamsSchema,
        response: { 200: legSchema, ...errors },
      },
    },
    async (request) => getLeg(ctx, request.params.id),
  )

  app.patch(
    '/api/legs/:id',
    {
      config: writeLeg,
      schema: {
        tags: ['transport'],
        summary: 'Edit a leg: its status (with a reason), distance or transit time',
        params: idParamsSchema,
        body: legUpdateSchema,
        response: { 200: legSchema, ...errors },
      },
    },
    async (request) => editLeg(ctx, actorOf(request), request.params.id, request.body),
  )

  for (const [action, status] of [
    ['close', 'closed'],
    ['open', 'open'],
  ] as const) {
    app.post(
      `/api/legs/:id/${action}`,
      {
        config: writeLeg,
        schema: {
          tags: ['transport'],
          summary:
            action === 'close'
              ? 'Close a leg (a road cut, a runway closed), saying why: routes avoid it from now on'
              : 'Open a leg again',
          params: idParamsSchema,
          body: legActionBodySchema,
          response: { 200: legSchema, ...errors },
        },
      },
      async (request) =>
        editLeg(ctx, actorOf(request), request.params.id, {
          status,
          version: request.body.version,
          reason: request.body.reason,
        }),
    )
  }

  app.post(
    '/api/routes/derive',
    {
      config: writeLeg,
      schema: {
        tags: ['transport'],
        summary:
          'Derive the route network from the places again: new legs are added, legs edited by hand are kept',
        response: { 200: deriveResultSchema, ...errors },
      },
    },
    async (request) => deriveRouteNetwork(ctx, actorOf(request)),
  )

  app.get(
    '/api/routes/fastest',
    {
      config: readLeg,
      schema: {
        tags: ['transport'],
        summary:
          'The fastest route between two places for an asset kind (or one asset), with its legs; 422 no_route says why there is none',
        querystring: fastestQuerySchema,
        response: { 200: fastestRouteSchema, ...errors },
      },
    },
    async (request) => findFastestRoute(ctx, viewerOf(request), request.query),
  )
}
