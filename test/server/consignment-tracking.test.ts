/**
 * Tracking through the API on both databases: POST /api/consignments/:id/events answers 201 with the
 * whole consignment (ETA and timeline), 409 before dispatch naming the status and what is allowed, 422
 * for a delay without eta, 404 for an unknown consignment, 400 for a kind one does not report — and a
 * refusal writes nothing. Every consignment response carries the ETA and the timeline.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createItem } from '../../src/app/items.js'
import { createPlace } from '../../src/app/places.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { insertLegs } from '../support/legs.js'
import { readRawTables } from '../support/raw-tables.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`consignment tracking API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: { authorization: string }
    let hub: string
    let shelter: string
    let water: string

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      headers = { authorization: (await tokenHeaders(node.ctx, ['logistician'])).authorization }
      const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      hub = (await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:A' }))).place.id
      shelter = (await createPlace(node.ctx, actor, placeDraft({ code: 'HUB:B', lat: 37 }))).place
        .id
      water = (await createItem(node.ctx, actor, itemDraft())).item.id
      const received = await post('/api/stock/receive', {
        id: uuidv7(),
        place: hub,
        item: water,
        owner: node.ctx.node.org,
        quantity: 100,
        lot: 'L1',
        source: 'JRC',
      })
      expect(received.statusCode).toBe(201)
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })

    const post = (url: string, payload: object = {}) =>
      app.inject({ method: 'POST', url, headers, payload })
    const get = (url: string) => app.inject({ method: 'GET', url, headers })
    const events = async () => (await node.store.readEvents(0, 1e6)).length
    const trackingRows = async () => (await readRawTables(node)).tracking_events?.length ?? 0
    const create = async (route: string[] = []) => {
      const created = await post('/api/consignments', {
        origin: hub,
        destination: shelter,
        route,
        lines: [{ item: water, owner: node.ctx.node.org, quantity: 10 }],
      })
      expect(created.statusCode).toBe(201)
      expect(created.json()).toMatchObject({ eta: null, tracking: [] })
      return created.json().id as string
    }

    it('records a position (201, the whole consignment) and a delay that moves the ETA; get and list carry them', async () => {
      const [leg] = await insertLegs(node, [{ from: hub, to: shelter, transitMinutes: 120 }])
      const id = await create([leg?.id ?? ''])
      const dispatched = await post(`/api/consignments/${id}/dispatch`)
      expect(dispatched.json()).toMatchObject({
        eta: '2026-01-02T05:04:05.000Z',
        tracking: [{ kind: 'departed', at: '2026-01-02T03:04:05.000Z' }],
      })
      node.clock.set('2026-01-02T04:00:00.000Z')
      const position = await post(`/api/consignments/${id}/events`, {
        kind: 'position',
        lat: 36.8,
        lon: 136.7,
      })
      expect(position.statusCode).toBe(201)
      expect(position.json()).toMatchObject({
        id,
        status: 'dispatched',
        eta: '2026-01-02T05:04:05.000Z',
        lines: [{ quantity: 10 }],
      })
      expect(position.json().tracking[1]).toEqual({
        id: expect.any(String),
        kind: 'position',
        at: '2026-01-02T04:00:00.000Z',
        lat: 36.8,
        lon: 136.7,
        eta: null,
        note: null,
        actor: expect.stringMatching(/^token:/),
      })
      const delayed = await post(`/api/consignments/${id}/events`, {
        kind: 'delayed',
        at: '2026-01-02T12:50:00+09:00',
        eta: '2026-01-02T18:00:00+09:00',
        note: 'Bridge at Anamizu closed; detour by Route 1',
      })
      expect(delayed.statusCode).toBe(201)
      expect(delayed.json().eta).toBe('2026-01-02T09:00:00.000Z')
      const one = (await get(`/api/consignments/${id}`)).json()
      expect(one.eta).toBe('2026-01-02T09:00:00.000Z')
      expect(one.tracking.map((e: { kind: string }) => e.kind)).toEqual([
        'departed',
        'delayed',
        'position',
      ])
      const list = (await get('/api/consignments?status=dispatched')).json()
      expect(list.consignments[0]).toMatchObject({ id, eta: '2026-01-02T09:00:00.000Z' })
      expect(list.consignments[0].tracking).toEqual(one.tracking)
      const arrived = await post(`/api/consignments/${id}/arrive`)
      expect(arrived.json().tracking.at(-1)).toMatchObject({ kind: 'arrived' })
    })

    it('refuses before dispatch (409), a delay without eta (422), an unknown consignment (404) and a bad kind (400), writing nothing', async () => {
      const id = await create()
      let before = await events()
      const early = await post(`/api/consignments/${id}/events`, { kind: 'delayed', eta: null })
      expect(early.statusCode).toBe(409)
      expect(early.json().error).toEqual({
        code: 'invalid_transition',
        message:
          'a planned consignment takes no delayed events: only a dispatched one, on its way, does; allowed: load, dispatch, cancel',
        details: { status: 'planned', allowed: ['load', 'dispatch', 'cancel'] },
      })
      expect(await events()).toBe(before)

      expect((await post(`/api/consignments/${id}/dispatch`)).statusCode).toBe(200)
      before = await events()
      const rows = await trackingRows()
      const noEta = await post(`/api/consignments/${id}/events`, {
        kind: 'delayed',
        note: 'Route 249 flooded',
      })
      expect(noEta.statusCode).toBe(422)
      expect(noEta.json().error).toMatchObject({
        code: 'tracking_refused',
        message: 'eta: a delay must say when the consignment is now expected: give eta',
        details: [{ field: 'eta' }],
      })
      const unknown = await post(`/api/consignments/${uuidv7()}/events`, {
        kind: 'position',
        lat: 1,
        lon: 1,
      })
      expect(unknown.statusCode).toBe(404)
      const departed = await post(`/api/consignments/${id}/events`, { kind: 'departed' })
      expect(departed.statusCode).toBe(400)
      expect(departed.json().error.message).toMatch(/^body\.kind/)
      const longNote = await post(`/api/consignments/${id}/events`, {
        kind: 'position',
        note: 'x'.repeat(501),
      })
      expect(longNote.statusCode).toBe(400)
      expect(longNote.json().error.message).toMatch(/^body\.note/)
      const badLat = await post(`/api/consignments/${id}/events`, {
        kind: 'position',
        lat: 91,
        lon: 0,
      })
      expect(badLat.statusCode).toBe(400)
      const halfPosition = await post(`/api/consignments/${id}/events`, {
        kind: 'position',
        lat: 37,
      })
      expect(halfPosition.statusCode).toBe(422)
      expect(halfPosition.json().error.message).toMatch(/^lon: give both lat and lon/)
      expect(await events()).toBe(before)
      expect(await trackingRows()).toBe(rows)
      expect((await get(`/api/consignments/${id}`)).json().version).toBe(2)
    })
  })
}
