/**
 * @module domain/federation/peer
 * Another node this node exchanges events with, as its admin registered it: the node's id, the
 * organisation that runs it (as known on this node: releasability is decided against it), its URL and
 * its Ed25519 public key, with the keys it used before and the last seq each may sign a page for.
 */
import { createPublicKey } from 'node:crypto'

export const peerStatuses = ['active', 'suspended'] as const
export type PeerStatus = (typeof peerStatuses)[number]

export interface RetiredKey {
  /** SPKI PEM. */
  readonly publicKey: string
  readonly retiredAt: string
  /** The last seq a page signed with this key may cover. */
  readonly validToSeq: number
}

export interface Peer {
  readonly id: string
  readonly organisation: string
  readonly url: string
  /** SPKI PEM. */
  readonly publicKey: string
  readonly status: PeerStatus
  /** Why it was suspended. */
  readonly statusReason: string | null
  readonly previousKeys: readonly RetiredKey[]
  readonly addedAt: string
  readonly updatedAt: string
  readonly version: number
}

/** The keys that may have signed a page ending at `to`: the current one, and retired ones valid to it. */
export function keysForPage(peer: Pick<Peer, 'publicKey' | 'previousKeys'>, to: number): string[] {
  return [
    peer.publicKey,
    ...peer.previousKeys.filter((key) => key.validToSeq >= to).map((key) => key.publicKey),
  ]
}

/**
 * An Ed25519 public key as SPKI PEM, from PEM or base64 (of the 32 raw bytes, or of the SPKI DER that
 * `kizuna peer self` prints on one line); or why the text is none.
 */
export function normalisePublicKey(text: string): { pem: string } | { problem: string } {
  const trimmed = text.trim()
  try {
    let key: ReturnType<typeof createPublicKey>
    if (trimmed.startsWith('-----BEGIN')) key = createPublicKey(trimmed)
    else {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed))
        return { problem: 'expected a PEM public key or base64' }
      const bytes = Buffer.from(trimmed, 'base64')
      key =
        bytes.length === 32
          ? createPublicKey({
              key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') },
              format: 'jwk',
            })
          : createPublicKey({ key: bytes, format: 'der', type: 'spki' })
    }
    if (key.asymmetricKeyType !== 'ed25519')
      return { problem: `an ${key.asymmetricKeyType ?? 'unknown'} key; expected Ed25519` }
    return { pem: key.export({ type: 'spki', format: 'pem' }).toString() }
  } catch {
    return { problem: 'not a public key (expected Ed25519, as PEM or base64)' }
  }
}

/** The one-line form of a PEM public key: the base64 of its SPKI DER. */
export function publicKeyLine(pem: string): string {
  return pem.replace(/-----(BEGIN|END) PUBLIC KEY-----/g, '').replace(/\s+/g, '')
}

/** A peer's base URL without a trailing slash, or why it is not one: http(s), no credentials, query or fragment. */
export function normalisePeerUrl(text: string): { url: string } | { problem: string } {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return { problem: 'not a URL; expected e.g. https://kizuna.example.org' }
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    return { problem: `${url.protocol} is not accepted; expected http or https` }
  if (url.username || url.password) return { problem: 'a URL with credentials is not accepted' }
  if (url.search || url.hash) return { problem: 'a URL with a query or fragment is not accepted' }
  return { url: `${url.origin}${url.pathname.replace(/\/+$/, '')}` }
}
