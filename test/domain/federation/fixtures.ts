/** Chains, pages and signatures for the federation tests, built the way a home builds them. */
import { generateKeyPairSync, type KeyObject, sign, verify } from 'node:crypto'
import {
  type ChainEvent,
  canonicalJson,
  GENESIS_HASH,
  hashEvent,
} from '../../../src/domain/events/chain.js'
import {
  pageText,
  type ReplicationPage,
  signedPageText,
} from '../../../src/domain/federation/page.js'

export interface EventSpec {
  readonly org: string
  readonly share: string
  readonly kind?: string
  readonly home?: string
  readonly note?: string
}

/** A home's log: each event's body names its record's org and home, like a record's new state. */
export function chainOf(specs: readonly EventSpec[], home = 'node-a'): ChainEvent[] {
  const events: ChainEvent[] = []
  let prevHash = GENESIS_HASH
  specs.forEach((spec, i) => {
    const fields = {
      seq: i + 1,
      at: `2026-01-01T00:00:${String(i % 60).padStart(2, '0')}.000Z`,
      actor: 'user:u1',
      kind: spec.kind ?? 'place.created',
      subject: `record-${i + 1}`,
      body: canonicalJson({
        home: spec.home ?? home,
        id: `record-${i + 1}`,
        note: spec.note ?? '避難所',
        org: spec.org,
      }),
      share: spec.share,
      prevHash,
    }
    const hash = hashEvent(fields)
    events.push({ ...fields, hash })
    prevHash = hash
  })
  return events
}

/** The page a home makes after `after`, covering `limit` seqs of a log whose head is `head`. */
export function pageOf(
  chain: readonly ChainEvent[],
  options: {
    after: number
    limit: number
    head?: number
    keep?: (event: ChainEvent) => boolean
    node?: string
    asker?: string
  },
): ReplicationPage {
  const head = options.head ?? chain.length
  const to = Math.min(options.after + options.limit, head)
  const hashAt = (seq: number) => (seq === 0 ? GENESIS_HASH : (chain[seq - 1] as ChainEvent).hash)
  return {
    node: options.node ?? 'node-a',
    asker: options.asker ?? 'node-b',
    from: options.after + 1,
    to,
    head,
    prevHash: hashAt(options.after),
    toHash: hashAt(to),
    events: chain.slice(options.after, to).filter(options.keep ?? (() => true)),
    truncated: to < head,
    signedAt: '2026-01-02T00:00:00.000Z',
  }
}

export interface TestKey {
  readonly privateKey: KeyObject
  readonly pem: string
}

export function testKey(): TestKey {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519')
  return { privateKey, pem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

export function signPage(page: ReplicationPage, key: TestKey): string {
  const text = pageText(page)
  return signedPageText(
    text,
    sign(null, Buffer.from(text, 'utf8'), key.privateKey).toString('base64'),
  )
}

export function verifyWith(message: Buffer, signature: string, pem: string): boolean {
  try {
    return verify(null, message, pem, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}
