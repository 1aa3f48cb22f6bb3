/**
 * The ledger writer against a real store on both databases, checked by an independent model: random
 * batches submitted concurrently (so they are group-committed), replays, pending/post/void. After each
 * round the stored balances equal the model's, equal the sum of the stored transfers, and the event
 * chain verifies.
 */
import fc from 'fast-check'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createItem } from '../../src/app/items.js'
import { type AccountRef, LedgerWriter, type TransferRequest } from '../../src/app/ledger-writer.js'
import { createPlace } from '../../src/app/places.js'
import type { StoredTransfer } from '../../src/app/ports.js'
import { verifyChain } from '../../src/app/verify-chain.js'
import { accountId } from '../../src/domain/ledger/account.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

type Op =
  | { kind: 'single'; from: number; to: number; quantity: number }
  | { kind: 'pending'; from: number; to: number; quantity: number }
  | { kind: 'post'; pick: number; quantity: number | null }
  | { kind: 'void'; pick: number }

/** Accounts 0–2 are stock (never negative), 3 is supply, 4 is issued. */
const ACCOUNTS = 5
const constrained = (i: number) => i < 3

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('single' as const),
    from: fc.nat(ACCOUNTS - 1),
    to: fc.nat(ACCOUNTS - 1),
    quantity: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({
    kind: fc.constant('pending' as const),
    from: fc.nat(ACCOUNTS - 1),
    to: fc.nat(ACCOUNTS - 1),
    quantity: fc.integer({ min: 1, max: 30 }),
  }),
  fc.record({
    kind: fc.constant('post' as const),
    pick: fc.nat(),
    quantity: fc.option(fc.integer({ min: 1, max: 30 }), { nil: null }),
  }),
  fc.record({ kind: fc.constant('void' as const), pick: fc.nat() }),
)
const roundArb = fc.array(fc.array(opArb, { minLength: 1, maxLength: 3 }), {
  minLength: 1,
  maxLength: 6,
})

