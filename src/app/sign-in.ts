/**
 * @module app/sign-in
 * Signing in and out, sessions and API tokens: who is calling. Failed sign-ins are throttled per
 * username (10 in 15 minutes) across every process of the node, because they are counted in the store.
 */
import type { Principal, Role } from '../domain/access/permissions.js'
import {
  SESSION_ABSOLUTE_MS,
  SESSION_TOUCH_MS,
  SIGN_IN_WINDOW_MS,
  sessionState,
  signInRetryAfterSeconds,
} from '../domain/access/session-policy.js'
import type { User } from '../domain/access/user.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import { heldPrincipal, holdPrincipal } from './token-cache.js'
import {
  hashPassword,
  hashSecret,
  newSecret,
  sameSecret,
  spendPasswordTime,
  verifyPassword,
} from './secrets.js'

export interface SignedIn {
  readonly sessionId: string
  readonly csrfToken: string
  readonly user: User
  readonly expiresAt: string
}

export async function signIn(
  ctx: AppContext,
  username: string,
  password: string,
): Promise<SignedIn> {
  const now = ctx.clock.now()
  const since = new Date(now.getTime() - SIGN_IN_WINDOW_MS).toISOString()
  const retryAfter = signInRetryAfterSeconds(
    await ctx.store.listSignInFailures(username, since),
    now,
  )
  if (retryAfter > 0) {
    throw new Refusal(
      'rate_limited',
      `too many failed sign-ins for this username; try again in ${Math.ceil(retryAfter / 60)} minute(s)`,
      { retryAfterSeconds: retryAfter },
    )
  }
  const found = await ctx.store.getUserForSignIn(username)
  // An unknown username costs the same time as a known one, so timing does not tell them apart.
  if (!found) await spendPasswordTime(password)
  const valid = found ? await verifyPassword(password, found.passwordHash) : false
  if (!found || !valid || found.user.disabled) {
    await ctx.store.transact(async (tx) => {
      await tx.insertSignInFailure(ctx.ids.newId(), username, now.toISOString())
      await tx.appendEvents(now.toISOString(), 'anonymous', [
        {
          kind: 'user.sign_in_failed',
          subject: found?.user.id ?? 'unknown',
          // A name that is no user may be a password typed in the wrong field: not kept.
          body: { username: found ? username : null },
          share: 'own',
        },
      ])
    })
    // The same answer whether the username exists or not.
    throw new Refusal('unauthenticated', 'wrong username or password')
  }
  const sessionId = newSecret()
  const csrfToken = newSecret()
  const expiresAt = new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString()
  await ctx.store.transact(async (tx) => {
    await tx.insertSession({
      idHash: hashSecret(sessionId),
      userId: found.user.id,
      csrfToken,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt,
      endedAt: null,
    })
    await tx.appendEvents(now.toISOString(), `user:${found.user.id}`, [
      { kind: 'user.signed_in', subject: found.user.id, body: { username }, share: 'own' },
    ])
  })
  return { sessionId, csrfToken, user: found.user, expiresAt }
}

export async function signOut(
  ctx: AppContext,
  principal: Principal,
  sessionId: string,
): Promise<void> {
  const now = ctx.clock.now().toISOString()
  await ctx.store.transact(async (tx) => {
    await tx.endSessions({ idHash: hashSecret(sessionId) }, now)
    await tx.appendEvents(now, `user:${principal.userId}`, [
      { kind: 'user.signed_out', subject: principal.userId, body: {}, share: 'own' },
    ])
  })
}

export interface SessionPrincipal {
  readonly principal: Principal
  readonly csrfToken: string
  readonly user: User
  readonly expiresAt: string
}

/** The principal of a session cookie, or null when the session is unknown, ended or expired. */
export async function authenticateSession(
  ctx: AppContext,
  sessionId: string,
): Promise<SessionPrincipal | null> {
  const session = await ctx.store.getSession(hashSecret(sessionId))
  if (!session) return null
  const now = ctx.clock.now()
  if (sessionState(session, now) !== 'active') return null
  const user = await ctx.store.getUser(session.userId, null)
  if (!user || user.disabled) return null
  if (now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_TOUCH_MS)
    await ctx.store.touchSession(session.idHash, now.toISOString())
  return {
    principal: { kind: 'user', id: user.id, userId: user.id, org: user.org, roles: user.roles },
    csrfToken: session.csrfToken,
    user,
    expiresAt: session.expiresAt,
  }
}

export function csrfMatches(expected: string, given: string | undefined): boolean {
  return typeof given === 'string' && given.length > 0 && sameSecret(expected, given)
}

/** The principal of a bearer token, or null when it is unknown, revoked, expired or its user disabled. */
export async function authenticateToken(
  ctx: AppContext,
  secret: string,
): Promise<Principal | null> {
  if (!secret.startsWith('kz_')) return null
  const secretHash = hashSecret(secret)
  const held = heldPrincipal(ctx, secretHash)
  if (held) return held
  const token = await ctx.store.getTokenBySecretHash(secretHash)
  if (!token || token.revokedAt) return null
  const now = ctx.clock.now()
  if (token.expiresAt && Date.parse(token.expiresAt) <= now.getTime()) return null
  const user = await ctx.store.getUser(token.userId, null)
  if (!user || user.disabled) return null
  // A token keeps its role only while its user still holds it.
  if (!user.roles.includes(token.role)) return null
  if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) >= SESSION_TOUCH_MS)
    await ctx.store.touchToken(token.id, now.toISOString())
  const principal: Principal = {
    kind: 'token',
    id: token.id,
    userId: user.id,
    org: token.org,
    roles: [token.role as Role],
  }
  holdPrincipal(ctx, secretHash, principal, token.expiresAt)
  return principal
}

export async function changePassword(
  ctx: AppContext,
  principal: Principal,
  currentPassword: string,
  newPassword: string,
  keepSessionId?: string | null,
): Promise<void> {
  const stored = await ctx.store.getPasswordHash(principal.userId)
  if (!stored || !(await verifyPassword(currentPassword, stored))) {
    throw new Refusal('invalid_request', 'currentPassword: this is not your current password', [
      { field: 'currentPassword', message: 'wrong password' },
    ])
  }
  if (newPassword === currentPassword)
    throw new Refusal(
      'invalid_request',
      'newPassword: choose a password different from the current one',
      [{ field: 'newPassword', message: 'same as current' }],
    )
  const hash = await hashPassword(newPassword)
  const now = ctx.clock.now().toISOString()
  await ctx.store.transact(async (tx) => {
    const user = await tx.getUser(principal.userId, null)
    if (!user) throw new Refusal('not_found', 'no such user')
    const next: User = {
      ...user,
      mustChangePassword: false,
      updatedAt: now,
      version: user.version + 1,
    }
    if (!(await tx.updateUser(next, user.version, hash)))
      throw new Refusal('version_conflict', 'your account changed meanwhile; try again')
    // Every other sign-in of this user ends: whoever knew the old password is out.
    await tx.endSessions(
      { userId: user.id, exceptIdHash: keepSessionId ? hashSecret(keepSessionId) : undefined },
      now,
    )
    await tx.appendEvents(now, `${principal.kind}:${principal.id}`, [
      { kind: 'user.password_changed', subject: user.id, body: { id: user.id }, share: 'own' },
    ])
  })
}
