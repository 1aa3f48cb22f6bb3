/**
 * Tracking through the use cases and the store on SQLite and PostgreSQL: dispatch writes `departed`
 * with the ETA from the route's transit times, positions and delays move it, arrival writes `arrived`;
 * get and list carry the timeline in time order with the latest ETA; every event is a row and an audit
 * event in one transaction, and a refusal writes neither.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { trackConsignment } from '../../src/app/consignment-tracking.js'
import { actOnConsignment, createConsignment } from '../../src/app/consignments.js'
import { createItem } from '../../src/app/items.js'
import { LedgerWriter } from '../../src/app/ledger-writer.js'
import { createPlace } from '../../src/app/places.js'
import { receiveStock, type StockContext } from '../../src/app/stock.js'
import type { Actor } from '../../src/domain/records/record.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { insertLegs } from '../support/legs.js'
import { readRawTables } from '../support/raw-tables.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`consignment tracking on ${dialect.name}`, () => {
    let node: TestNode
    let actor: Actor
    let stock: StockContext
    let hub: string
    let town: string
    let shelter: string
    let water: string

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      actor = { kind: 'cli', id: 'test', org: node.ctx.node.org }
      stock = { ctx: node.ctx, writer: new LedgerWriter(node.ctx) }
      const place = async (code: string, lat: number) =>
        (await createPlace(node.ctx, actor, placeDraft({ code, lat }))).place.id
      hub = await place('HUB:A', 36.5)
      town = await place('HUB:MID', 36.9)
      shelter = await place('HUB:B', 37.3)
      water = (await createItem(node.ctx, actor, itemDraft())).item.id
      await receiveStock(stock, actor, {
        id: node.ctx.ids.newId(),
        place: hub,
        item: water,
        owner: node.ctx.node.org,
        quantity: 100,
        lot: 'L1',
        source: 'JRC',
      })
    })
    afterEach(async () => node.close())

    const create = async (route: string[] = []) =>
      (
        await createConsignment(stock, actor, {
          origin: hub,
          destination: shelter,
          route,
          lines: [{ item: water, owner: node.ctx.node.org, quantity: 10 }],
        })
      ).consignment
    const events = async () => (await node.store.readEvents(0, 1e6)).length
    const rows = async () => (await readRawTables(node)).tracking_events ?? []

    it('writes departed with the ETA of the route legs, moves it by position and delay, and ends with arrived', async () => {
      const legs = await insertLegs(node, [
        { from: hub, to: town, transitMinutes: 90 },
        { from: shelter, to: town, transitMinutes: 45 },
      ])
      const { id } = await create(legs.map((l) => l.id))
      node.clock.set('2026-01-02T04:00:00.000Z')
      const dispatched = await actOnConsignment(stock, actor, id, 'dispatch')
      expect(dispatched.eta).toBe('2026-01-02T06:15:00.000Z')
      expect(dispatched.tracking).toEqual([
        {
          id: expect.any(String),
          kind: 'departed',
          at: '2026-01-02T04:00:00.000Z',
          lat: null,
          lon: null,
          eta: '2026-01-02T06:15:00.000Z',
          note: null,
          actor: 'cli:test',
        },
      ])
      // A retried dispatch adds no second departure.
      await actOnConsignment(stock, actor, id, 'dispatch')

      node.clock.set('2026-01-02T05:00:00.000Z')
      const before = await events()
      const position = await trackConsignment(node.ctx, actor, id, {
        kind: 'position',
        lat: 36.9,
        lon: 136.6,
        eta: '2026-01-02T15:30:00+09:00',
      })
      expect(await events()).toBe(before + 1)
      expect(position).toMatchObject({ eta: '2026-01-02T06:30:00.000Z', version: 3 })
      node.clock.set('2026-01-02T05:30:00.000Z')
      await trackConsignment(node.ctx, actor, id, {
        kind: 'delayed',
        eta: '2026-01-02T09:00:00.000Z',
        note: 'Route 249 closed at Monzen',
      })
      // Reported late, about 04:30: its eta is older than the delay's and does not override it.
      const late = await trackConsignment(node.ctx, actor, id, {
        kind: 'position',
        at: '2026-01-02T04:30:00.000Z',
        lat: 36.7,
        lon: 136.6,
        eta: '2026-01-02T06:00:00.000Z',
      })
      expect(late.eta).toBe('2026-01-02T09:00:00.000Z')
      node.clock.set('2026-01-02T08:45:00.000Z')
      await actOnConsignment(stock, actor, id, 'arrive')

      const read = await node.store.getConsignment(id, null)
      expect(read?.eta).toBe('2026-01-02T09:00:00.000Z')
      expect(read?.tracking.map((e) => [e.kind, e.at, e.eta, e.lat])).toEqual([
        ['departed', '2026-01-02T04:00:00.000Z', '2026-01-02T06:15:00.000Z', null],
        ['position', '2026-01-02T04:30:00.000Z', '2026-01-02T06:00:00.000Z', 36.7],
        ['position', '2026-01-02T05:00:00.000Z', '2026-01-02T06:30:00.000Z', 36.9],
        ['delayed', '2026-01-02T05:30:00.000Z', '2026-01-02T09:00:00.000Z', null],
        ['arrived', '2026-01-02T08:45:00.000Z', null, null],
      ])
      expect(read?.tracking[3]?.note).toBe('Route 249 closed at Monzen')
      const listed = await node.store.listConsignments({ limit: 10, offset: 0 }, null)
      expect(listed.rows[0]?.tracking).toEqual(read?.tracking)
      expect(await rows()).toHaveLength(5)
      const log = await node.store.readEvents(0, 1e6)
      expect(log.filter((e) => e.kind === 'consignment.tracked').map((e) => e.subject)).toEqual([
        id,
        id,
        id,
      ])
    })

    it('leaves the ETA unknown without a route, and lists each consignment with its own timeline', async () => {
      const first = await create()
      const second = await create()
      await actOnConsignment(stock, actor, first.id, 'dispatch')
      const listed = await node.store.listConsignments({ limit: 10, offset: 0 }, null)
      const byId = new Map(listed.rows.map((c) => [c.id, c]))
      expect(byId.get(first.id)).toMatchObject({ eta: null, tracking: [{ kind: 'departed' }] })
      expect(byId.get(second.id)).toMatchObject({ eta: null, tracking: [] })
    })

    it('refuses an event before dispatch, a delay without eta and an unknown consignment, writing nothing', async () => {
      const { id } = await create()
      const before = await events()
      await expect(
        trackConsignment(node.ctx, actor, id, { kind: 'position', lat: 1, lon: 2 }),
      ).rejects.toMatchObject({
        code: 'invalid_transition',
        message:
          'a planned consignment takes no position events: only a dispatched one, on its way, does; allowed: load, dispatch, cancel',
        details: { status: 'planned', allowed: ['load', 'dispatch', 'cancel'] },
      })
      expect(await events()).toBe(before)
      await actOnConsignment(stock, actor, id, 'dispatch')
      const dispatched = await events()
      await expect(
        trackConsignment(node.ctx, actor, id, { kind: 'delayed', note: 'flooded' }),
      ).rejects.toMatchObject({
        code: 'tracking_refused',
        message: expect.stringMatching(/^eta: /),
      })
      await expect(
        trackConsignment(node.ctx, actor, node.ctx.ids.newId(), { kind: 'delayed' }),
      ).rejects.toMatchObject({ code: 'not_found' })
      const partner = { kind: 'user' as const, id: 'u', org: node.ctx.ids.newId() }
      await expect(
        trackConsignment(node.ctx, partner, id, { kind: 'position', lat: 1, lon: 2 }),
      ).rejects.toMatchObject({ code: 'forbidden' })
      expect(await events()).toBe(dispatched)
      expect((await rows()).map((r) => r.kind)).toEqual(['departed'])
      expect((await node.store.getConsignment(id, null))?.version).toBe(2)
    })
  })
}
