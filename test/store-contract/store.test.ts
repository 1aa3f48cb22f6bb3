/**
 * The store contract: the same tests on SQLite and PostgreSQL, against real databases.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Refusal } from '../../src/app/errors.js'
import { importPlaces } from '../../src/app/import-reference.js'
import { createItem, updateItem } from '../../src/app/items.js'
import { createPlace, reportPlaceStatus } from '../../src/app/places.js'
import { verifyChain } from '../../src/app/verify-chain.js'
import { type Actor, referenceId } from '../../src/domain/records/record.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`store contract on ${dialect.name}`, () => {
    let node: TestNode
    let actor: Actor
    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      actor = { kind: 'user', id: 'u1', org: node.ctx.node.org }
    })
    afterEach(async () => node.close())

    it('creates an item once per client-chosen id and answers a repeat with the original', async () => {
      const id = node.ctx.ids.newId()
      const first = await createItem(node.ctx, actor, itemDraft({ id }))
      const again = await createItem(node.ctx, actor, itemDraft({ id }))
      expect(first.result).toBe('created')
      expect(again.result).toBe('exists')
      expect(again.item).toEqual(first.item)
      expect(first.item).toMatchObject({
        home: node.ctx.node.id,
        org: node.ctx.node.org,
        version: 1,
        share: 'all',
      })
    })

    it('refuses the same id with different fields, and a second item with the same code', async () => {
      const id = node.ctx.ids.newId()
      await createItem(node.ctx, actor, itemDraft({ id }))
      await expect(
        createItem(node.ctx, actor, itemDraft({ id, nameEn: 'Other' })),
      ).rejects.toMatchObject({ code: 'exists_with_different_fields' })
      await expect(createItem(node.ctx, actor, itemDraft())).rejects.toMatchObject({
        code: 'duplicate_code',
      })
    })

    it('writes the record and its event in one transaction, or neither', async () => {
      const before = (await node.store.readEvents(0, 10_000)).length
      await createItem(node.ctx, actor, itemDraft({ code: 'KZ-A' }))
      const events = await node.store.readEvents(0, 10_000)
      expect(events).toHaveLength(before + 1)
      expect(events.at(-1)).toMatchObject({ kind: 'item.created', actor: 'user:u1' })
      await expect(
        node.store.transact(async (tx) => {
          await tx.appendEvents('2026-01-01T00:00:00Z', 'system', [
            { kind: 'test', subject: 'x', body: {}, share: 'all' },
          ])
          throw new Error('boom')
        }),
      ).rejects.toThrow('boom')
      expect(await node.store.readEvents(0, 10_000)).toHaveLength(before + 1)
    })

    it('refuses a stale version instead of losing a concurrent edit', async () => {
      const { item } = await createItem(node.ctx, actor, itemDraft())
      const updated = await updateItem(
        node.ctx,
        actor,
        item.id,
        { version: 1, nameEn: 'Water 2 L' },
        null,
      )
      expect(updated.version).toBe(2)
      await expect(
        updateItem(node.ctx, actor, item.id, { version: 1, nameEn: 'Lost update' }, null),
      ).rejects.toMatchObject({ code: 'version_conflict' })
      expect((await node.store.getItem(item.id, null))?.nameEn).toBe('Water 2 L')
    })

    it('refuses kits that name unknown items or contain themselves', async () => {
      await createItem(node.ctx, actor, itemDraft({ code: 'KZ-SOAP' }))
      await expect(
        createItem(
          node.ctx,
          actor,
          itemDraft({ code: 'KZ-KIT', components: [{ code: 'KZ-NONE', quantity: 1 }] }),
        ),
      ).rejects.toMatchObject({ code: 'unknown_reference' })
      const kit = await createItem(
        node.ctx,
        actor,
        itemDraft({ code: 'KZ-KIT', components: [{ code: 'KZ-SOAP', quantity: 2 }] }),
      )
      const outer = await createItem(
        node.ctx,
        actor,
        itemDraft({ code: 'KZ-KIT2', components: [{ code: 'KZ-KIT', quantity: 1 }] }),
      )
      expect(outer.item.components).toEqual([{ code: 'KZ-KIT', quantity: 1 }])
      await expect(
        updateItem(
          node.ctx,
          actor,
          kit.item.id,
          { version: 1, components: [{ code: 'KZ-KIT2', quantity: 1 }] },
          null,
        ),
      ).rejects.toThrow(/contain itself/)
    })

    it('lists items paged, sorted and searched in English and Japanese, width-folded', async () => {
      for (const [code, nameEn, nameJa] of [
        ['KZ-W1', 'Water 2 L', '保存水 2L'],
        ['KZ-W2', 'Water 500 ml', '保存水 500ml'],
        ['KZ-B1', 'Blanket', '毛布'],
      ] as const) {
        await createItem(
          node.ctx,
          actor,
          itemDraft({ code, nameEn, nameJa, category: code === 'KZ-B1' ? 'nfi' : 'wash' }),
        )
      }
      const byJa = await node.store.listItems(
        { q: '保存水', sort: '-code', limit: 1, offset: 0 },
        null,
      )
      expect(byJa.total).toBe(2)
      expect(byJa.rows.map((i) => i.code)).toEqual(['KZ-W2'])
      const fullWidth = await node.store.listItems(
        { q: 'ＷＡＴＥＲ', sort: 'code', limit: 10, offset: 0 },
        null,
      )
      expect(fullWidth.rows.map((i) => i.code)).toEqual(['KZ-W1', 'KZ-W2'])
      const nfi = await node.store.listItems(
        { category: 'nfi', sort: 'code', limit: 10, offset: 0 },
        null,
      )
      expect(nfi.rows.map((i) => i.code)).toEqual(['KZ-B1'])
      const percent = await node.store.listItems(
        { q: '%', sort: 'code', limit: 10, offset: 0 },
        null,
      )
      expect(percent.total).toBe(0)
    })

    it('filters places by type, bounding box, administrative code and text', async () => {
      await createPlace(
        node.ctx,
        actor,
        placeDraft({
          code: 'HUB:A',
          nameEn: 'Wajima hub',
          nameJa: '輪島拠点',
          lat: 37.39,
          lon: 136.9,
          adminCode: '172049',
        }),
      )
      await createPlace(
        node.ctx,
        actor,
        placeDraft({
          code: 'WH:B',
          type: 'warehouse',
          lat: 36.56,
          lon: 136.65,
          adminCode: '172014',
        }),
      )
      await createPlace(
        node.ctx,
        actor,
        placeDraft({
          code: 'DP:C',
          type: 'distribution-point',
          lat: 32.8,
          lon: 130.7,
          adminCode: '431001',
          country: 'JP',
        }),
      )
      const list = (filter: Partial<Parameters<typeof node.store.listPlaces>[0]>) =>
        node.store
          .listPlaces({ sort: 'code', limit: 50, offset: 0, ...filter }, null)
          .then((page) => page.rows.map((p) => p.code))
      expect(await list({ types: ['hub', 'warehouse'] })).toEqual(['HUB:A', 'WH:B'])
      expect(await list({ bbox: { west: 136.5, south: 36.9, east: 137.4, north: 37.6 } })).toEqual([
        'HUB:A',
      ])
      expect(await list({ admin: '17' })).toEqual(['HUB:A', 'WH:B'])
      expect(await list({ q: '輪島' })).toEqual(['HUB:A'])
      const page = await node.store.listPlaces({ sort: '-code', limit: 1, offset: 1 }, null)
      expect(page.total).toBe(3)
      expect(page.rows.map((p) => p.code)).toEqual(['HUB:A'])
    })

    it('keeps a place status as its own record and shows the latest', async () => {
      const { place } = await createPlace(node.ctx, actor, placeDraft())
      await reportPlaceStatus(
        node.ctx,
        actor,
        place.id,
        { status: 'damaged', note: 'landslide on access road' },
        null,
      )
      node.clock.set('2026-01-02T05:00:00.000Z')
      await reportPlaceStatus(node.ctx, actor, place.id, { status: 'open' }, null)
      const read = await node.store.getPlace(place.id, null)
      expect(read?.status).toMatchObject({
        status: 'open',
        home: node.ctx.node.id,
        reportedAt: '2026-01-02T05:00:00.000Z',
      })
      expect(read?.version).toBe(1)
    })

    it('gives reference places deterministic ids and leaves them unchanged on a second import', async () => {
      const rows = [
        {
          line: 2,
          ...placeDraft({
            code: 'GSI:E1720400001111',
            type: 'shelter',
            nameEn: null,
            nameJa: '輪島中学校',
            adminCode: '172049',
          }),
        },
      ]
      const first = await importPlaces(node.ctx, actor, rows)
      const second = await importPlaces(node.ctx, actor, rows)
      expect(first).toEqual({ created: 1, updated: 0, unchanged: 0 })
      expect(second).toEqual({ created: 0, updated: 0, unchanged: 1 })
      const place = await node.store.getPlace(referenceId('place', 'GSI:E1720400001111'), null)
      expect(place).toMatchObject({ home: 'public', org: 'public', nameJa: '輪島中学校' })
    })

    it('refuses to change reference data through the API path', async () => {
      const rows = [{ line: 2, ...placeDraft({ code: 'ICAO:RJNK', type: 'airport' }) }]
      await importPlaces(node.ctx, actor, rows)
      const { updatePlace } = await import('../../src/app/places.js')
      await expect(
        updatePlace(
          node.ctx,
          actor,
          referenceId('place', 'ICAO:RJNK'),
          { version: 1, nameEn: 'x' },
          null,
        ),
      ).rejects.toBeInstanceOf(Refusal)
    })

    it('applies releasability at the source: a record shared with partner A is hidden from B', async () => {
      const partnerA = node.ctx.ids.newId()
      const partnerB = node.ctx.ids.newId()
      const shared = await createItem(
        node.ctx,
        actor,
        itemDraft({ code: 'KZ-SHARED', share: [partnerA] }),
      )
      const own = await createItem(node.ctx, actor, itemDraft({ code: 'KZ-OWN', share: 'own' }))
      const codes = async (org: string) =>
        (await node.store.listItems({ sort: 'code', limit: 50, offset: 0 }, { org })).rows.map(
          (i) => i.code,
        )
      expect(await codes(partnerA)).toEqual(['KZ-SHARED'])
      expect(await codes(partnerB)).toEqual([])
      expect(await codes(node.ctx.node.org)).toEqual(['KZ-OWN', 'KZ-SHARED'])
      expect(await node.store.getItem(shared.item.id, { org: partnerB })).toBeNull()
      expect(await node.store.getItem(own.item.id, { org: partnerA })).toBeNull()
    })

    it('keeps the event chain gapless and verifiable under concurrent writers', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          createItem(node.ctx, actor, itemDraft({ code: `KZ-C${i}` })),
        ),
      )
      const events = await node.store.readEvents(0, 10_000)
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1))
      const report = await verifyChain(node.store, node.ctx.node.id, node.key)
      expect(report).toMatchObject({ ok: true, events: events.length })
      expect(report.heads).toBeGreaterThanOrEqual(21)
    })

    it('reports a signature made by another key as invalid, naming the head', async () => {
      await createItem(node.ctx, actor, itemDraft())
      const { generateKeyPairSync } = await import('node:crypto')
      const { nodeKeyFrom } = await import('../../src/sync/node-key.js')
      const stranger = nodeKeyFrom(generateKeyPairSync('ed25519').privateKey)
      const report = await verifyChain(node.store, node.ctx.node.id, {
        ...node.key,
        verify: (m, s) => stranger.verify(m, s, stranger.publicKeyPem),
      })
      expect(report.ok).toBe(false)
      expect(report.problem?.code).toBe('head_signature_invalid')
    })

    it('refuses to open the database with another node key', async () => {
      if (dialect.name !== 'sqlite') return
      const database = node.database
      await node.store.close()
      await expect(openTestNode('sqlite', { database })).rejects.toThrow(/key file does not match/)
      node = await openTestNode('sqlite', { database, key: node.key })
    })
  })
}
