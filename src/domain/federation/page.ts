/**
 * @module domain/federation/page
 * A replication page (DESIGN.md, "Federation"): the events of one home releasable to the asker, and the
 * seq range the page covers — a gap inside it is a filtered event; a page whose `to` is below `head` is
 * a truncation to resume from. The home signs the page's canonical JSON text; on the wire the page
 * travels as `{"page":<that text>,"signature":"…"}`, so the asker verifies the very bytes it received
 * and any change to one of them is refused. Pure: signature checks are passed in.
 */
import { type ChainEvent, canonicalJson, GENESIS_HASH, hashEvent } from '../events/chain.js'

export interface ReplicationPage {
  /** The home node: whose events these are and whose key signed the page. */
  readonly node: string
  /** The node the page was made for: a page cannot be passed off to another asker. */
  readonly asker: string
  /** First seq the page covers (the asker's checkpoint + 1). */
  readonly from: number
  /** Last seq the page covers; `from − 1` when there was nothing to cover. */
  readonly to: number
  /** The home's chain head when the page was made. */
  readonly head: number
  /** Chain hash of event `from − 1` (the genesis hash when `from` is 1). */
  readonly prevHash: string
  /** Chain hash of event `to` (equal to `prevHash` when the page covers nothing). */
  readonly toHash: string
  /** The events of the range releasable to the asker, verbatim, in seq order. */
  readonly events: readonly ChainEvent[]
  /** True when the page stops before the head: ask again after `to`. */
  readonly truncated: boolean
  readonly signedAt: string
}

export type PageProblemCode =
  | 'unsigned'
  | 'malformed'
  | 'bad_signature'
  | 'wrong_node'
  | 'wrong_asker'
  | 'hash_mismatch'
  | 'chain_broken'

export interface PageProblem {
  readonly code: PageProblemCode
  readonly message: string
}

const HASH = /^[0-9a-f]{64}$/
/** The end of a signed page: an Ed25519 signature is 64 bytes, 88 base64 characters. */
const SIGNED_TAIL = /^,"signature":"([A-Za-z0-9+/]{86}==)"\}$/
const SIGNED_TAIL_LENGTH = 104
const PREFIX = '{"page":'

/** The text a home signs: the page's canonical JSON. */
export function pageText(page: ReplicationPage): string {
  return canonicalJson(page)
}

/** The wire form: itself canonical JSON (keys `page` < `signature`). */
export function signedPageText(text: string, signature: string): string {
  return `${PREFIX}${text},"signature":${JSON.stringify(signature)}}`
}

/** The signed bytes and the signature, or null when the text is not a signed page at all. */
export function splitSignedPage(text: string): { pageText: string; signature: string } | null {
  if (!text.startsWith(PREFIX) || text.length < PREFIX.length + SIGNED_TAIL_LENGTH) return null
  const tail = SIGNED_TAIL.exec(text.slice(-SIGNED_TAIL_LENGTH))
  if (!tail?.[1]) return null
  const signature = tail[1]
  // Base64 can spell the same bytes more than one way (the unused bits of the last character): only
  // the one spelling is accepted, so that no changed character verifies.
  if (Buffer.from(signature, 'base64').toString('base64') !== signature) return null
  return { pageText: text.slice(PREFIX.length, -SIGNED_TAIL_LENGTH), signature }
}

const isInt = (value: unknown, min: number): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= min
const isText = (value: unknown): value is string => typeof value === 'string'

function parseEvent(value: unknown): ChainEvent | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  const e = value as Record<string, unknown>
  if (Object.keys(e).length !== 9) return null
  const { seq, at, actor, kind, subject, body, share, prevHash, hash } = e
  if (!isInt(seq, 1) || !isText(at) || !isText(actor) || !isText(kind) || !isText(subject))
    return null
  if (!isText(body) || !isText(share) || !isText(prevHash) || !isText(hash)) return null
  return { seq, at, actor, kind, subject, body, share, prevHash, hash }
}

const pageKeys = [
  'asker',
  'events',
  'from',
  'head',
  'node',
  'prevHash',
  'signedAt',
  'to',
  'toHash',
  'truncated',
]

