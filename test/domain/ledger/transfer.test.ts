import { describe, expect, it } from 'vitest'
import type { AccountKind } from '../../../src/domain/ledger/account.js'
import {
  type Decision,
  type Delta,
  decideTransfer,
  TIMEOUT_REASON,
  type TransferInput,
} from '../../../src/domain/ledger/transfer.js'
import { account, accountsOf, minutesFromNow, NOW, pending, transfer } from './fixtures.js'

// A hub's stock of water with 10 on the shelf, 3 of them reserved; a warehouse; a consignment in transit;
// the outside world; and a stock of another item.
const hub = account('stock:hub', 'stock', { posted: 10, pendingOut: 3 })
const warehouse = account('stock:warehouse', 'stock', { posted: 4 })
const transit = account('transit:c1', 'transit', { posted: 2 })
const donor = account('supply:donor', 'supply')
const issued = account('issued:shelter', 'issued')
const tents = account('stock:tents', 'stock', { posted: 50 }, 'tents')
const accounts = accountsOf(hub, warehouse, transit, donor, issued, tents)

const move = transfer({ id: 't1', fromAccount: hub.id, toAccount: warehouse.id, quantity: 5 })

/** A pending of 6 from the hub to the warehouse, and the post or void that resolves it. */
const reserved = pending({ id: 'p1', fromAccount: hub.id, toAccount: warehouse.id, quantity: 6 })
const reservedAccounts = accountsOf(
  account(hub.id, 'stock', { posted: 10, pendingOut: 6 }),
  account(warehouse.id, 'stock', { posted: 4, pendingIn: 6 }),
  tents,
)
const post = (fields: Partial<TransferInput> = {}) =>
  transfer({
    id: 'post1',
    mode: 'post',
    fromAccount: hub.id,
    toAccount: warehouse.id,
    quantity: 6,
    pendingId: 'p1',
    ...fields,
  })
const voidOf = (fields: Partial<TransferInput> = {}) =>
  transfer({
    id: 'void1',
    mode: 'void',
    fromAccount: hub.id,
    toAccount: warehouse.id,
    quantity: 0,
    pendingId: 'p1',
    ...fields,
  })

/** The deltas by account, with -0 read as 0 (a void's delta carries `posted: -0`; harmless in sums). */
function deltasOf(decision: Decision): Record<string, Delta> {
  const plain = (d: Delta): Delta => ({
    posted: d.posted + 0,
    pendingOut: d.pendingOut + 0,
    pendingIn: d.pendingIn + 0,
  })
  return Object.fromEntries([...decision.deltas].map(([id, d]) => [id, plain(d)]))
}

describe('decideTransfer: a single transfer', () => {
  it('moves the quantity out of one account and into the other', () => {
    const decision = decideTransfer(move, accounts, null, null, NOW)
    expect(decision.result).toBe('ok')
    expect(decision.quantity).toBe(5)
    expect(decision.resolves).toBeNull()
    expect(deltasOf(decision)).toEqual({
      'stock:hub': { posted: -5, pendingOut: 0, pendingIn: 0 },
      'stock:warehouse': { posted: 5, pendingOut: 0, pendingIn: 0 },
    })
  })

  it('a pending transfer reserves: it moves pending quantities and leaves posted ones alone', () => {
    const decision = decideTransfer({ ...move, mode: 'pending' }, accounts, null, null, NOW)
    expect(decision.result).toBe('ok')
    expect(deltasOf(decision)).toEqual({
      'stock:hub': { posted: 0, pendingOut: 5, pendingIn: 0 },
      'stock:warehouse': { posted: 0, pendingOut: 0, pendingIn: 5 },
    })
  })
})

