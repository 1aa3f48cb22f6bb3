/**
 * @module server/plugins/access
 * Who is calling and may they: every /api route declares its access in `config.access`; this hook
 * authenticates (bearer token, or session cookie plus CSRF header on state-changing requests) and asks
 * the domain's permission function. A route that declares nothing is refused: protection is the default.
 */
import type {} from '@fastify/cookie'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { AppContext } from '../../app/context.js'
import { Refusal } from '../../app/errors.js'
import type { Viewer } from '../../app/ports.js'
import { authenticateSession, authenticateToken, csrfMatches } from '../../app/sign-in.js'
import { actorOfPrincipal } from '../../app/users.js'
import {
  type Action,
  may,
  type Principal,
  type Resource,
  whyRefused,
} from '../../domain/access/permissions.js'
import type { Actor } from '../../domain/records/record.js'

/** What a route requires: nothing, any signed-in caller, or a permission from the matrix. */
export type RouteAccess =
  | 'open'
  | 'signed-in'
  | { readonly resource: Resource; readonly action: Action }

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: RouteAccess
  }
  interface FastifyRequest {
    principal: Principal | null
    /** Set when the caller came with a session cookie (not a token). */
    sessionId: string | null
  }
}

export const SESSION_COOKIE = 'kizuna_session'
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal)
    throw new Refusal('unauthenticated', 'sign in, or send an API token as Authorization: Bearer')
  return request.principal
}

export function actorOf(request: FastifyRequest): Actor {
  return actorOfPrincipal(principalOf(request))
}

export function viewerOf(request: FastifyRequest): Viewer {
  return { org: principalOf(request).org }
}

const url = (request: FastifyRequest) => request.routeOptions.url ?? ''

function accessOf(request: FastifyRequest): RouteAccess | undefined {
  const url = request.routeOptions.url
  // The browsable API reference (its own static files) is open, like the OpenAPI document.
  if (url?.startsWith('/api/docs')) return 'open'
  // Decided on the route matched, never on the raw URL (/%61pi/items is /api/items to the router).
  if (url === undefined || !url.startsWith('/api')) return 'open'
  return request.routeOptions.config.access
}

export function registerAccess(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', null)
  app.decorateRequest('sessionId', null)

  // onRequest: before the body is read or validated, so a caller without rights learns nothing of it.
  app.addHook('onRequest', async (request: FastifyRequest, _reply: FastifyReply) => {
    const access = accessOf(request)
    if (access === 'open') return
    const authorization = request.headers.authorization
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization)
      const principal = match?.[1] ? await authenticateToken(ctx, match[1]) : null
      if (!principal)
        throw new Refusal('unauthenticated', 'the API token is unknown, revoked or expired')
      request.principal = principal
    } else {
      const sessionId = request.cookies[SESSION_COOKIE]
      const session = sessionId ? await authenticateSession(ctx, sessionId) : null
      if (!session || !sessionId)
        throw new Refusal(
          'unauthenticated',
          sessionId
            ? 'your session has ended; sign in again'
            : 'sign in, or send an API token as Authorization: Bearer',
        )
      if (
        UNSAFE.has(request.method) &&
        !csrfMatches(session.csrfToken, request.headers['x-csrf-token'] as string | undefined)
      ) {
        throw new Refusal(
          'csrf_mismatch',
          'this request lacks the x-csrf-token header of your session; reload the page and try again',
        )
      }
      request.principal = session.principal
      request.sessionId = sessionId
      // A one-time password must be replaced before anything else is done with the session.
      if (session.user.mustChangePassword && !url(request).startsWith('/api/auth/')) {
        throw new Refusal(
          'password_change_required',
          'choose a new password first (POST /api/auth/password)',
        )
      }
    }
    if (access === undefined) {
      request.log.error({ url: request.routeOptions.url }, 'route declares no access; refused')
      throw new Refusal('forbidden', 'this route is not open to anyone yet')
    }
    if (
      access !== 'signed-in' &&
      !may(request.principal, access.action, access.resource, ctx.node.org)
    ) {
      throw new Refusal(
        'forbidden',
        whyRefused(request.principal, access.action, access.resource, ctx.node.org),
      )
    }
  })
}
