/**
 * @module app/users
 * People and API tokens, managed by admins: an admin of the node's organisation manages everyone; an
 * admin of another organisation only its own people. Secrets are returned once and stored hashed.
 */
import { may, mayGrant, type Principal, type Role } from '../domain/access/permissions.js'
import type { ApiToken, User } from '../domain/access/user.js'
import type { Actor } from '../domain/records/record.js'
import type { AppContext } from './context.js'
import type { TokenSearch, UserSearch } from './directory-ports.js'
import { Refusal } from './errors.js'
import type { Page } from './ports.js'
import { hashPassword, hashSecret, newOneTimePassword, newSecret } from './secrets.js'
import { forgetTokens } from './token-cache.js'

export function actorOfPrincipal(principal: Principal): Actor {
  return { kind: principal.kind, id: principal.id, org: principal.org }
}

const label = (principal: Principal) => `${principal.kind}:${principal.id}`

/** An admin of another organisation sees only its own: others' records are "not found", not "forbidden". */
function checkScope(
  ctx: AppContext,
  principal: Principal,
  resource: 'user' | 'token',
  action: 'read' | 'write',
  targetOrg: string,
  what: string,
): void {
  if (!may(principal, action, resource, ctx.node.org, targetOrg))
    throw new Refusal('not_found', `no ${what}`)
}

export interface NewUser {
  readonly id?: string | undefined
  readonly username: string
  readonly displayName: string | null
  readonly org?: string | undefined
  readonly roles: Role[]
  readonly password?: string | undefined
}

export async function createUser(
  ctx: AppContext,
  principal: Principal | 'cli',
  input: NewUser,
): Promise<{ user: User; oneTimePassword: string | null }> {
  const org = input.org ?? (principal === 'cli' ? ctx.node.org : principal.org)
  if (principal !== 'cli') {
    if (!may(principal, 'write', 'user', ctx.node.org, org))
      throw new Refusal('forbidden', `you may create users only in your own organisation`)
    if (!mayGrant(principal, ctx.node.org, input.roles))
      throw new Refusal(
        'forbidden',
        `roles: you may grant only roles you hold (${principal.roles.join(', ')})`,
        [{ field: 'roles', message: 'not yours to grant' }],
      )
  }
  if (!(await ctx.store.getOrganisation(org)))
    throw new Refusal('unknown_reference', `org: no organisation ${org}`, [
      { field: 'org', message: 'unknown organisation' },
    ])
  const oneTimePassword = input.password ? null : newOneTimePassword()
  const passwordHash = await hashPassword(input.password ?? (oneTimePassword as string))
  const now = ctx.clock.now().toISOString()
  const user: User = {
    id: input.id ?? ctx.ids.newId(),
    home: ctx.node.id,
    org,
    share: 'own',
    createdAt: now,
    updatedAt: now,
    version: 1,
    username: input.username,
    displayName: input.displayName,
    roles: [...new Set(input.roles)],
    mustChangePassword: oneTimePassword !== null,
    disabled: false,
  }
  await ctx.store.transact(async (tx) => {
    if (await tx.getUserForSignIn(input.username))
      throw new Refusal('duplicate_code', `username: "${input.username}" is taken`, [
        { field: 'username', message: 'taken' },
      ])
    await tx.insertUser(user, passwordHash)
    await tx.appendEvents(now, principal === 'cli' ? 'cli' : label(principal), [
      { kind: 'user.created', subject: user.id, body: user, share: 'own' },
    ])
  })
  return { user, oneTimePassword }
}

export async function updateUser(
  ctx: AppContext,
  principal: Principal,
  id: string,
  changes: {
    version: number
    displayName?: string | null | undefined
    roles?: Role[] | undefined
    disabled?: boolean | undefined
  },
): Promise<User> {
  const updated = await ctx.store.transact(async (tx) => {
    const user = await tx.getUser(id, null)
    if (!user) throw new Refusal('not_found', `no user ${id}`)
    checkScope(ctx, principal, 'user', 'write', user.org, `user ${id}`)
    if (changes.roles && !mayGrant(principal, ctx.node.org, changes.roles))
      throw new Refusal('forbidden', 'roles: you may grant only roles you hold', [
        { field: 'roles', message: 'not yours to grant' },
      ])
    if (
      user.id === principal.userId &&
      (changes.disabled || (changes.roles && !changes.roles.includes('admin')))
    ) {
      throw new Refusal(
        'forbidden',
        'you cannot disable yourself or remove your own admin role; ask another admin',
      )
    }
    if (user.version !== changes.version)
      throw new Refusal(
        'version_conflict',
        `user ${user.username} is at version ${user.version}, not ${changes.version}: reload it`,
        { version: user.version },
      )
    const now = ctx.clock.now().toISOString()
    const next: User = {
      ...user,
      ...(changes.displayName !== undefined ? { displayName: changes.displayName } : {}),
      ...(changes.roles ? { roles: [...new Set(changes.roles)] } : {}),
      ...(changes.disabled !== undefined ? { disabled: changes.disabled } : {}),
      updatedAt: now,
      version: user.version + 1,
    }
    if (!(await tx.updateUser(next, user.version)))
      throw new Refusal('version_conflict', `user ${user.username} changed meanwhile: reload it`)
    if (next.disabled) await tx.endSessions({ userId: user.id }, now)
    await tx.appendEvents(now, label(principal), [
      { kind: 'user.updated', subject: user.id, body: next, share: 'own' },
    ])
    return next
  })
  // Their tokens' principals carry their roles: authenticate them afresh.
  forgetTokens(ctx, { userId: id })
  return updated
}

