/**
 * @module app/node-identity
 * Who this node is to its peers — its id, the organisation that runs it, its public key and the keys it
 * used before — and the record of a rotation of its key. The old public key stays listed with the last
 * seq it signed, so that `kizuna verify` and peers can still check what it signed.
 */
import type { RetiredKey } from '../domain/federation/peer.js'
import { type Actor, actorLabel } from '../domain/records/record.js'
import type { AppContext } from './context.js'
import { Refusal } from './errors.js'
import type { StoreReads } from './ports.js'

export interface NodeIdentity {
  readonly id: string
  readonly organisation: { readonly id: string; readonly code: string; readonly nameEn: string }
  /** SPKI PEM. */
  readonly publicKey: string
  readonly previousKeys: readonly RetiredKey[]
}

/** The node's retired keys, oldest first. */
export async function previousNodeKeys(store: Pick<StoreReads, 'getMeta'>): Promise<RetiredKey[]> {
  const text = await store.getMeta('node_previous_keys')
  return text ? (JSON.parse(text) as RetiredKey[]) : []
}

export async function nodeIdentity(ctx: AppContext): Promise<NodeIdentity> {
  const [organisation, publicKey, previousKeys] = await Promise.all([
    ctx.store.getOrganisation(ctx.node.org),
    ctx.store.getMeta('node_public_key'),
    previousNodeKeys(ctx.store),
  ])
  if (!publicKey) throw new Error('the database records no node public key')
  return {
    id: ctx.node.id,
    organisation: {
      id: ctx.node.org,
      code: organisation?.code ?? '',
      nameEn: organisation?.nameEn ?? '',
    },
    publicKey,
    previousKeys,
  }
}

/**
 * Records that the node's key is now `publicKeyPem`: the old key is retired, valid up to the seq of the
 * rotation's own event (this transaction's head is still signed with it, at commit). The caller then
 * puts the new private key in place; every process of the node must be restarted with it.
 */
export async function recordKeyRotation(
  ctx: AppContext,
  actor: Actor,
  publicKeyPem: string,
): Promise<{ validToSeq: number; previousKey: string }> {
  return ctx.store.transact(async (tx) => {
    const previousKey = await tx.getMeta('node_public_key')
    if (!previousKey) throw new Error('the database records no node public key')
    if (previousKey === publicKeyPem)
      throw new Refusal('invalid_request', 'the new key is the current key')
    const head = await tx.readChainHead()
    const validToSeq = head.seq + 1
    const now = ctx.clock.now().toISOString()
    const retired: RetiredKey[] = [
      ...(await previousNodeKeys(tx)),
      { publicKey: previousKey, retiredAt: now, validToSeq },
    ]
    await tx.setMeta('node_previous_keys', JSON.stringify(retired))
    await tx.setMeta('node_public_key', publicKeyPem)
    await tx.appendEvents(now, actorLabel(actor), [
      {
        kind: 'node.key_rotated',
        subject: ctx.node.id,
        body: { node: ctx.node.id, publicKey: publicKeyPem, previousKey, validToSeq },
        share: 'own',
      },
    ])
    return { validToSeq, previousKey }
  })
}
