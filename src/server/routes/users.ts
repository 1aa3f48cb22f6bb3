/**
 * @module server/routes/users
 * People and API tokens, for admins. One-time passwords and token secrets are in the response once.
 */

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import {
  createToken,
  createUser,
  listUsers,
  resetPassword,
  searchTokens,
  revokeToken,
  updateUser,
} from '../../app/users.js'
import {
  tokenCreatedSchema,
  tokenCreateSchema,
  tokenListQuerySchema,
  tokenListSchema,
  tokenSchema,
  userCreatedSchema,
  userCreateSchema,
  userListQuerySchema,
  userListSchema,
  userSchema,
  userUpdateSchema,
} from '../../contract/access.js'
import { errorBodySchema, idParamsSchema } from '../../contract/common.js'
import type { ServerDeps } from '../build-app.js'
import { principalOf } from '../plugins/access.js'

const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  422: errorBodySchema,
}
const readUsers = { access: { resource: 'user', action: 'read' } } as const
const writeUsers = { access: { resource: 'user', action: 'write' } } as const
const readTokens = { access: { resource: 'token', action: 'read' } } as const
const writeTokens = { access: { resource: 'token', action: 'write' } } as const

export const userRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx }) => {
  app.get(
    '/api/users',
    {
      config: readUsers,
      schema: {
        tags: ['access'],
        summary:
          'Users (of your organisation; all, for admins of the node), by username unless sorted otherwise',
        querystring: userListQuerySchema,
        response: { 200: userListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...search } = request.query
      const page = await listUsers(ctx, principalOf(request), { ...search, limit, offset })
      return { users: page.rows, total: page.total, limit, offset }
    },
  )

  app.post(
    '/api/users',
    {
      config: writeUsers,
      schema: {
        tags: ['access'],
        summary: 'Create a user; without a password, a one-time password is returned once',
        body: userCreateSchema,
        response: { 201: userCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createUser(ctx, principalOf(request), request.body)
      return reply.code(201).send(created)
    },
  )

  app.patch(
    '/api/users/:id',
    {
      config: writeUsers,
      schema: {
        tags: ['access'],
        summary: "Change a user's name, roles, or disable them",
        params: idParamsSchema,
        body: userUpdateSchema,
        response: { 200: userSchema, ...errors },
      },
    },
    async (request) => updateUser(ctx, principalOf(request), request.params.id, request.body),
  )

  app.post(
    '/api/users/:id/password-reset',
    {
      config: writeUsers,
      schema: {
        tags: ['access'],
        summary: 'Give a user a new one-time password (their sessions end)',
        params: idParamsSchema,
        response: { 200: z.object({ oneTimePassword: z.string() }), ...errors },
      },
    },
    async (request) => ({
      oneTimePassword: await resetPassword(ctx, principalOf(request), request.params.id),
    }),
  )

  app.get(
    '/api/tokens',
    {
      config: readTokens,
      schema: {
        tags: ['access'],
        summary: 'API tokens (secrets are never shown again), newest first unless sorted otherwise',
        querystring: tokenListQuerySchema,
        response: { 200: tokenListSchema, ...errors },
      },
    },
    async (request) => {
      const { limit, offset, ...search } = request.query
      const page = await searchTokens(ctx, principalOf(request), { ...search, limit, offset })
      return { tokens: page.rows, total: page.total, limit, offset }
    },
  )

  app.post(
    '/api/tokens',
    {
      config: writeTokens,
      schema: {
        tags: ['access'],
        summary: 'Create an API token scoped to one role; its secret is returned once',
        body: tokenCreateSchema,
        response: { 201: tokenCreatedSchema, ...errors },
      },
    },
    async (request, reply) => {
      const created = await createToken(ctx, principalOf(request), request.body)
      return reply.code(201).send(created)
    },
  )

  app.post(
    '/api/tokens/:id/revoke',
    {
      config: writeTokens,
      schema: {
        tags: ['access'],
        summary: 'Revoke an API token',
        params: idParamsSchema,
        response: { 200: tokenSchema, ...errors },
      },
    },
    async (request) => revokeToken(ctx, principalOf(request), request.params.id),
  )
}
