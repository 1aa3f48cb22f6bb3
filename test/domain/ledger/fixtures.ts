/**
 * @module test/domain/ledger/fixtures
 * Small builders for the ledger's pure tests: account views, transfer inputs and pending transfers with
 * readable ids and defaults, so each example states only what it is about.
 */
import { type AccountKind, type Balance, ZERO } from '../../../src/domain/ledger/account.js'
import type { AccountView, Pending, TransferInput } from '../../../src/domain/ledger/transfer.js'

export const NOW = '2026-03-01T00:00:00.000Z'

/** An ISO time `minutes` after (or before, when negative) NOW, in the canonical `toISOString` form. */
export function minutesFromNow(minutes: number): string {
  return new Date(Date.parse(NOW) + minutes * 60_000).toISOString()
}

export function account(
  id: string,
  kind: AccountKind,
  balance: Partial<Balance> = {},
  item = 'water',
): AccountView {
  return { id, kind, item, balance: { ...ZERO, ...balance } }
}

export function accountsOf(...views: AccountView[]): Map<string, AccountView> {
  return new Map(views.map((v) => [v.id, v]))
}

export function transfer(
  fields: Partial<TransferInput> & Pick<TransferInput, 'id' | 'fromAccount' | 'toAccount'>,
): TransferInput {
  return {
    mode: 'single',
    quantity: 1,
    reason: 'test',
    ref: null,
    pendingId: null,
    timeoutAt: null,
    ...fields,
  }
}

export function pending(
  fields: Partial<Pending> & Pick<Pending, 'id' | 'fromAccount' | 'toAccount' | 'quantity'>,
): Pending {
  return { state: 'pending', timeoutAt: null, ...fields }
}

/** The pending transfer a `pending`-mode input would leave in the store. */
export function pendingFrom(input: TransferInput): Pending {
  return pending({
    id: input.id,
    fromAccount: input.fromAccount,
    toAccount: input.toAccount,
    quantity: input.quantity,
    timeoutAt: input.timeoutAt,
  })
}