describe('decideTransfer: result codes in order of precedence', () => {
  it('answers exists to a replay with the same fields, and changes nothing', () => {
    const decision = decideTransfer(move, accounts, { ...move }, null, NOW)
    expect(decision.result).toBe('exists')
    expect(decision.deltas.size).toBe(0)
  })

  it('answers exists to a replay even when the transfer could no longer be made', () => {
    // The accounts are gone and the quantity would now overdraw: the replay still just says "done".
    expect(decideTransfer(move, new Map(), { ...move }, null, NOW).result).toBe('exists')
  })

  it.each([
    ['mode', { mode: 'pending' as const }],
    ['from', { fromAccount: transit.id }],
    ['to', { toAccount: issued.id }],
    ['quantity', { quantity: 4 }],
    ['reason', { reason: 'other' }],
    ['ref', { ref: 'REQ-1' }],
    ['pendingId', { pendingId: 'p9' }],
    ['timeoutAt', { timeoutAt: minutesFromNow(5) }],
  ])('answers exists_with_different_fields to a replay that differs in %s', (_field, change) => {
    const decision = decideTransfer({ ...move, ...change }, accounts, move, null, NOW)
    expect(decision.result).toBe('exists_with_different_fields')
    expect(decision.deltas.size).toBe(0)
  })

  it('an existing id with different fields wins over a bad quantity', () => {
    const bad = { ...move, quantity: -1, toAccount: move.fromAccount }
    expect(decideTransfer(bad, accounts, move, null, NOW).result).toBe(
      'exists_with_different_fields',
    )
  })

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])(
    'refuses a quantity of %s as not a positive integer',
    (quantity) => {
      expect(decideTransfer({ ...move, quantity }, accounts, null, null, NOW).result).toBe(
        'quantity_must_be_positive_integer',
      )
    },
  )

  it('a bad quantity wins over the same account on both sides', () => {
    const bad = { ...move, quantity: 0, toAccount: move.fromAccount }
    expect(decideTransfer(bad, accounts, null, null, NOW).result).toBe(
      'quantity_must_be_positive_integer',
    )
  })

  it('checks same_from_and_to before looking the accounts up', () => {
    const loop = transfer({ id: 't2', fromAccount: 'stock:nowhere', toAccount: 'stock:nowhere' })
    expect(decideTransfer(loop, accounts, null, null, NOW).result).toBe('same_from_and_to')
  })

  it('looks for the from account before the to account', () => {
    const lost = transfer({ id: 't2', fromAccount: 'stock:nowhere', toAccount: 'stock:elsewhere' })
    expect(decideTransfer(lost, accounts, null, null, NOW).result).toBe('from_account_not_found')
  })

  it('refuses a transfer to an account that does not exist', () => {
    const lost = transfer({ id: 't2', fromAccount: hub.id, toAccount: 'stock:nowhere' })
    expect(decideTransfer(lost, accounts, null, null, NOW).result).toBe('to_account_not_found')
  })

  it('refuses to move one item into an account of another, before looking at what is available', () => {
    const mixed = transfer({ id: 't2', fromAccount: hub.id, toAccount: tents.id, quantity: 1000 })
    expect(decideTransfer(mixed, accounts, null, null, NOW).result).toBe('accounts_differ_in_item')
  })

  it('refuses to take more than is available from a stock account', () => {
    // posted 10, 3 reserved: 7 available.
    expect(decideTransfer({ ...move, quantity: 8 }, accounts, null, null, NOW).result).toBe(
      'exceeds_available',
    )
    expect(decideTransfer({ ...move, quantity: 7 }, accounts, null, null, NOW).result).toBe('ok')
  })

  it('refuses to reserve more than is available, counting earlier reservations', () => {
    const reserve = { ...move, mode: 'pending' as const }
    expect(decideTransfer({ ...reserve, quantity: 8 }, accounts, null, null, NOW).result).toBe(
      'exceeds_available',
    )
    expect(decideTransfer({ ...reserve, quantity: 7 }, accounts, null, null, NOW).result).toBe('ok')
  })

  it('does not count stock on its way in (pending in) as available', () => {
    const incoming = accountsOf(account('stock:a', 'stock', { pendingIn: 9 }), warehouse)
    const out = transfer({ id: 't2', fromAccount: 'stock:a', toAccount: warehouse.id })
    expect(decideTransfer(out, incoming, null, null, NOW).result).toBe('exceeds_available')
  })

  it('refuses to take more than is in transit out of a transit account', () => {
    const out = transfer({
      id: 't2',
      fromAccount: transit.id,
      toAccount: warehouse.id,
      quantity: 3,
    })
    expect(decideTransfer(out, accounts, null, null, NOW).result).toBe('exceeds_available')
    expect(decideTransfer({ ...out, quantity: 2 }, accounts, null, null, NOW).result).toBe('ok')
  })

  it.each<AccountKind>(['supply', 'issued', 'loss', 'adjust', 'peer'])(
    'lets an outside-world %s account go negative',
    (kind) => {
      const outside = account(`${kind}:x`, kind)
      const into = transfer({
        id: 't2',
        fromAccount: outside.id,
        toAccount: warehouse.id,
        quantity: 500,
      })
      const decision = decideTransfer(into, accountsOf(outside, warehouse), null, null, NOW)
      expect(decision.result).toBe('ok')
      expect(decision.deltas.get(outside.id)?.posted).toBe(-500)
    },
  )
})

