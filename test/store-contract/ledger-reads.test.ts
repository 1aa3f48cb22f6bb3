/**
 * The ledger's reads by account, which the transfers serve through their index by item (migration
 * 0013): a stock card holds exactly its account's lines among its item's other transfers, paged with
 * the posted balance carried across pages, and the dashboard's received stock counts only what came
 * from the outside world's supply accounts. On both databases.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createItem } from '../../src/app/items.js'
import { type AccountRef, LedgerWriter, type TransferRequest } from '../../src/app/ledger-writer.js'
import { createPlace } from '../../src/app/places.js'
import type { StoredAccount, StoredTransfer } from '../../src/app/ports.js'
import { accountId } from '../../src/domain/ledger/account.js'
import type { Actor } from '../../src/domain/records/record.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`ledger reads by account on ${dialect.name}`, () => {
    let node: TestNode
    let actor: Actor
    let writer: LedgerWriter
    let hub: string
    let shelter: string
    let water: string
    let tents: string
    const stock = (where: string, item: string): AccountRef & { lot: string } => ({
      kind: 'stock',
      where,
      item,
      owner: node.ctx.node.org,
      lot: '',
    })
    const supply = (item: string): AccountRef => ({
      kind: 'supply',
      where: 'Red Cross',
      item,
      owner: node.ctx.node.org,
    })
    const single = (from: AccountRef, to: AccountRef, quantity: number): TransferRequest => ({
      id: uuidv7(),
      mode: 'single',
      from,
      to,
      quantity,
      reason: 'test',
    })

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      actor = { kind: 'user', id: 'u1', org: node.ctx.node.org }
      writer = new LedgerWriter(node.ctx)
      const place = async (code: string) =>
        (await createPlace(node.ctx, actor, placeDraft({ code }))).place.id
      hub = await place('HUB:A')
      shelter = await place('SH:B')
      const item = async (code: string, category: 'wash' | 'shelter', unitWeightG: number) =>
        (await createItem(node.ctx, actor, itemDraft({ code, category, unitWeightG }))).item.id
      water = await item('KZ-WATER', 'wash', 2000)
      tents = await item('KZ-TENT', 'shelter', 5000)
    })
    afterEach(async () => node.close())

    it("keeps a stock card to its account's lines, paged with the balance carried over", async () => {
      // Receipts, moves both ways and an issue at the shelter, mixed with the other place's and the
      // other item's transfers, one submit at a time so that every line has its own time.
      const steps: TransferRequest[] = [
        single(supply(water), stock(hub, water), 100),
        single(supply(tents), stock(hub, tents), 10),
        single(stock(hub, water), stock(shelter, water), 30),
        single(stock(hub, tents), stock(shelter, tents), 4),
        single(stock(shelter, water), { ...stock(shelter, water), kind: 'issued' }, 12),
        single(stock(shelter, water), stock(hub, water), 5),
        {
          ...single(stock(hub, water), stock(shelter, water), 7),
          mode: 'pending',
        },
        single(supply(water), stock(hub, water), 50),
      ]
      for (const step of steps) {
        const outcome = await writer.submit(actor, [step])
        expect(outcome.result).toBe('committed')
      }
      const hubWater = accountId(stock(hub, water))
      const all = await node.store.stockCard(hubWater, 50, 0)
      expect(all.total).toBe(5)
      expect(all.rows.map((line) => [line.change, line.postedAfter])).toEqual([
        [100, 100],
        [-30, 70],
        [5, 75],
        [0, 75], // the pending transfer reserves, it does not move the posted balance
        [50, 125],
      ])
      const second = await node.store.stockCard(hubWater, 2, 2)
      expect(second.total).toBe(5)
      expect(second.rows.map((line) => [line.change, line.postedAfter])).toEqual([
        [5, 75],
        [0, 75],
      ])
      const shelterWater = await node.store.stockCard(accountId(stock(shelter, water)), 50, 0)
      expect(shelterWater.rows.map((line) => line.change)).toEqual([30, -12, -5, 0])
      expect(shelterWater.rows.at(-1)?.postedAfter).toBe(13)
    })

    it('links the transfers of two recordings in one transaction, each to the line before it', async () => {
      // The writer records once a commit, but the store keeps the card heads it read and wrote for
      // the rest of the transaction: a second recording must link to the first's lines.
      expect(
        (await writer.submit(actor, [single(supply(water), stock(hub, water), 100)])).result,
      ).toBe('committed')
      const hubWater = accountId(stock(hub, water))
      const shelterWater = accountId(stock(shelter, water))
      const at = new Date().toISOString()
      const move = (quantity: number): StoredTransfer => ({
        id: uuidv7(),
        mode: 'single',
        fromAccount: hubWater,
        toAccount: shelterWater,
        quantity,
        reason: 'test',
        ref: null,
        pendingId: null,
        timeoutAt: null,
        item: water,
        actor: 'test',
        at,
        batch: uuidv7(),
        home: node.ctx.node.id,
        org: node.ctx.node.org,
        share: 'all',
        createdAt: at,
        updatedAt: at,
        version: 1,
      })
      await node.store.transact(async (tx) => {
        const [hubAccount] = await tx.getAccounts([hubWater])
        expect(hubAccount?.posted).toBe(100)
        await tx.ensureAccounts([
          { ...(hubAccount as StoredAccount), id: shelterWater, where: shelter, posted: 0 },
        ])
        await tx.recordTransfers(
          [move(10)],
          new Map([
            [hubWater, { posted: 90, pendingOut: 0, pendingIn: 0 }],
            [shelterWater, { posted: 10, pendingOut: 0, pendingIn: 0 }],
          ]),
          at,
        )
        await tx.recordTransfers(
          [move(5), move(1)],
          new Map([
            [hubWater, { posted: 84, pendingOut: 0, pendingIn: 0 }],
            [shelterWater, { posted: 16, pendingOut: 0, pendingIn: 0 }],
          ]),
          at,
        )
      })
      expect(await node.store.findCardBreaks()).toEqual([])
      const card = await node.store.stockCard(hubWater, 50, 0)
      expect(card.rows.map((line) => [line.change, line.postedAfter])).toEqual([
        [100, 100],
        [-10, 90],
        [-5, 85],
        [-1, 84],
      ])
      const other = await node.store.stockCard(shelterWater, 50, 0)
      expect(other.rows.map((line) => line.postedAfter)).toEqual([10, 15, 16])
    })

    it('reads the same accounts inside a write transaction as outside, odd text and all', async () => {
      const donor = { ...supply(water), where: 'Croix-Rouge "東京" \\ \n\t\u2028 \u{1F4E6}' }
      const lotted = { ...stock(hub, water), lot: 'L"1\\', expiresOn: '2027-01-31' }
      const batch = [single(donor, lotted, 12), single(lotted, stock(shelter, water), 5)]
      expect((await writer.submit(actor, batch)).result).toBe('committed')
      const ids = [
        accountId({ ...donor, lot: '' }),
        accountId(lotted),
        accountId(stock(shelter, water)),
      ]
      const outside = await node.store.getAccounts([...ids, 'no-such-account'])
      expect(outside).toHaveLength(3)
      const inside = await node.store.transact((tx) => tx.getAccounts([...ids, 'no-such-account']))
      const byId = (accounts: StoredAccount[]) =>
        [...accounts].sort((a, b) => (a.id < b.id ? -1 : 1))
      expect(byId(inside)).toEqual(byId(outside))
      expect(await node.store.transact((tx) => tx.getAccounts(['no-such-account']))).toEqual([])
    })

    it("finds a movement's places, items and partners once each, and only those the viewer may see", async () => {
      const partner = uuidv7()
      const listed = uuidv7()
      const own = (code: string) => createPlace(node.ctx, actor, placeDraft({ code, share: 'own' }))
      const hidden = (await own('HUB:OWN')).place.id
      const sharedWith = (
        await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:LISTED', share: [listed] }))
      ).place.id
      const found = await node.ctx.store.stockReferences(
        {
          places: [hub, hub, shelter, hidden, sharedWith, uuidv7()],
          items: [water, water, uuidv7()],
          organisations: [node.ctx.node.org, node.ctx.node.org, partner],
        },
        { org: listed },
      )
      expect([...found.placeOrgs.keys()].sort()).toEqual([hub, shelter, sharedWith].sort())
      expect(found.placeCodes.get(sharedWith)).toBe('HUB:LISTED')
      expect(found.placeOrgs.get(hub)).toBe(node.ctx.node.org)
      expect([...found.items]).toEqual([water])
      expect([...found.organisations]).toEqual([node.ctx.node.org])
      // Its own organisation sees its own-only place; nobody's lists are empty.
      const mine = await node.ctx.store.stockReferences(
        { places: [hidden], items: [], organisations: [] },
        { org: node.ctx.node.org },
      )
      expect([...mine.placeOrgs.keys()]).toEqual([hidden])
      expect(mine.items.size + mine.organisations.size).toBe(0)
    })

    it('counts as received only what came from supply accounts into stock', async () => {
      for (const batch of [
        [
          single(supply(water), stock(hub, water), 100),
          single(supply(tents), stock(hub, tents), 3),
        ],
        [single(stock(hub, water), stock(shelter, water), 40)],
        [single(supply(water), stock(shelter, water), 20)],
      ])
        expect((await writer.submit(actor, batch)).result).toBe('committed')
      const received = await node.store.receivedStock(null)
      const byCategory = Object.fromEntries(
        received.map((row) => [row.category, [row.owner, row.quantity, row.weightG]]),
      )
      expect(byCategory).toEqual({
        wash: [node.ctx.node.org, 120, 240_000],
        shelter: [node.ctx.node.org, 3, 15_000],
      })
    })
  })
}
