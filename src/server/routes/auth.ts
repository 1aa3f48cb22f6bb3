/**
 * @module server/routes/auth
 * Sign-in (open: it creates the session), the current session, sign-out and password change. The session
 * id travels only in an HttpOnly, SameSite=Strict cookie; the CSRF token in the response body.
 */
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { authenticateSession, changePassword, signIn, signOut } from '../../app/sign-in.js'
import {
  loginSchema,
  passwordChangeSchema,
  type SessionView,
  sessionSchema,
} from '../../contract/access.js'
import { errorBodySchema } from '../../contract/common.js'
import type { User } from '../../domain/access/user.js'
import type { ServerDeps } from '../build-app.js'
import { principalOf, SESSION_COOKIE } from '../plugins/access.js'

const noContent = z.null().describe('No content')
const errors = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  429: errorBodySchema,
}

export const authRoutes: FastifyPluginAsyncZod<ServerDeps> = async (app, { ctx }) => {
  const view = async (user: User, csrfToken: string, expiresAt: string): Promise<SessionView> => {
    const org = await ctx.store.getOrganisation(user.org)
    return {
      user: {
        id: user.id,
        username: user.username,
        displayName: user.displayName,
        roles: user.roles,
        mustChangePassword: user.mustChangePassword,
      },
      org: {
        id: user.org,
        code: org?.code ?? '',
        nameEn: org?.nameEn ?? '',
        nameJa: org?.nameJa ?? null,
      },
      node: { id: ctx.node.id, org: ctx.node.org },
      csrfToken,
      expiresAt,
    }
  }
  const setCookie = (request: FastifyRequest, reply: FastifyReply, value: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, value, {
      httpOnly: true,
      sameSite: 'strict',
      secure: request.protocol === 'https',
      path: '/',
      expires,
    })

  app.post(
    '/api/auth/login',
    {
      config: { access: 'open', rateLimit: { max: 30, timeWindow: '1 minute' } },
      schema: {
        tags: ['access'],
        summary: 'Sign in; sets the session cookie and returns the CSRF token',
        body: loginSchema,
        response: { 200: sessionSchema, ...errors },
      },
    },
    async (request, reply) => {
      const signedIn = await signIn(ctx, request.body.username, request.body.password)
      setCookie(request, reply, signedIn.sessionId, new Date(signedIn.expiresAt))
      return view(signedIn.user, signedIn.csrfToken, signedIn.expiresAt)
    },
  )

  app.get(
    '/api/auth/session',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['access'],
        summary: 'The current session (sign-in state and CSRF token)',
        response: { 200: sessionSchema, ...errors },
      },
    },
    async (request) => {
      const session = request.sessionId ? await authenticateSession(ctx, request.sessionId) : null
      if (session) return view(session.user, session.csrfToken, session.expiresAt)
      // An API token has no session: describe its user, without a CSRF token (tokens need none).
      const principal = principalOf(request)
      const user = await ctx.store.getUser(principal.userId, null)
      if (!user) throw new Error('token user vanished')
      return view({ ...user, roles: [...principal.roles] }, '', '')
    },
  )

  app.post(
    '/api/auth/logout',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['access'],
        summary: 'Sign out: ends the session',
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      if (request.sessionId) await signOut(ctx, principalOf(request), request.sessionId)
      reply.clearCookie(SESSION_COOKIE, { path: '/' })
      return reply.code(204).send(null)
    },
  )

  app.post(
    '/api/auth/password',
    {
      config: { access: 'signed-in' },
      schema: {
        tags: ['access'],
        summary: 'Change your own password',
        body: passwordChangeSchema,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      await changePassword(
        ctx,
        principalOf(request),
        request.body.currentPassword,
        request.body.newPassword,
        request.sessionId,
      )
      return reply.code(204).send(null)
    },
  )
}