describe('decideTransfer: posting and voiding a pending transfer', () => {
  it('posts a pending transfer in full', () => {
    const decision = decideTransfer(post(), reservedAccounts, null, reserved, NOW)
    expect(decision.result).toBe('ok')
    expect(decision.resolves).toEqual({ id: 'p1', state: 'posted', quantity: 6 })
    expect(deltasOf(decision)).toEqual({
      'stock:hub': { posted: -6, pendingOut: -6, pendingIn: 0 },
      'stock:warehouse': { posted: 6, pendingOut: 0, pendingIn: -6 },
    })
  })

  it('posts a pending transfer in part and releases the rest', () => {
    const decision = decideTransfer(post({ quantity: 4 }), reservedAccounts, null, reserved, NOW)
    expect(decision.result).toBe('ok')
    expect(decision.quantity).toBe(4)
    expect(decision.resolves).toEqual({ id: 'p1', state: 'posted', quantity: 4 })
    expect(deltasOf(decision)).toEqual({
      'stock:hub': { posted: -4, pendingOut: -6, pendingIn: 0 },
      'stock:warehouse': { posted: 4, pendingOut: 0, pendingIn: -6 },
    })
  })

  it('voids a pending transfer: nothing is posted and the whole reservation is released', () => {
    const decision = decideTransfer(voidOf(), reservedAccounts, null, reserved, NOW)
    expect(decision.result).toBe('ok')
    expect(decision.quantity).toBe(6)
    expect(decision.resolves).toEqual({ id: 'p1', state: 'voided', quantity: 6 })
    expect(deltasOf(decision)).toEqual({
      'stock:hub': { posted: 0, pendingOut: -6, pendingIn: 0 },
      'stock:warehouse': { posted: 0, pendingOut: 0, pendingIn: -6 },
    })
  })

  it('posts reserved stock even when nothing else is available on the account', () => {
    const full = accountsOf(
      account(hub.id, 'stock', { posted: 6, pendingOut: 6 }),
      account(warehouse.id, 'stock', { pendingIn: 6 }),
    )
    expect(decideTransfer(post(), full, null, reserved, NOW).result).toBe('ok')
  })

  it('refuses a post or void that names no pending transfer, or one that is not there', () => {
    expect(
      decideTransfer(post({ pendingId: null }), reservedAccounts, null, reserved, NOW).result,
    ).toBe('pending_not_found')
    expect(decideTransfer(post(), reservedAccounts, null, null, NOW).result).toBe(
      'pending_not_found',
    )
    expect(decideTransfer(voidOf(), reservedAccounts, null, null, NOW).result).toBe(
      'pending_not_found',
    )
  })

  it('checks the accounts and their items before the pending transfer', () => {
    expect(
      decideTransfer(post({ toAccount: tents.id }), reservedAccounts, null, null, NOW).result,
    ).toBe('accounts_differ_in_item')
    expect(
      decideTransfer(post({ toAccount: 'stock:nowhere' }), reservedAccounts, null, null, NOW)
        .result,
    ).toBe('to_account_not_found')
  })

  it('refuses to post a pending transfer twice', () => {
    const posted = { ...reserved, state: 'posted' as const }
    expect(decideTransfer(post({ id: 'post2' }), reservedAccounts, null, posted, NOW).result).toBe(
      'pending_already_posted',
    )
  })

  it('refuses to void a pending transfer that was posted', () => {
    const posted = { ...reserved, state: 'posted' as const }
    expect(decideTransfer(voidOf(), reservedAccounts, null, posted, NOW).result).toBe(
      'pending_already_posted',
    )
  })

  it('refuses to post or void a pending transfer that was voided', () => {
    const voided = { ...reserved, state: 'voided' as const }
    expect(decideTransfer(post(), reservedAccounts, null, voided, NOW).result).toBe(
      'pending_already_voided',
    )
    expect(
      decideTransfer(voidOf({ id: 'void2' }), reservedAccounts, null, voided, NOW).result,
    ).toBe('pending_already_voided')
  })

  it('refuses to post a pending transfer at its timeout', () => {
    const timed = { ...reserved, timeoutAt: NOW }
    expect(decideTransfer(post(), reservedAccounts, null, timed, NOW).result).toBe(
      'pending_expired',
    )
  })

  it('refuses to post or void a pending transfer after its timeout', () => {
    const timed = { ...reserved, timeoutAt: minutesFromNow(-1) }
    expect(decideTransfer(post(), reservedAccounts, null, timed, NOW).result).toBe(
      'pending_expired',
    )
    expect(decideTransfer(voidOf(), reservedAccounts, null, timed, NOW).result).toBe(
      'pending_expired',
    )
  })

  it('posts a pending transfer a millisecond before its timeout', () => {
    const timed = { ...reserved, timeoutAt: '2026-03-01T00:00:00.001Z' }
    expect(decideTransfer(post(), reservedAccounts, null, timed, NOW).result).toBe('ok')
  })

  it('never expires a pending transfer without a timeout', () => {
    expect(
      decideTransfer(post(), reservedAccounts, null, reserved, '2099-01-01T00:00:00.000Z').result,
    ).toBe('ok')
  })

  it('refuses a pending transfer the store has marked expired, whatever the time', () => {
    const expired = { ...reserved, state: 'expired' as const }
    expect(decideTransfer(post(), reservedAccounts, null, expired, NOW).result).toBe(
      'pending_expired',
    )
  })

  it('answers already posted rather than expired for a posted pending transfer past its timeout', () => {
    const posted = { ...reserved, state: 'posted' as const, timeoutAt: minutesFromNow(-1) }
    expect(decideTransfer(post({ id: 'post2' }), reservedAccounts, null, posted, NOW).result).toBe(
      'pending_already_posted',
    )
  })

  it('refuses to post more than was reserved', () => {
    expect(
      decideTransfer(post({ quantity: 7 }), reservedAccounts, null, reserved, NOW).result,
    ).toBe('post_exceeds_pending')
  })

  it('refuses a post or void whose accounts are not the pending transfer’s', () => {
    const swapped = post({ fromAccount: warehouse.id, toAccount: hub.id })
    expect(decideTransfer(swapped, reservedAccounts, null, reserved, NOW).result).toBe(
      'pending_accounts_differ',
    )
    const other = voidOf({ toAccount: transit.id })
    const withTransit = accountsOf(...reservedAccounts.values(), transit)
    expect(decideTransfer(other, withTransit, null, reserved, NOW).result).toBe(
      'pending_accounts_differ',
    )
  })

  it('checks the pending transfer’s accounts before the quantity posted', () => {
    // As TigerBeetle does (different debit/credit account before exceeds_pending_transfer_amount).
    const swapped = post({ fromAccount: warehouse.id, toAccount: hub.id, quantity: 99 })
    expect(decideTransfer(swapped, reservedAccounts, null, reserved, NOW).result).toBe(
      'pending_accounts_differ',
    )
  })

  it('checks the pending transfer’s state before its accounts', () => {
    const voided = { ...reserved, state: 'voided' as const }
    const swapped = post({ fromAccount: warehouse.id, toAccount: hub.id, quantity: 99 })
    expect(decideTransfer(swapped, reservedAccounts, null, voided, NOW).result).toBe(
      'pending_already_voided',
    )
  })

  it('does not check the quantity of a void, which always releases the whole reservation', () => {
    const decision = decideTransfer(voidOf({ quantity: -7 }), reservedAccounts, null, reserved, NOW)
    expect(decision.result).toBe('ok')
    expect(decision.resolves?.quantity).toBe(6)
  })

  it('refuses a post of a quantity that is not a positive integer', () => {
    expect(
      decideTransfer(post({ quantity: 0 }), reservedAccounts, null, reserved, NOW).result,
    ).toBe('quantity_must_be_positive_integer')
  })

  it('still counts a timed-out pending transfer against available until the sweep voids it', () => {
    // The decision sees balances, not pending transfers: a timed-out reservation holds its stock until
    // the node's timeout sweep writes its void.
    const out = transfer({ id: 't3', fromAccount: hub.id, toAccount: warehouse.id, quantity: 5 })
    expect(decideTransfer(out, reservedAccounts, null, null, minutesFromNow(60)).result).toBe(
      'exceeds_available',
    )
  })
})

