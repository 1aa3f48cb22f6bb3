/**
 * @module app/replicas
 * The one guard every write use case passes a record through before changing it (DESIGN.md,
 * principle 1): a record whose home is another node is a read-only replica here, and the refusal names
 * the node that owns it and that node's organisation, so the user knows whom to ask. Reference data
 * (home `public`) is not a replica: its own rules apply.
 */
import { PUBLIC } from '../domain/records/share.js'
import { Refusal } from './errors.js'
import type { FederationReads, StoreReads } from './ports.js'

/** What the guard reads to name the owner: the store, or the transaction the use case runs in. */
type Lookup = Pick<FederationReads, 'getPeer'> & Pick<StoreReads, 'getOrganisation'>

export interface HomeOwner {
  readonly node: string
  readonly organisation: {
    readonly id: string
    readonly code: string
    readonly name: string
  } | null
}

/** The node a record's home names and the organisation it was registered with, as far as known here. */
export async function homeOwner(reads: Lookup, home: string): Promise<HomeOwner> {
  const peer = await reads.getPeer(home)
  const organisation = peer ? await reads.getOrganisation(peer.organisation) : null
  return {
    node: home,
    organisation: organisation
      ? { id: organisation.id, code: organisation.code, name: organisation.nameEn }
      : null,
  }
}

export function isReplica(
  ctx: { readonly node: { readonly id: string } },
  record: { readonly home: string },
) {
  return record.home !== ctx.node.id && record.home !== PUBLIC
}

/**
 * Refuses (409 `replica_read_only`) to change `record` when another node is its home. `what` names the
 * record to the user: `request RQ-7K2M9QPA`, `consignment 0190…`.
 */
export async function refuseReplica(
  ctx: { readonly node: { readonly id: string } },
  record: { readonly home: string },
  what: string,
  reads: Lookup,
): Promise<void> {
  if (!isReplica(ctx, record)) return
  const owner = await homeOwner(reads, record.home)
  const by = owner.organisation
    ? ` (${owner.organisation.code}, ${owner.organisation.name})`
    : ' (not a registered peer of this node)'
  throw new Refusal(
    'replica_read_only',
    `${what} is a read-only replica of node ${record.home}${by}: only that node may change it; ask its users to`,
    { home: record.home, homeOrganisation: owner.organisation?.code ?? null },
  )
}
