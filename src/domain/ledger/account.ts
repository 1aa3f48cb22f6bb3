/**
 * @module domain/ledger/account
 * Stock as a double-entry ledger (DESIGN.md, "The ledger"), after TigerBeetle's model. An account is
 * (kind, where, item, owner, lot); its id is derived from that key so every writer finds the same one.
 */
import { v5 as uuidv5 } from 'uuid'

/** `stock` (where = a place) and `transit` (where = a consignment) never go negative; the others are
 * the outside world: `supply` (where = the donor or supplier organisation), `issued`, `loss`, `adjust`
 * (where = a place), `peer` (where = another node). */
export const accountKinds = [
  'stock',
  'transit',
  'supply',
  'issued',
  'loss',
  'adjust',
  'peer',
] as const
export type AccountKind = (typeof accountKinds)[number]

export const constrainedKinds: readonly AccountKind[] = ['stock', 'transit']

export interface AccountKey {
  readonly kind: AccountKind
  /** A place id, a consignment reference, an organisation id or a node id, by kind. */
  readonly where: string
  readonly item: string
  /** The organisation that owns the stock. */
  readonly owner: string
  /** Lot code; '' when the stock is not tracked by lot. */
  readonly lot: string
}

export interface Balance {
  readonly posted: number
  readonly pendingOut: number
  readonly pendingIn: number
}

export interface Account extends AccountKey, Balance {
  readonly id: string
  /** Expiry of the lot (YYYY-MM-DD), when it has one. */
  readonly expiresOn: string | null
}

export const ZERO: Balance = { posted: 0, pendingOut: 0, pendingIn: 0 }

const ACCOUNT_NAMESPACE = '3f0a6c2e-8d51-4f7b-a0e4-5c9d2b7e1a60'

/** Ids already derived: a SHA-1 costs tens of µs and a busy hub names the same few thousand accounts
 * over and over (bench/RESULTS.md). Bounded, so a long-running node does not grow it without end. */
const knownIds = new Map<string, string>()
const KNOWN_IDS_MAX = 50_000

export function accountId(key: AccountKey): string {
  const name = JSON.stringify([key.kind, key.where, key.item, key.owner, key.lot])
  let id = knownIds.get(name)
  if (id === undefined) {
    id = uuidv5(name, ACCOUNT_NAMESPACE)
    if (knownIds.size >= KNOWN_IDS_MAX) knownIds.clear()
    knownIds.set(name, id)
  }
  return id
}

export function available(balance: Balance): number {
  return balance.posted - balance.pendingOut
}

export function isConstrained(kind: AccountKind): boolean {
  return constrainedKinds.includes(kind)
}
