import { describe, expect, it } from 'vitest'
import type { Balance } from '../../../src/domain/ledger/account.js'
import { type BatchDecision, decideBatch } from '../../../src/domain/ledger/batch.js'
import {
  type AccountView,
  applyDelta,
  type Pending,
  type TransferInput,
} from '../../../src/domain/ledger/transfer.js'
import { account, accountsOf, NOW, pendingFrom, transfer } from './fixtures.js'

const donor = account('supply:donor', 'supply')
const hub = account('stock:hub', 'stock')
const warehouse = account('stock:warehouse', 'stock', { posted: 5 })
const transit = account('transit:c1', 'transit')
const issued = account('issued:shelter', 'issued')
const start = accountsOf(donor, hub, warehouse, transit, issued)

/** What a store keeps, and how it applies an accepted batch. */
interface Ledger {
  readonly accounts: Map<string, AccountView>
  readonly transfers: Map<string, TransferInput>
  readonly pendings: Map<string, Pending>
}

function ledger(): Ledger {
  return { accounts: new Map(start), transfers: new Map(), pendings: new Map() }
}

function submit(l: Ledger, inputs: readonly TransferInput[], now = NOW): BatchDecision {
  const decision = decideBatch(inputs, l.accounts, l.transfers, l.pendings, now)
  if (decision.result !== 'ok') return decision
  decision.decisions.forEach((d, i) => {
    const input = inputs[i]!
    for (const [id, delta] of d.deltas) {
      const a = l.accounts.get(id)!
      l.accounts.set(id, { ...a, balance: applyDelta(a.balance, delta) })
    }
    l.transfers.set(input.id, input)
    if (input.mode === 'pending') l.pendings.set(input.id, pendingFrom(input))
    if (d.resolves)
      l.pendings.set(d.resolves.id, { ...l.pendings.get(d.resolves.id)!, state: d.resolves.state })
  })
  return decision
}

function balanceOf(l: Ledger, id: string): Balance {
  return l.accounts.get(id)!.balance
}

const receive = transfer({ id: 'b1', fromAccount: donor.id, toAccount: hub.id, quantity: 10 })
const reserve = transfer({
  id: 'b2',
  mode: 'pending',
  fromAccount: hub.id,
  toAccount: transit.id,
  quantity: 8,
})
const dispatch = transfer({
  id: 'b3',
  mode: 'post',
  fromAccount: hub.id,
  toAccount: transit.id,
  quantity: 6,
  pendingId: 'b2',
})

