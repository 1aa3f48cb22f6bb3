/**
 * @module server/routes/peers
 * The peers registry, for the node's own admins: list with each peer's sync state (lag, last contact,
 * last error), register, and suspend, reactivate, rotate the key of, or move a peer; this node's own
 * identity, for the admin of another node to register it; and a pull from one peer now ("Sync now",
 * only where the server was given the Federation port).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { Refusal } from '../../app/errors.js'
import { nodeIdentity } from '../../app/node-identity.js'
import { addPeer, changePeer, getPeer, searchPeers } from '../../app/peers.js'
import type { Federation } from '../../app/ports.js'
import { errorBodySchema } from '../../contract/common.js'
import {
  nodeIdentitySchema,
  peerCreateSchema,
  peerListQuerySchema,
  peerListSchema,
  peerParamsSchema,
  peerSchema,
  peerSyncAnswerSchema,
  peerUpdateSchema,
} from '../../contract/peers.js'
import { publicKeyLine } from '../../domain/federation/peer.js'
import type { ServerDeps } from '../build-app.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}

export const peerRoutes: FastifyPluginAsyncZod<ServerDeps & { federation?: Federation }> = async (
  app,
  { ctx, actorOf, federation },
) => {
  app.get(
    '/api/peers/self',
    {
      config: { access: { resource: 'peer', action: 'read' } },
      schema: {
        tags: ['federation'],
        summary:
          "This node's id, organisation and public key: what another node's admin registers (node's admins)",
        response: { 200: nodeIdentitySchema, 401: errorBodySchema, 403: errorBodySchema },
      },
    },
    async (request) => {
      const self = await nodeIdentity(ctx)
      return {
        ...self,
        publicKeyLine: publicKeyLine(self.publicKey),
        url: `${request.protocol}://${request.host}`,
      }
    },
  )

  app.get(
    '/api/peers',
    {
      config: { access: { resource: 'peer', action: 'read' } },
      schema: {
        tags: ['federation'],
        summary:
          "Peers of this node, each with its lag, last contact and last error (node's admins): paged, sorted, filtered by status and text",
        querystring: peerListQuerySchema,
        response: {
          200: peerListSchema,
          400: errorBodySchema,
          401: errorBodySchema,
          403: errorBodySchema,
        },
      },
    },
    async (request) => {
      const { limit, offset, ...search } = request.query
      const page = await searchPeers(ctx, { ...search, limit, offset })
      return { peers: page.rows, total: page.total, limit, offset }
    },
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

  if (!federation) return
  app.post(
    '/api/peers/:id/sync',
    {
      config: { access: { resource: 'peer', action: 'write' } },
      schema: {
        tags: ['federation'],
        summary:
          'Pull from one active peer now, until caught up or refused; a failed pull is a 200 that says why',
        params: peerParamsSchema,
        response: { 200: peerSyncAnswerSchema, ...errors },
      },
    },
    async (request) => {
      const { id } = request.params
      const before = await getPeer(ctx, id)
      if (before.status === 'suspended')
        throw new Refusal('invalid_transition', `peer ${id} is suspended; reactivate it first`, [
          { field: 'id', message: 'the peer is suspended' },
        ])
      const [report] = await federation.pull(id)
      if (!report) throw new Error(`a pull from peer ${id} reported nothing`)
      return { report, peer: await getPeer(ctx, id) }
    },
  )
}