/** A new one-time password for a user; their sessions end. */
export async function resetPassword(
  ctx: AppContext,
  principal: Principal | 'cli',
  id: string,
): Promise<string> {
  const oneTimePassword = newOneTimePassword()
  const hash = await hashPassword(oneTimePassword)
  await ctx.store.transact(async (tx) => {
    const user = await tx.getUser(id, null)
    if (!user) throw new Refusal('not_found', `no user ${id}`)
    if (principal !== 'cli') checkScope(ctx, principal, 'user', 'write', user.org, `user ${id}`)
    const now = ctx.clock.now().toISOString()
    const next: User = {
      ...user,
      mustChangePassword: true,
      updatedAt: now,
      version: user.version + 1,
    }
    await tx.updateUser(next, user.version, hash)
    await tx.endSessions({ userId: user.id }, now)
    await tx.appendEvents(now, principal === 'cli' ? 'cli' : label(principal), [
      { kind: 'user.password_reset', subject: user.id, body: { id: user.id }, share: 'own' },
    ])
  })
  return oneTimePassword
}

/** Users the principal may see (its organisation's; all, for the node's own admins), a page at a time. */
export async function listUsers(
  ctx: AppContext,
  principal: Principal,
  search: Omit<UserSearch, 'org'>,
): Promise<Page<User>> {
  return ctx.store.searchUsers({
    ...search,
    org: principal.org === ctx.node.org ? null : principal.org,
  })
}

export async function createToken(
  ctx: AppContext,
  principal: Principal | 'cli',
  input: { name: string; role: Role; userId?: string | undefined; expiresAt?: string | undefined },
): Promise<{ token: ApiToken; secret: string }> {
  const userId = input.userId ?? (principal === 'cli' ? undefined : principal.userId)
  if (!userId)
    throw new Refusal('invalid_request', 'userId: name the user the token acts for', [
      { field: 'userId', message: 'required' },
    ])
  const user = await ctx.store.getUser(userId, null)
  // Another organisation's user is answered exactly like one that does not exist.
  if (!user || (principal !== 'cli' && !may(principal, 'write', 'token', ctx.node.org, user.org)))
    throw new Refusal(
      principal === 'cli' ? 'unknown_reference' : 'not_found',
      `userId: no user ${userId}`,
      [{ field: 'userId', message: 'unknown user' }],
    )
  if (!user.roles.includes(input.role))
    throw new Refusal(
      'invalid_request',
      `role: ${user.username} does not hold the role "${input.role}" (holds ${user.roles.join(', ')})`,
      [{ field: 'role', message: 'not held by the user' }],
    )
  const now = ctx.clock.now()
  if (input.expiresAt && Date.parse(input.expiresAt) <= now.getTime())
    throw new Refusal('invalid_request', 'expiresAt: must be in the future', [
      { field: 'expiresAt', message: 'in the past' },
    ])
  const secret = newSecret('kz_')
  const token: ApiToken = {
    id: ctx.ids.newId(),
    home: ctx.node.id,
    org: user.org,
    share: 'own',
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
    userId: user.id,
    name: input.name,
    role: input.role,
    prefix: secret.slice(0, 10),
    lastUsedAt: null,
    expiresAt: input.expiresAt ?? null,
    revokedAt: null,
  }
  await ctx.store.transact(async (tx) => {
    await tx.insertToken(token, hashSecret(secret))
    await tx.appendEvents(token.createdAt, principal === 'cli' ? 'cli' : label(principal), [
      { kind: 'token.created', subject: token.id, body: token, share: 'own' },
    ])
  })
  return { token, secret }
}

export async function revokeToken(
  ctx: AppContext,
  principal: Principal | 'cli',
  id: string,
): Promise<ApiToken> {
  const revoked = await ctx.store.transact(async (tx) => {
    const token = await tx.getToken(id)
    if (!token) throw new Refusal('not_found', `no token ${id}`)
    if (principal !== 'cli') checkScope(ctx, principal, 'token', 'write', token.org, `token ${id}`)
    const now = ctx.clock.now().toISOString()
    await tx.revokeToken(id, now)
    await tx.appendEvents(now, principal === 'cli' ? 'cli' : label(principal), [
      { kind: 'token.revoked', subject: id, body: { id }, share: 'own' },
    ])
    return (await tx.getToken(id)) as ApiToken
  })
  forgetTokens(ctx, { tokenId: id })
  return revoked
}

/** Tokens the principal may see, a page at a time. */
export async function searchTokens(
  ctx: AppContext,
  principal: Principal,
  search: Omit<TokenSearch, 'org'>,
): Promise<Page<ApiToken>> {
  return ctx.store.searchTokens({
    ...search,
    org: principal.org === ctx.node.org ? null : principal.org,
  })
}

export async function listTokens(
  ctx: AppContext,
  principal: Principal | 'cli',
): Promise<ApiToken[]> {
  return ctx.store.listTokens(
    principal === 'cli' || principal.org === ctx.node.org ? null : principal.org,
  )
}

/** On first start: a user `admin` in the node's organisation with a one-time password, printed once. */
export async function ensureFirstAdmin(ctx: AppContext): Promise<string | null> {
  if ((await ctx.store.listUsers(null)).length > 0) return null
  const { oneTimePassword } = await createUser(ctx, 'cli', {
    username: 'admin',
    displayName: 'Administrator',
    roles: ['admin'],
    org: ctx.node.org,
  })
  return oneTimePassword
}