interface ModelPending {
  id: string
  from: number
  to: number
  quantity: number
  open: boolean
}

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`ledger writer on ${dialect.name}`, () => {
    let node: TestNode
    beforeAll(async () => {
      node = await openTestNode(dialect.name)
    })
    afterAll(async () => node.close())

    it('matches an independent model over random concurrent batches, and balances equal their transfers', async () => {
      const actor = { kind: 'cli' as const, id: 'model', org: node.ctx.node.org }
      await fc.assert(
        fc.asyncProperty(fc.array(roundArb, { minLength: 1, maxLength: 4 }), async (rounds) => {
          // Fresh accounts per run: a new place and item.
          const suffix = uuidv7().slice(-12).toUpperCase()
          const place = (await createPlace(node.ctx, actor, placeDraft({ code: `HUB:P${suffix}` })))
            .place.id
          const item = (await createItem(node.ctx, actor, itemDraft({ code: `KZ-P${suffix}` })))
            .item.id
          const owner = node.ctx.node.org
          const refs: AccountRef[] = [0, 1, 2].map(
            (i): AccountRef => ({ kind: 'stock', where: place, item, owner, lot: `L${i}` }),
          )
          refs.push(
            { kind: 'supply', where: 'donor', item, owner },
            { kind: 'issued', where: place, item, owner },
          )
          const writer = new LedgerWriter(node.ctx)
          const model = {
            posted: new Array<number>(ACCOUNTS).fill(0),
            pendingOut: new Array<number>(ACCOUNTS).fill(0),
            pendings: [] as ModelPending[],
            // Each account's stock card: its transfers' ids in commit order.
            cards: Array.from({ length: ACCOUNTS }, () => [] as string[]),
          }
          const submitted: TransferRequest[][] = []
          const committed: StoredTransfer[][] = []

          for (const round of rounds) {
            const batches: TransferRequest[][] = []
            const expected: boolean[] = []
            for (const ops of round) {
              // The model decides the batch on a copy; it commits only if every op fits.
              const posted = [...model.posted]
              const pendingOut = [...model.pendingOut]
              const pendings = model.pendings.map((p) => ({ ...p }))
              const batch: TransferRequest[] = []
              const lines: [number, number, string][] = []
              let ok = true
              for (const op of ops) {
                const id = uuidv7()
                if (op.kind === 'single' || op.kind === 'pending') {
                  batch.push({
                    id,
                    mode: op.kind,
                    from: refs[op.from],
                    to: refs[op.to],
                    quantity: op.quantity,
                    reason: 'model',
                  })
                  if (
                    op.from === op.to ||
                    (constrained(op.from) && posted[op.from]! - pendingOut[op.from]! < op.quantity)
                  )
                    ok = false
                  else if (op.kind === 'single') {
                    lines.push([op.from, op.to, id])
                    posted[op.from]! -= op.quantity
                    posted[op.to]! += op.quantity
                  } else {
                    lines.push([op.from, op.to, id])
                    pendingOut[op.from]! += op.quantity
                    pendings.push({
                      id,
                      from: op.from,
                      to: op.to,
                      quantity: op.quantity,
                      open: true,
                    })
                  }
                } else {
                  const target = pendings.length > 0 ? pendings[op.pick % pendings.length]! : null
                  if (!target) {
                    batch.push({ id, mode: op.kind, pendingId: uuidv7(), reason: 'model' })
                    ok = false
                    continue
                  }
                  const quantity = op.kind === 'post' ? (op.quantity ?? target.quantity) : 0
                  batch.push({
                    id,
                    mode: op.kind,
                    pendingId: target.id,
                    ...(op.kind === 'post' && op.quantity !== null
                      ? { quantity: op.quantity }
                      : {}),
                    reason: 'model',
                  })
                  if (!target.open || quantity > target.quantity) ok = false
                  else {
                    lines.push([target.from, target.to, id])
                    target.open = false
                    pendingOut[target.from]! -= target.quantity
                    posted[target.from]! -= quantity
                    posted[target.to]! += quantity
                  }
                }
              }
              batches.push(batch)
              expected.push(ok)
              if (ok) {
                model.posted = posted
                model.pendingOut = pendingOut
                model.pendings = pendings
                for (const [from, to, id] of lines) {
                  model.cards[from]!.push(id)
                  model.cards[to]!.push(id)
                }
              }
            }
            // Submitted together: the writer group-commits them in this order.
            const outcomes = await Promise.allSettled(
              batches.map((batch) => writer.submit(actor, batch)),
            )
            expect(outcomes.map((o) => o.status === 'fulfilled')).toEqual(expected)
            submitted.push(...batches.filter((_, i) => expected[i]))
            for (const outcome of outcomes)
              if (outcome.status === 'fulfilled') committed.push(outcome.value.transfers)
          }
          // A replay of every accepted batch changes nothing and answers `exists`, with the
          // transfers as they were committed (each group-committed batch kept its own batch id).
          for (const [i, replayed] of submitted.entries()) {
            const replay = await writer.submit(actor, replayed)
            expect(replay.result).toBe('exists')
            expect(replay.transfers).toEqual(committed[i])
          }

          const stored = new Map(
            (
              await node.store.getAccounts(
                refs.map((ref) => accountId({ ...ref, lot: ref.lot ?? '' })),
              )
            ).map((a) => [a.id, a]),
          )
          refs.forEach((ref, i) => {
            const account = stored.get(accountId({ ...ref, lot: ref.lot ?? '' }))
            expect({ posted: account?.posted ?? 0, pendingOut: account?.pendingOut ?? 0 }).toEqual({
              posted: model.posted[i],
              pendingOut: model.pendingOut[i],
            })
            if (constrained(i))
              expect((account?.posted ?? 0) - (account?.pendingOut ?? 0)).toBeGreaterThanOrEqual(0)
          })
          // Each stock card, followed through its chain, holds the model's lines in order and ends
          // at the account's posted balance; a page from the middle says the same.
          for (const [i, ref] of refs.entries()) {
            const id = accountId({ ...ref, lot: ref.lot ?? '' })
            const card = await node.store.stockCard(id, 1000, 0)
            expect(card.total).toBe(model.cards[i]!.length)
            expect(card.rows.map((line) => line.transfer.id)).toEqual(model.cards[i])
            expect(card.rows.at(-1)?.postedAfter ?? 0).toBe(model.posted[i])
            if (card.total > 2) {
              const page = await node.store.stockCard(id, 2, 1)
              expect(page.rows).toEqual(card.rows.slice(1, 3))
            }
          }
        }),
        { numRuns: dialect.name === 'sqlite' ? 25 : 8 },
      )
      expect(await node.store.findBalanceMismatches()).toEqual([])
      expect(await node.store.findCardBreaks()).toEqual([])
      expect((await verifyChain(node.store, node.ctx.node.id, node.key)).ok).toBe(true)
    }, 240_000)
  })
}
