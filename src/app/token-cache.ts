/**
 * @module app/token-cache
 * Bearer tokens' principals, held for a second. A busy client (a scanner, a partner's system) sends
 * many requests a second, and reading its token and its user for each was a fifth of a transfer
 * request's server time (bench/RESULTS.md, issue 4). Revoking a token or changing its user through
 * this server forgets at once; done elsewhere (another server process on the same database, the CLI),
 * it takes effect within the second.
 */
import type { Principal } from '../domain/access/permissions.js'
import type { AppContext } from './context.js'

const HOLD_MS = 1000
/** Past this many tokens the cache starts again: a bound on memory, not a policy. */
const MOST = 10_000

interface Held {
  readonly principal: Principal
  readonly userId: string
  readonly until: number
}

const byStore = new WeakMap<AppContext['store'], Map<string, Held>>()

function cacheOf(ctx: AppContext): Map<string, Held> {
  let cache = byStore.get(ctx.store)
  if (!cache) {
    cache = new Map()
    byStore.set(ctx.store, cache)
  }
  return cache
}

/** The principal held for this token's secret hash, if it was authenticated less than a second ago. */
export function heldPrincipal(ctx: AppContext, secretHash: string): Principal | undefined {
  const cache = byStore.get(ctx.store)
  const held = cache?.get(secretHash)
  if (!held) return undefined
  if (ctx.clock.now().getTime() < held.until) return held.principal
  cache?.delete(secretHash)
  return undefined
}

/** Holds a token's principal for a second, never past the token's expiry. */
export function holdPrincipal(
  ctx: AppContext,
  secretHash: string,
  principal: Principal,
  expiresAt: string | null,
): void {
  const cache = cacheOf(ctx)
  if (cache.size >= MOST) cache.clear()
  const until = ctx.clock.now().getTime() + HOLD_MS
  cache.set(secretHash, {
    principal,
    userId: principal.userId,
    until: expiresAt === null ? until : Math.min(until, Date.parse(expiresAt)),
  })
}

/** Forgets a revoked token, or every token of a user whose roles or state changed. */
export function forgetTokens(
  ctx: AppContext,
  which: { tokenId: string } | { userId: string },
): void {
  const cache = byStore.get(ctx.store)
  if (!cache) return
  for (const [hash, held] of cache)
    if ('tokenId' in which ? held.principal.id === which.tokenId : held.userId === which.userId)
      cache.delete(hash)
}
