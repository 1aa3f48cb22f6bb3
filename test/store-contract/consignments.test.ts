/**
 * The consignment store contract on SQLite and PostgreSQL: a consignment read back whole (lines, picks,
 * route), lists filtered and paged newest first, releasability applied in the query, a stale save
 * refused, and the proof of delivery kept apart from the consignment and its event.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  actOnConsignment,
  createConsignment,
  receiveConsignment,
} from '../../src/app/consignments.js'
import { createItem } from '../../src/app/items.js'
import { LedgerWriter } from '../../src/app/ledger-writer.js'
import { createPlace } from '../../src/app/places.js'
import { receiveStock } from '../../src/app/stock.js'
import type { Actor } from '../../src/domain/records/record.js'
import type { Share } from '../../src/domain/records/share.js'
import type { Consignment, ConsignmentStatus } from '../../src/domain/transport/consignment.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const SIGNATURE =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`consignment store on ${dialect.name}`, () => {
    let node: TestNode
    let actor: Actor
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      actor = { kind: 'cli', id: 'test', org: node.ctx.node.org }
    })
    afterEach(async () => node.close())

    /** A consignment as the use case would write it, made directly for the store alone. */
    const consignment = (
      n: number,
      fields: Partial<{
        status: ConsignmentStatus
        origin: string
        destination: string
        org: string
        share: Share
      }> = {},
    ): Consignment => {
      const id = uuidv7()
      const at = `2026-01-0${n}T00:00:00.000Z`
      return {
        id,
        home: node.ctx.node.id,
        org: fields.org ?? node.ctx.node.org,
        share: fields.share ?? 'all',
        createdAt: at,
        updatedAt: at,
        version: 1,
        origin: fields.origin ?? 'place-a',
        destination: fields.destination ?? 'place-b',
        route: ['leg-1', 'leg-2'],
        asset: null,
        status: fields.status ?? 'planned',
        lines: [
          {
            id: uuidv7(),
            item: 'item-1',
            lot: null,
            owner: node.ctx.node.org,
            quantity: 70,
            request: null,
            requestLine: null,
            picks: [
              { lot: 'L0', expiresOn: '2029-01-01', quantity: 50, pendingId: uuidv7() },
              { lot: 'L1', expiresOn: null, quantity: 20, pendingId: uuidv7() },
            ],
            quantityReceived: null,
            discrepancyReason: null,
          },
        ],
        note: `number ${n}`,
        dispatchedAt: null,
        arrivedAt: null,
        receivedAt: null,
        cancelledAt: null,
        proof: null,
        eta: null,
        tracking: [],
      }
    }
    const save = (c: Consignment, expected: number | null = null) =>
      node.store.transact((tx) => tx.saveConsignment(c, expected))

    it('reads a consignment back whole, and lists by status, origin and destination, newest first, paged', async () => {
      const made = [
        consignment(1),
        consignment(2, { status: 'dispatched' }),
        consignment(3, { origin: 'place-c' }),
        consignment(4, { destination: 'place-c', status: 'dispatched' }),
      ]
      for (const c of made) expect(await save(c)).toBe(true)
      expect(await node.store.getConsignment(made[0]?.id ?? '', null)).toEqual(made[0])
      expect(await node.store.getConsignment(uuidv7(), null)).toBeNull()

      const list = (filter: object) =>
        node.store.listConsignments({ limit: 10, offset: 0, ...filter }, null)
      const notes = async (filter: object) => (await list(filter)).rows.map((c) => c.note)
      expect(await notes({})).toEqual(['number 4', 'number 3', 'number 2', 'number 1'])
      expect(await notes({ status: 'dispatched' })).toEqual(['number 4', 'number 2'])
      expect(await notes({ origin: 'place-c' })).toEqual(['number 3'])
      expect(await notes({ destination: 'place-c' })).toEqual(['number 4'])
      expect(await notes({ origin: 'place-a', status: 'planned' })).toEqual(['number 1'])
      const page = await list({ limit: 2, offset: 1 })
      expect(page.total).toBe(4)
      expect(page.rows.map((c) => c.note)).toEqual(['number 3', 'number 2'])
    })

    it('releases a consignment only to the organisations its share names', async () => {
      const own = consignment(1, { share: 'own' })
      const listed = consignment(2, { share: ['partner-a'] })
      const everyone = consignment(3)
      for (const c of [own, listed, everyone]) await save(c)
      const seen = async (org: string) =>
        (await node.store.listConsignments({ limit: 10, offset: 0 }, { org })).rows
          .map((c) => c.note)
          .sort()
      expect(await seen(node.ctx.node.org)).toEqual(['number 1', 'number 2', 'number 3'])
      expect(await seen('partner-a')).toEqual(['number 2', 'number 3'])
      expect(await seen('partner-b')).toEqual(['number 3'])
      expect(
        (await node.store.listConsignments({ limit: 10, offset: 0 }, { org: 'partner-b' })).total,
      ).toBe(1)
      expect(await node.store.getConsignment(own.id, { org: 'partner-a' })).toBeNull()
      expect(await node.store.getConsignment(listed.id, { org: 'partner-a' })).toMatchObject({
        share: ['partner-a'],
      })
    })

    it('refuses a stale save and keeps the version that won', async () => {
      const c = consignment(1)
      await save(c)
      const loading = { ...c, status: 'loading' as const, version: 2 }
      expect(await save(loading, 1)).toBe(true)
      expect(await save({ ...c, status: 'cancelled', version: 2 }, 1)).toBe(false)
      expect(await node.store.getConsignment(c.id, null)).toMatchObject({
        status: 'loading',
        version: 2,
      })
      // A second insert of the same id is refused by the key, not silently merged.
      await expect(save(c)).rejects.toThrow()
    })

    it('keeps the proof of delivery apart: the consignment and its event hold only the hash', async () => {
      const hub = (await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:A' }))).place.id
      const shelter = (
        await createPlace(
          node.ctx,
          actor,
          placeDraft({ code: 'WH:B', type: 'warehouse', lat: 36.6 }),
        )
      ).place.id
      const water = (await createItem(node.ctx, actor, itemDraft())).item.id
      const owner = node.ctx.node.org
      const stock = { ctx: node.ctx, writer: new LedgerWriter(node.ctx) }
      await receiveStock(stock, actor, {
        id: uuidv7(),
        place: hub,
        item: water,
        owner,
        quantity: 100,
        lot: 'L1',
        expiresOn: '2030-01-01',
        source: 'JRC',
        document: null,
      })
      const { consignment: planned } = await createConsignment(stock, actor, {
        origin: hub,
        destination: shelter,
        lines: [{ item: water, owner, quantity: 40 }],
      })
      await actOnConsignment(stock, actor, planned.id, 'dispatch')
      const received = await receiveConsignment(stock, actor, planned.id, {
        lines: [{ line: planned.lines[0]?.id ?? '', quantityReceived: 40 }],
        proof: { receivedBy: 'Sato Hanako', signature: SIGNATURE, lat: 37.39, lon: 136.9 },
      })

      const proof = await node.store.getDeliveryProof(planned.id)
      expect(proof).toMatchObject({
        consignment: planned.id,
        receivedBy: 'Sato Hanako',
        signature: SIGNATURE,
        photo: null,
        hash: received.proof?.proofHash,
      })
      expect(received.proof).toMatchObject({ lat: 37.39, lon: 136.9, proofId: proof?.id })
      const stored = JSON.stringify(await node.store.getConsignment(planned.id, null))
      const events = JSON.stringify(await node.store.readEvents(0, 1e6))
      for (const text of [stored, events]) {
        expect(text).toContain(proof?.hash)
        expect(text).not.toContain('Sato Hanako')
        expect(text).not.toContain('iVBORw0KGgo')
      }
      expect(await node.store.getDeliveryProof(uuidv7())).toBeNull()
      // One proof per consignment: a second is refused by the key.
      await expect(
        node.store.transact((tx) =>
          tx.insertDeliveryProof({ ...(proof as NonNullable<typeof proof>), id: uuidv7() }),
        ),
      ).rejects.toThrow()
    })
  })
}
