/**
 * @module domain/federation/release
 * Which of a node's events leave it for a peer (DESIGN.md, principles 2 and 3), decided at the source.
 * An event's share is stored with it; its organisation is the record's: named by the event's body when
 * the body is the record's new state, otherwise looked up from the subject's record by the caller. An
 * event whose organisation cannot be told is released only to the organisations its share lists.
 * Reference data (home `public`) is the same on every node and is not replicated; nor are the node's
 * own access and federation records (users, tokens, sign-ins, its peers registry, its key).
 */
import { decodeShare, isReleasableTo, PUBLIC } from '../records/share.js'

/** Kinds that stay on their node, by prefix. */
export const nodeLocalKinds: readonly string[] = ['user.', 'token.', 'peer.', 'node.key_']

export interface EventOwner {
  readonly org: string | null
  readonly home: string | null
}

export type Release = 'released' | 'node_local' | 'reference' | 'not_released'

export function isNodeLocal(kind: string): boolean {
  return nodeLocalKinds.some((prefix) => kind.startsWith(prefix))
}

/** The `org` and `home` a body names at its top level (a record's state carries both). */
export function ownerInBody(body: string): EventOwner {
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return { org: null, home: null }
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { org: null, home: null }
  const { org, home } = value as { org?: unknown; home?: unknown }
  return {
    org: typeof org === 'string' ? org : null,
    home: typeof home === 'string' ? home : null,
  }
}

/**
 * Whether the body may name the owner at all, without parsing it: canonical JSON has no spaces, so a
 * top-level `"org":"…"` or `"home":"public"` always appears as this text somewhere in it.
 */
export function mayNameOwner(body: string): boolean {
  return body.includes('"org":') || body.includes('"home":"public"')
}

/**
 * Whether `releaseOf` can turn on the owner the body names. Not for an event shared with `all` whose body
 * has no `"public"` anywhere: such an event is released unless it is reference data, and canonical JSON
 * spells a top-level `"home":"public"` or `"org":"public"` with that text. Serving a page skips parsing
 * those bodies, most of a log (bench/RESULTS.md, "Federation catch-up").
 */
export function ownerMatters(event: { readonly share: string; readonly body: string }): boolean {
  return event.share !== 'all' || event.body.includes(`"${PUBLIC}"`)
}

export function releaseOf(
  event: { readonly kind: string; readonly share: string },
  owner: EventOwner,
  askerOrg: string,
): Release {
  if (isNodeLocal(event.kind)) return 'node_local'
  if (owner.home === PUBLIC || owner.org === PUBLIC) return 'reference'
  const share = decodeShare(event.share)
  return isReleasableTo({ org: owner.org ?? '', share }, askerOrg) ? 'released' : 'not_released'
}

/** True when `releaseOf` needs the event's organisation and its body may not name it. */
export function needsOwnerLookup(event: { readonly share: string }, owner: EventOwner): boolean {
  return event.share !== 'all' && owner.org === null
}
