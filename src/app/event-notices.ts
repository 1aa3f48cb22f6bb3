/**
 * @module app/event-notices
 * Notices of what was just written, for live screens: the kind, subject and time of each new event
 * of the node's log — never its body — and whether a reader may be told of it. Releasability is the
 * federation's rule for events (domain/federation/release.ts): an event is released to a reader's
 * organisation when its record is, and the node's own access records (users, tokens, peers, keys)
 * are told to no one. Owners not named in a body are looked up once per read, for every reader.
 */
import {
  type EventOwner,
  isNodeLocal,
  mayNameOwner,
  needsOwnerLookup,
  ownerInBody,
  releaseOf,
} from '../domain/federation/release.js'
import type { AppContext } from './context.js'
import type { Viewer } from './ports.js'

/** What a reader is told of one event. */
export interface EventNotice {
  readonly seq: number
  readonly kind: string
  readonly subject: string
  readonly at: string
}

/** A notice with what decides who may have it. */
export interface HeldNotice extends EventNotice {
  readonly share: string
  readonly owner: EventOwner
}

const unnamed: EventOwner = { org: null, home: null }

/** The node's last event, where notices start from for a reader who asks for none before. */
export async function lastEventSeq(ctx: AppContext): Promise<number> {
  return (await ctx.store.readChainHead()).seq
}

/** Up to `limit` events after `afterSeq`, as notices with their owners; `last` is the last seq read. */
export async function readNotices(
  ctx: AppContext,
  afterSeq: number,
  limit: number,
): Promise<{ notices: HeldNotice[]; last: number }> {
  const events = await ctx.store.readEvents(afterSeq, limit)
  const named = events.map((event) =>
    isNodeLocal(event.kind) || !mayNameOwner(event.body) ? unnamed : ownerInBody(event.body),
  )
  const lookups = events
    .filter((event, i) => !isNodeLocal(event.kind) && needsOwnerLookup(event, named[i] ?? unnamed))
    .map((event) => event.subject)
  const found = lookups.length > 0 ? await ctx.store.recordOwners(lookups) : new Map()
  const notices = events.map((event, i): HeldNotice => {
    const owner = named[i] ?? unnamed
    const record = found.get(event.subject)
    return {
      seq: event.seq,
      kind: event.kind,
      subject: event.subject,
      at: event.at,
      share: event.share,
      owner: { org: owner.org ?? record?.org ?? null, home: owner.home ?? record?.home ?? null },
    }
  })
  return { notices, last: events.at(-1)?.seq ?? afterSeq }
}

/** May this reader be told of the event? (The node itself, viewer null, is told of all but its access records.) */
export function isNoticeFor(notice: HeldNotice, viewer: Viewer): boolean {
  if (isNodeLocal(notice.kind)) return false
  if (viewer === null) return true
  const release = releaseOf(notice, notice.owner, viewer.org)
  return release === 'released' || release === 'reference'
}

/** The notice as the reader receives it: without share and owner. */
export function toNotice({ seq, kind, subject, at }: HeldNotice): EventNotice {
  return { seq, kind, subject, at }
}