describe('decideBatch', () => {
  it('decides each transfer against the balances left by the ones before it', () => {
    // The hub is empty until the receipt earlier in the same batch.
    const l = ledger()
    const decision = submit(l, [
      receive,
      transfer({ id: 'b2', fromAccount: hub.id, toAccount: issued.id, quantity: 10 }),
    ])
    expect(decision.result).toBe('ok')
    expect(decision.failure).toBeNull()
    expect(balanceOf(l, hub.id)).toEqual({ posted: 0, pendingOut: 0, pendingIn: 0 })
    expect(balanceOf(l, issued.id).posted).toBe(10)
    expect(decision.balances.get(donor.id)).toEqual({ posted: -10, pendingOut: 0, pendingIn: 0 })
  })

  it('reports the balances after the batch for every account it touched, and only those', () => {
    const decision = decideBatch([receive], start, new Map(), new Map(), NOW)
    expect([...decision.balances.keys()].sort()).toEqual([hub.id, donor.id].sort())
    expect(decision.balances.get(hub.id)).toEqual({ posted: 10, pendingOut: 0, pendingIn: 0 })
  })

  it('names the index and id of a failing transfer in the middle, and the batch applies nothing', () => {
    const l = ledger()
    const overdraw = transfer({
      id: 'b2',
      fromAccount: warehouse.id,
      toAccount: issued.id,
      quantity: 6,
    })
    const after = transfer({
      id: 'b3',
      fromAccount: donor.id,
      toAccount: warehouse.id,
      quantity: 1,
    })
    const decision = submit(l, [receive, overdraw, after])
    expect(decision.result).toBe('refused')
    expect(decision.failure).toEqual({ index: 1, id: 'b2', result: 'exceeds_available' })
    expect(decision.balances.size).toBe(0)
    expect(l.accounts).toEqual(start)
    expect(l.transfers.size).toBe(0)
  })

  it('names the first refusal when later transfers would fail too', () => {
    const decision = decideBatch(
      [
        transfer({ id: 'b1', fromAccount: donor.id, toAccount: hub.id, quantity: 0 }),
        transfer({ id: 'b2', fromAccount: hub.id, toAccount: issued.id, quantity: 1 }),
      ],
      start,
      new Map(),
      new Map(),
      NOW,
    )
    expect(decision.failure).toEqual({
      index: 0,
      id: 'b1',
      result: 'quantity_must_be_positive_integer',
    })
  })

  it('answers exists when a whole applied batch is replayed, and changes nothing', () => {
    const l = ledger()
    const batch = [receive, reserve, dispatch]
    expect(submit(l, batch).result).toBe('ok')
    const before = structuredClone(l)
    const replay = submit(
      l,
      batch.map((t) => ({ ...t })),
    )
    expect(replay.result).toBe('exists')
    expect(replay.failure).toBeNull()
    expect(replay.balances.size).toBe(0)
    expect(replay.decisions.map((d) => d.result)).toEqual(['exists', 'exists', 'exists'])
    expect(l).toEqual(before)
  })

  it('refuses a replay of an applied batch in which one transfer differs, naming it', () => {
    const l = ledger()
    submit(l, [receive, reserve])
    const decision = submit(l, [receive, { ...reserve, quantity: 7 }])
    expect(decision.result).toBe('refused')
    expect(decision.failure).toEqual({ index: 1, id: 'b2', result: 'exists_with_different_fields' })
  })

  it('refuses a batch that mixes transfers already applied with new ones, naming the first old one', () => {
    const l = ledger()
    submit(l, [receive])
    const fresh = transfer({
      id: 'b9',
      fromAccount: donor.id,
      toAccount: warehouse.id,
      quantity: 1,
    })
    const decision = submit(l, [fresh, receive])
    expect(decision.result).toBe('refused')
    expect(decision.failure).toEqual({ index: 1, id: 'b1', result: 'exists' })
    expect(balanceOf(l, warehouse.id).posted).toBe(5)
  })

  it('reserves stock and posts part of its own pending transfer in one batch; the rest is released', () => {
    const l = ledger()
    const decision = submit(l, [receive, reserve, dispatch])
    expect(decision.result).toBe('ok')
    expect(balanceOf(l, hub.id)).toEqual({ posted: 4, pendingOut: 0, pendingIn: 0 })
    expect(balanceOf(l, transit.id)).toEqual({ posted: 6, pendingOut: 0, pendingIn: 0 })
    expect(l.pendings.get('b2')?.state).toBe('posted')
  })

  it('reserves stock and voids its own pending transfer in one batch', () => {
    const l = ledger()
    const cancel = transfer({ ...dispatch, id: 'b3', mode: 'void', quantity: 0 })
    expect(submit(l, [receive, reserve, cancel]).result).toBe('ok')
    expect(balanceOf(l, hub.id)).toEqual({ posted: 10, pendingOut: 0, pendingIn: 0 })
    expect(balanceOf(l, transit.id)).toEqual({ posted: 0, pendingOut: 0, pendingIn: 0 })
    expect(l.pendings.get('b2')?.state).toBe('voided')
  })

  it('refuses to resolve the same pending transfer twice in one batch', () => {
    const again = transfer({ ...dispatch, id: 'b4', mode: 'void', quantity: 0 })
    const decision = decideBatch(
      [receive, reserve, dispatch, again],
      start,
      new Map(),
      new Map(),
      NOW,
    )
    expect(decision.failure).toEqual({ index: 3, id: 'b4', result: 'pending_already_posted' })
  })

  it('refuses to post in a later batch a pending transfer posted in an earlier one', () => {
    const l = ledger()
    submit(l, [receive, reserve, dispatch])
    const again = transfer({ ...dispatch, id: 'b4', quantity: 1 })
    expect(submit(l, [again]).failure).toEqual({
      index: 0,
      id: 'b4',
      result: 'pending_already_posted',
    })
  })

  it('posts in a later batch a pending transfer reserved in an earlier one', () => {
    const l = ledger()
    submit(l, [receive, reserve])
    expect(balanceOf(l, hub.id)).toEqual({ posted: 10, pendingOut: 8, pendingIn: 0 })
    expect(submit(l, [dispatch]).result).toBe('ok')
    expect(balanceOf(l, hub.id)).toEqual({ posted: 4, pendingOut: 0, pendingIn: 0 })
  })

  it('refuses a batch in which two transfers share an id, even identical ones', () => {
    const twice = decideBatch([receive, { ...receive }], start, new Map(), new Map(), NOW)
    expect(twice.result).toBe('refused')
    expect(twice.failure).toMatchObject({ index: 1, id: 'b1' })
    expect(twice.balances.size).toBe(0)
    const differing = decideBatch(
      [receive, { ...receive, quantity: 2 }],
      start,
      new Map(),
      new Map(),
      NOW,
    )
    expect(differing.failure).toEqual({
      index: 1,
      id: 'b1',
      result: 'exists_with_different_fields',
    })
  })

  it('refuses a post of a pending transfer that a duplicate id in the batch would have made', () => {
    const l = ledger()
    const decision = submit(l, [receive, reserve, { ...reserve, id: 'b2', quantity: 1 }, dispatch])
    expect(decision.failure).toMatchObject({ index: 2, id: 'b2' })
    expect(l.pendings.size).toBe(0)
  })
})
