/**
 * The server's ledger worker (SQLite): group commits made in a worker thread on the same database
 * file answer exactly as the in-thread writer does — committed, exists on a replay, refused naming the
 * transfer or the place, item or owner it names — and leave balances equal to their transfers and a chain that verifies.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Refusal } from '../../src/app/errors.js'
import { createItem } from '../../src/app/items.js'
import { type AccountRef, LedgerWriter } from '../../src/app/ledger-writer.js'
import { createPlace } from '../../src/app/places.js'
import { verifyChain } from '../../src/app/verify-chain.js'
import { accountId } from '../../src/domain/ledger/account.js'
import { type LedgerWorker, startLedgerWorker } from '../../src/server/ledger-worker-committer.js'
import { loadNodeKey } from '../../src/sync/node-key.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { openTestNode, type TestNode } from '../support/stores.js'

describe('ledger worker on sqlite', () => {
  let dir: string
  let node: TestNode
  let worker: LedgerWorker
  let writer: LedgerWriter
  let stock: AccountRef
  let supply: AccountRef
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kizuna-worker-'))
    const keyFile = join(dir, 'node.key')
    const database = join(dir, 'node.sqlite')
    node = await openTestNode('sqlite', { key: loadNodeKey(keyFile, true), database })
    worker = await startLedgerWorker({ database, keyFile, home: node.ctx.node.id })
    writer = new LedgerWriter(node.ctx, worker.commit)
    const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
    const place = (await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:W', nameEn: 'W' })))
      .place.id
    const item = (await createItem(node.ctx, actor, itemDraft({ code: 'KZ-W', nameEn: 'W' }))).item
      .id
    stock = { kind: 'stock', where: place, item, owner: node.ctx.node.org }
    supply = { kind: 'supply', where: 'donor', item, owner: node.ctx.node.org }
  })
  afterAll(async () => {
    await worker.close()
    await node.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const actor = () => ({ kind: 'cli' as const, id: 'test', org: node.ctx.node.org })
  const move = (id: string, quantity: number, from = supply, to = stock) => ({
    id,
    mode: 'single' as const,
    from,
    to,
    quantity,
    reason: 'test',
  })

  it('commits, answers a replay with the original, and refuses an overdraft naming it', async () => {
    const id = uuidv7()
    const first = await writer.submit(actor(), [move(id, 100)])
    expect(first.result).toBe('committed')
    expect(first.transfers[0]).toMatchObject({ id, quantity: 100, home: node.ctx.node.id })
    expect((await writer.submit(actor(), [move(id, 100)])).result).toBe('exists')
    const overdraw = uuidv7()
    const refused = await writer
      .submit(actor(), [move(overdraw, 101, stock, { ...supply, kind: 'issued' })])
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(Refusal)
    expect(refused).toMatchObject({
      code: 'transfer_refused',
      details: { index: 0, id: overdraw, result: 'exceeds_available' },
    })
  })

  it('groups concurrent batches into few commits and never overdraws', async () => {
    const issued = { ...supply, kind: 'issued' as const }
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () => writer.submit(actor(), [move(uuidv7(), 2, stock, issued)])),
    )
    // 100 in stock: exactly 50 issues of 2 fit.
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(50)
    const [balance] = await node.ctx.store.getAccounts([accountId({ ...stock, lot: '' })])
    expect(balance?.posted).toBe(0)
    expect(await node.ctx.store.findBalanceMismatches()).toEqual([])
    expect((await verifyChain(node.store, node.ctx.node.id, node.key)).ok).toBe(true)
  })

  it('checks the places, items and owners in the commit: refusals cross back naming the field', async () => {
    const user = (org: string) => ({ kind: 'user' as const, id: 'u', org })
    const unknownPlace = { ...stock, where: uuidv7() }
    const unknownItem = { ...supply, item: uuidv7() }
    // One group: a good batch, then three refused ones, each for its own reason.
    const [good, noPlace, noItem, notTheirs] = await Promise.allSettled([
      writer.submit(user(node.ctx.node.org), [move(uuidv7(), 5)], { checkReferences: true }),
      writer.submit(user(node.ctx.node.org), [move(uuidv7(), 5, supply, unknownPlace)], {
        checkReferences: true,
      }),
      writer.submit(user(node.ctx.node.org), [move(uuidv7(), 5, unknownItem, stock)], {
        checkReferences: true,
      }),
      writer.submit(user(uuidv7()), [move(uuidv7(), 5)], { checkReferences: true }),
    ])
    expect(good).toMatchObject({ status: 'fulfilled', value: { result: 'committed' } })
    const reasons = [noPlace, noItem, notTheirs].map((r) =>
      r.status === 'rejected' ? r.reason : r.value,
    )
    for (const reason of reasons) expect(reason).toBeInstanceOf(Refusal)
    expect(reasons[0]).toMatchObject({
      code: 'unknown_reference',
      details: [{ field: 'transfers[0].to.where', message: 'unknown place' }],
    })
    expect(reasons[1]).toMatchObject({
      code: 'unknown_reference',
      details: [{ field: 'transfers[0].from.item', message: 'unknown item' }],
    })
    expect(reasons[2]).toMatchObject({ code: 'forbidden' })
    expect((reasons[2] as Refusal).message).toMatch(/^transfers\[0\]\.to\.where: stock at HUB:W /)
  })
})
