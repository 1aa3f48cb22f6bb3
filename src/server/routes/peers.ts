/**
 * @module server/routes/peers
 * The peers registry, for the node's own admins: list with each peer's sync state (lag, last contact,
 * last error), register, and suspend, reactivate, rotate the key of, or move a peer.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { addPeer, changePeer, listPeers } from '../../app/peers.js'
import { errorBodySchema } from '../../contract/common.js'
import {
  peerCreateSchema,
  peerListSchema,
  peerParamsSchema,
  peerSchema,
  peerUpdateSchema,
} from '../../contract/peers.js'
import type { ServerDeps } from '../build-app.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}

export const peerRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx, actorOf }) => {
  app.get(
    '/api/peers',
    {
      config: { access: { resource: 'peer', action: 'read' } },
      schema: {
        tags: ['federation'],
        summary:
          "Peers of this node, each with its lag, last contact and last error (node's admins)",
        response: { 200: peerListSchema, 401: errorBodySchema, 403: errorBodySchema },
      },
    },
    async () => ({ peers: await listPeers(ctx) }),
  )

  app.post(
    '/api/peers',
    {
      config: { access: { resource: 'peer', action: 'write' } },
      schema: {
        tags: ['federation'],
        summary: 'Register a peer: its node id, organisation, URL and public key',
        body: peerCreateSchema,
        response: { 200: peerSchema, 201: peerSchema, ...errors },
      },
    },
    async (request, reply) => {
      const { result, peer } = await addPeer(ctx, actorOf(request), request.body)
      return reply.code(result === 'created' ? 201 : 200).send(peer)
    },
  )

  app.patch(
    '/api/peers/:id',
    {
      config: { access: { resource: 'peer', action: 'write' } },
      schema: {
        tags: ['federation'],
        summary: 'Suspend, reactivate, rotate the key of, or change the URL of a peer',
        params: peerParamsSchema,
        body: peerUpdateSchema,
        response: { 200: peerSchema, ...errors },
      },
    },
    async (request) => changePeer(ctx, actorOf(request), request.params.id, request.body),
  )
}