describe('decideTransfer: the timeout sweep', () => {
  const sweep = voidOf({ id: 'timeout:p1', reason: TIMEOUT_REASON })
  const timedOut = { ...reserved, timeoutAt: NOW }

  it('lets the sweep’s void (reason timeout) release a reservation at and after its timeout', () => {
    for (const now of [NOW, minutesFromNow(60)]) {
      const decision = decideTransfer(sweep, reservedAccounts, null, timedOut, now)
      expect(decision.result).toBe('ok')
      expect(decision.resolves).toEqual({ id: 'p1', state: 'voided', quantity: 6 })
      expect(deltasOf(decision)).toEqual({
        'stock:hub': { posted: 0, pendingOut: -6, pendingIn: 0 },
        'stock:warehouse': { posted: 0, pendingOut: 0, pendingIn: -6 },
      })
    }
  })

  it('refuses a post with reason timeout after the timeout: only a void may release it', () => {
    const late = post({ reason: TIMEOUT_REASON })
    expect(decideTransfer(late, reservedAccounts, null, timedOut, NOW).result).toBe(
      'pending_expired',
    )
  })

  it('refuses the sweep’s void for a pending transfer already marked expired', () => {
    const expired = { ...timedOut, state: 'expired' as const }
    expect(decideTransfer(sweep, reservedAccounts, null, expired, NOW).result).toBe(
      'pending_expired',
    )
  })

  it('refuses the sweep’s void for a pending transfer already posted or voided', () => {
    expect(
      decideTransfer(sweep, reservedAccounts, null, { ...timedOut, state: 'posted' }, NOW).result,
    ).toBe('pending_already_posted')
    expect(
      decideTransfer(sweep, reservedAccounts, null, { ...timedOut, state: 'voided' }, NOW).result,
    ).toBe('pending_already_voided')
  })

  it('refuses the sweep’s void when its accounts are not the pending transfer’s', () => {
    const wrong = { ...sweep, fromAccount: warehouse.id, toAccount: hub.id }
    expect(decideTransfer(wrong, reservedAccounts, null, timedOut, NOW).result).toBe(
      'pending_accounts_differ',
    )
  })
})

