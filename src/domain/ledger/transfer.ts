/**
 * @module domain/ledger/transfer
 * Transfers and the one decision that matters: may this transfer be applied to these balances, and
 * what does it change. Pure; the store applies the changes. Results are a closed set of codes in order of
 * precedence (STYLE.md): the first that applies is the answer.
 */
import { type AccountKind, available, type Balance, isConstrained } from './account.js'

/** `single` moves stock now; `pending` reserves it; `post` and `void` resolve a pending transfer. */
export type TransferMode = 'single' | 'pending' | 'post' | 'void'

export interface TransferInput {
  /** The client's idempotency key (UUID). */
  readonly id: string
  readonly mode: TransferMode
  readonly fromAccount: string
  readonly toAccount: string
  /** For `post`: how much of the pending quantity to post (the app fills in all of it when not given). For `void`: ignored. */
  readonly quantity: number
  readonly reason: string
  readonly ref: string | null
  /** For `post` and `void`: the pending transfer resolved. */
  readonly pendingId: string | null
  /** For `pending`: when it voids itself if not posted (ISO time), or null. */
  readonly timeoutAt: string | null
}

export interface Transfer extends TransferInput {
  readonly item: string
  readonly actor: string
  readonly at: string
  readonly batch: string
}

/** Largest quantity of one transfer: far above any relief stock, far below where doubles lose integers. */
export const MAX_QUANTITY = 1_000_000_000_000

/** The reason of the void that the timeout sweep writes for an expired pending transfer. */
export const TIMEOUT_REASON = 'timeout'

export type PendingState = 'pending' | 'posted' | 'voided' | 'expired'

export interface Pending {
  readonly id: string
  readonly fromAccount: string
  readonly toAccount: string
  readonly quantity: number
  readonly state: PendingState
  readonly timeoutAt: string | null
}

export type TransferResult =
  | 'ok'
  | 'exists'
  | 'exists_with_different_fields'
  | 'quantity_must_be_positive_integer'
  | 'same_from_and_to'
  | 'from_account_not_found'
  | 'to_account_not_found'
  | 'accounts_differ_in_item'
  | 'pending_not_found'
  | 'pending_already_posted'
  | 'pending_already_voided'
  | 'pending_expired'
  | 'pending_accounts_differ'
  | 'post_exceeds_pending'
  | 'exceeds_available'

export interface AccountView {
  readonly id: string
  readonly kind: AccountKind
  readonly item: string
  readonly balance: Balance
}

export interface Delta {
  posted: number
  pendingOut: number
  pendingIn: number
}

export interface Decision {
  readonly result: TransferResult
  /** Changes to apply, by account id (empty unless `ok`). */
  readonly deltas: ReadonlyMap<string, Delta>
  /** The new state of the pending transfer this one resolves, when it is a post or void. */
  readonly resolves: {
    readonly id: string
    readonly state: 'posted' | 'voided'
    readonly quantity: number
  } | null
  /** The quantity actually recorded (a post of less than the pending quantity, a void of all of it). */
  readonly quantity: number
}

const refused = (result: TransferResult): Decision => ({
  result,
  deltas: new Map(),
  resolves: null,
  quantity: 0,
})

export function sameTransfer(a: TransferInput, b: TransferInput): boolean {
  return (
    a.id === b.id &&
    a.mode === b.mode &&
    a.fromAccount === b.fromAccount &&
    a.toAccount === b.toAccount &&
    a.quantity === b.quantity &&
    a.reason === b.reason &&
    a.ref === b.ref &&
    a.pendingId === b.pendingId &&
    a.timeoutAt === b.timeoutAt
  )
}

/**
 * Decides one transfer against the accounts' current balances (including earlier transfers of the
 * same batch). `existing` is a stored transfer with the same id; `pending` the pending transfer a post
 * or void names.
 */
export function decideTransfer(
  input: TransferInput,
  accounts: { get(id: string): AccountView | undefined },
  existing: TransferInput | null,
  pending: Pending | null,
  now: string,
): Decision {
  if (existing)
    return refused(sameTransfer(existing, input) ? 'exists' : 'exists_with_different_fields')
  if (
    input.mode !== 'void' &&
    !(Number.isSafeInteger(input.quantity) && input.quantity > 0 && input.quantity <= MAX_QUANTITY)
  )
    return refused('quantity_must_be_positive_integer')
  if (input.fromAccount === input.toAccount) return refused('same_from_and_to')
  const from = accounts.get(input.fromAccount)
  if (!from) return refused('from_account_not_found')
  const to = accounts.get(input.toAccount)
  if (!to) return refused('to_account_not_found')
  if (from.item !== to.item) return refused('accounts_differ_in_item')

  if (input.mode === 'post' || input.mode === 'void') {
    if (!pending || input.pendingId === null) return refused('pending_not_found')
    if (pending.state === 'posted') return refused('pending_already_posted')
    if (pending.state === 'voided') return refused('pending_already_voided')
    const expired =
      pending.state === 'expired' ||
      (pending.timeoutAt !== null && Date.parse(pending.timeoutAt) <= Date.parse(now))
    // Only the node's own timeout sweep (a void with reason `timeout`) resolves an expired reservation.
    if (
      pending.state === 'expired' ||
      (expired && !(input.mode === 'void' && input.reason === TIMEOUT_REASON))
    )
      return refused('pending_expired')
    if (pending.fromAccount !== input.fromAccount || pending.toAccount !== input.toAccount)
      return refused('pending_accounts_differ')
    const quantity = input.mode === 'void' ? pending.quantity : input.quantity
    if (quantity > pending.quantity) return refused('post_exceeds_pending')
    const posted = input.mode === 'post' ? quantity : 0
    return {
      result: 'ok',
      deltas: new Map([
        [from.id, { posted: 0 - posted, pendingOut: 0 - pending.quantity, pendingIn: 0 }],
        [to.id, { posted: posted, pendingOut: 0, pendingIn: -pending.quantity }],
      ]),
      resolves: { id: pending.id, state: input.mode === 'post' ? 'posted' : 'voided', quantity },
      quantity,
    }
  }

  if (isConstrained(from.kind) && available(from.balance) < input.quantity)
    return refused('exceeds_available')
  const pendingMode = input.mode === 'pending'
  return {
    result: 'ok',
    deltas: new Map([
      [
        from.id,
        {
          posted: pendingMode ? 0 : -input.quantity,
          pendingOut: pendingMode ? input.quantity : 0,
          pendingIn: 0,
        },
      ],
      [
        to.id,
        {
          posted: pendingMode ? 0 : input.quantity,
          pendingOut: 0,
          pendingIn: pendingMode ? input.quantity : 0,
        },
      ],
    ]),
    resolves: null,
    quantity: input.quantity,
  }
}

export function applyDelta(balance: Balance, delta: Delta): Balance {
  return {
    posted: balance.posted + delta.posted,
    pendingOut: balance.pendingOut + delta.pendingOut,
    pendingIn: balance.pendingIn + delta.pendingIn,
  }
}