/** The page in `text` (its canonical JSON), or why it is not one. */
export function parsePage(text: string): ReplicationPage | PageProblem {
  const malformed = (why: string): PageProblem => ({
    code: 'malformed',
    message: `the page is malformed: ${why}`,
  })
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    return malformed('not JSON')
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return malformed('not an object')
  const p = value as Record<string, unknown>
  const keys = Object.keys(p).sort()
  if (keys.join() !== pageKeys.join()) return malformed(`fields ${keys.join(', ')}`)
  const { node, asker, from, to, head, prevHash, toHash, truncated, signedAt } = p
  if (!isText(node) || !isText(asker) || !isText(signedAt))
    return malformed('node, asker, signedAt')
  if (!isInt(from, 1) || !isInt(to, 0) || !isInt(head, 0)) return malformed('from, to, head')
  if (!isText(prevHash) || !isText(toHash) || !HASH.test(prevHash) || !HASH.test(toHash))
    return malformed('prevHash, toHash')
  if (typeof truncated !== 'boolean' || !Array.isArray(p.events)) return malformed('truncated')
  const events: ChainEvent[] = []
  for (const entry of p.events) {
    const event = parseEvent(entry)
    if (!event) return malformed(`event ${events.length + 1}`)
    events.push(event)
  }
  return { node, asker, from, to, head, prevHash, toHash, events, truncated, signedAt }
}

export const isPageProblem = (value: ReplicationPage | PageProblem): value is PageProblem =>
  'code' in value

/**
 * Opens a signed page: its bytes verified against the keys `keysFor` accepts for that page (the peer's
 * key, or a retired one still valid for the range), then parsed. `verify` does the cryptography.
 */
export function openSignedPage(
  text: string,
  keysFor: (page: ReplicationPage) => readonly string[],
  verify: (message: Buffer, signature: string, publicKey: string) => boolean,
): { ok: true; page: ReplicationPage } | { ok: false; problem: PageProblem } {
  const signed = splitSignedPage(text)
  if (!signed)
    return {
      ok: false,
      problem: { code: 'unsigned', message: 'the answer is not a signed page' },
    }
  const page = parsePage(signed.pageText)
  if (isPageProblem(page)) return { ok: false, problem: page }
  const message = Buffer.from(signed.pageText, 'utf8')
  if (!keysFor(page).some((key) => verify(message, signed.signature, key)))
    return {
      ok: false,
      problem: {
        code: 'bad_signature',
        message: `the page's signature was not made by the key registered for node ${page.node}`,
      },
    }
  return { ok: true, page }
}

/**
 * The page's own consistency, once its signature holds: from whom and for whom, its range, each event's
 * hash, and the chain wherever two links are both in view — between consecutive events, from
 * `prevHash` to an event at `from`, and from an event at `to` to `toHash`. Across a filtered gap the
 * link cannot be checked here: the event that would close it is not released to the asker (the page's
 * signature vouches for the rest).
 */
export function checkPage(
  page: ReplicationPage,
  expected: { readonly node: string; readonly asker: string },
): PageProblem | null {
  if (page.node !== expected.node)
    return {
      code: 'wrong_node',
      message: `the page is node ${page.node}'s, not ${expected.node}'s`,
    }
  if (page.asker !== expected.asker)
    return {
      code: 'wrong_asker',
      message: `the page was made for node ${page.asker}, not this one`,
    }
  const bad = (why: string): PageProblem => ({
    code: 'malformed',
    message: `the page is malformed: ${why}`,
  })
  if (page.to < page.from - 1) return bad(`it ends (${page.to}) before it starts (${page.from})`)
  if (page.head < page.to) return bad(`it covers ${page.to}, beyond the head ${page.head}`)
  if (page.truncated !== page.to < page.head)
    return bad('"truncated" does not agree with to and head')
  if (page.from === 1 && page.prevHash !== GENESIS_HASH)
    return { code: 'chain_broken', message: 'the first page does not start from the genesis hash' }
  if (page.to === page.from - 1 && page.toHash !== page.prevHash)
    return { code: 'chain_broken', message: 'an empty page must end where it starts' }
  let previous: ChainEvent | null = null
  for (const event of page.events) {
    if (event.seq < page.from || event.seq > page.to)
      return bad(`event ${event.seq} is outside ${page.from}..${page.to}`)
    if (previous && event.seq <= previous.seq) return bad(`event ${event.seq} is out of order`)
    if (hashEvent(event) !== event.hash)
      return {
        code: 'hash_mismatch',
        message: `event ${event.seq} does not match its hash: it was altered`,
      }
    const link =
      event.seq === page.from
        ? page.prevHash
        : previous && previous.seq === event.seq - 1
          ? previous.hash
          : null
    if (link !== null && event.prevHash !== link)
      return {
        code: 'chain_broken',
        message: `event ${event.seq} does not link to the event before it`,
      }
    if (event.seq === page.to && event.hash !== page.toHash)
      return {
        code: 'chain_broken',
        message: `event ${event.seq} is not the hash the page ends on`,
      }
    previous = event
  }
  return null
}