describe('decideTransfer: known bugs (it.fails: flip to it once fixed)', () => {
  it('refuses a quantity beyond Number.MAX_SAFE_INTEGER, where balances stop adding up exactly', () => {
    const big = transfer({
      id: 't9',
      fromAccount: donor.id,
      toAccount: warehouse.id,
      quantity: 2 ** 53,
    })
    expect(decideTransfer(big, accounts, null, null, NOW).result).toBe(
      'quantity_must_be_positive_integer',
    )
  })

  it('expires a pending transfer whose timeout is written with an offset (+09:00)', () => {
    // 09:00+09:00 is 00:00Z: an hour before now. Compared as strings, '2026-03-01T09…' > '2026-03-01T01…'.
    const timed = { ...reserved, timeoutAt: '2026-03-01T09:00:00+09:00' }
    expect(
      decideTransfer(post(), reservedAccounts, null, timed, '2026-03-01T01:00:00.000Z').result,
    ).toBe('pending_expired')
  })

  it('expires a pending transfer at its timeout written without milliseconds', () => {
    // The same instant; 'Z' (0x5A) sorts after '.' (0x2E), so the string compare says "not yet".
    const timed = { ...reserved, timeoutAt: '2026-03-01T00:00:00Z' }
    expect(decideTransfer(post(), reservedAccounts, null, timed, NOW).result).toBe(
      'pending_expired',
    )
  })
})
