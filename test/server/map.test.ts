/**
 * The map's reads through the API on both databases, over a small world built by the use cases: a hub
 * with stock, a warehouse, a shelter (reported damaged) and a partner's own place kept to itself;
 * legs between them (one damaged, one closed to the partner's place); requests in several states and
 * a partner's own request; a consignment dispatched along a two-leg route with a reported position
 * and now late, and one arrived on a direct route; operations with and without an affected area, one
 * ended. Asserts every feature exactly for the node's organisation, what the partner sees besides,
 * the filters, and the refusals.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trackConsignment } from '../../src/app/consignment-tracking.js'
import { actOnConsignment, createConsignment } from '../../src/app/consignments.js'
import { createItem } from '../../src/app/items.js'
import { LedgerWriter } from '../../src/app/ledger-writer.js'
import { createOperation } from '../../src/app/operations.js'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace, reportPlaceStatus } from '../../src/app/places.js'
import { actOnRequest, createRequest } from '../../src/app/requests.js'
import { receiveStock } from '../../src/app/stock.js'
import type { MapPicture, MapPlaces } from '../../src/contract/map.js'
import type { Principal } from '../../src/domain/access/permissions.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { insertLegs } from '../support/legs.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

const NOW = '2026-01-02T05:00:00.000Z'
const AREA = {
  type: 'Polygon',
  coordinates: [
    [
      [136.5, 36.3],
      [137.4, 36.3],
      [137.4, 37.6],
      [136.5, 37.6],
      [136.5, 36.3],
    ],
  ],
}

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`map API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    const viewers = { node: { authorization: '' }, partner: { authorization: '' } }
    const ids: Record<string, string> = {}
    const codes: Record<string, string> = {}

    beforeAll(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      const { ctx } = node
      const org = ctx.node.org
      const stock = { ctx, writer: new LedgerWriter(ctx) }
      const at = (iso: string) => node.clock.set(iso)
      const hubActor = { kind: 'cli' as const, id: 'test', org }
      const admin: Principal = { kind: 'user', id: 'setup', userId: 'setup', org, roles: ['admin'] }
      at('2026-01-01T20:00:00Z')
      const partner = await createOrganisation(ctx, admin, {
        code: 'AU-TEST',
        nameEn: 'Test partner',
        nameJa: null,
        country: 'AU',
        kind: 'ngo',
      })
      ids.partner = partner.organisation.id
      const partnerActor = { kind: 'cli' as const, id: 'partner', org: ids.partner }
      viewers.node = { authorization: (await tokenHeaders(ctx, ['viewer'])).authorization }
      viewers.partner = {
        authorization: (await tokenHeaders(ctx, ['viewer'], ids.partner)).authorization,
      }
      const place = async (actor: typeof hubActor, draft: Parameters<typeof placeDraft>[0]) =>
        (await createPlace(ctx, actor, placeDraft(draft))).place.id
      ids.hub = await place(hubActor, { code: 'HUB:A', nameEn: 'Hub A', lat: 36.4, lon: 136.4 })
      ids.warehouse = await place(hubActor, {
        code: 'WH:B',
        type: 'warehouse',
        nameEn: 'Warehouse B',
        nameJa: null,
        lat: 36.6,
        lon: 136.6,
      })
      ids.shelter = await place(hubActor, {
        code: 'SH:C',
        type: 'shelter',
        nameEn: null,
        nameJa: '避難所C',
        lat: 37.3,
        lon: 136.9,
      })
      ids.hidden = await place(partnerActor, {
        code: 'HUB:P',
        nameEn: 'Partner depot',
        lat: 37.0,
        lon: 137.0,
        share: 'own',
      })
      await reportPlaceStatus(ctx, hubActor, ids.shelter, { status: 'damaged' }, null)
      const [toWarehouse, toShelter, cut, closed] = await insertLegs(node, [
        { from: ids.hub, to: ids.warehouse, transitMinutes: 60, distanceKm: 30 },
        { from: ids.warehouse, to: ids.shelter, transitMinutes: 60, distanceKm: 90 },
        { from: ids.hub, to: ids.shelter, status: 'damaged', distanceKm: 110 },
        { from: ids.shelter, to: ids.hidden, status: 'closed', distanceKm: 20 },
      ])
      ids.cut = cut?.id ?? ''
      ids.closed = closed?.id ?? ''
      const water = (await createItem(ctx, hubActor, itemDraft())).item.id
      const receive = (where: string, owner: string, quantity: number) =>
        receiveStock(stock, owner === org ? hubActor : partnerActor, {
          id: uuidv7(),
          place: where,
          item: water,
          owner,
          quantity,
          lot: '',
          source: 'JRC',
        })
      await receive(ids.hub, org, 100)
      await receive(ids.hidden, ids.partner, 40)

      ids.noto = (
        await createOperation(ctx, hubActor, { name: 'Noto', startedOn: '2026-01-01', area: AREA })
      ).id
      await createOperation(ctx, hubActor, {
        name: 'Old',
        startedOn: '2025-01-01',
        endedOn: '2025-02-01',
        area: AREA,
      })
      await createOperation(ctx, hubActor, { name: 'No area', startedOn: '2026-01-01' })

      const request = async (
        actor: typeof hubActor,
        destination: string,
        lines: { quantity: number; priority: 'life-saving' | 'life-sustaining' | 'other' }[],
        extra: { operation?: string; share?: 'own' } = {},
      ) => {
        const made = await createRequest(ctx, actor, {
          destination,
          neededBy: '2026-01-05T00:00:00Z',
          lines: lines.map((line) => ({ kind: 'item' as const, item: water, ...line })),
          ...extra,
        })
        return made.request
      }
      const noto = await request(
        hubActor,
        ids.shelter,
        [
          { quantity: 80, priority: 'life-saving' },
          { quantity: 30, priority: 'other' },
        ],
        { operation: ids.noto },
      )
      await actOnRequest(ctx, hubActor, noto.id, 'submit')
      await actOnRequest(ctx, hubActor, noto.id, 'validate')
      const waiting = await request(hubActor, ids.warehouse, [
        { quantity: 7, priority: 'life-sustaining' },
      ])
      await actOnRequest(ctx, hubActor, waiting.id, 'submit')
      const own = await request(
        partnerActor,
        ids.hidden,
        [{ quantity: 50, priority: 'life-saving' }],
        {
          share: 'own',
        },
      )
      await actOnRequest(ctx, partnerActor, own.id, 'submit')
      const draft = await request(hubActor, ids.hub, [{ quantity: 5, priority: 'other' }])
      Object.assign(ids, { noto: ids.noto, request: noto.id, waiting: waiting.id, own: own.id })
      ids.draft = draft.id
      Object.assign(codes, { request: noto.code, waiting: waiting.code, draft: draft.code })

      at('2026-01-02T01:00:00Z') // ETA 03:00 over two legs of an hour each
      const late = await createConsignment(stock, hubActor, {
        origin: ids.hub,
        destination: ids.shelter,
        route: [toWarehouse?.id ?? '', toShelter?.id ?? ''],
        lines: [
          {
            item: water,
            owner: org,
            quantity: 60,
            request: noto.id,
            requestLine: noto.lines[0]?.id ?? '',
          },
        ],
      })
      ids.late = late.consignment.id
      await actOnConsignment(stock, hubActor, ids.late, 'dispatch')
      at('2026-01-02T01:30:00Z')
      await trackConsignment(ctx, hubActor, ids.late, { kind: 'position', lat: 36.9, lon: 136.7 })
      const arrived = await createConsignment(stock, hubActor, {
        origin: ids.hub,
        destination: ids.warehouse,
        lines: [{ item: water, owner: org, quantity: 10 }],
      })
      ids.arrived = arrived.consignment.id
      await actOnConsignment(stock, hubActor, ids.arrived, 'dispatch')
      at('2026-01-02T02:00:00Z')
      await actOnConsignment(stock, hubActor, ids.arrived, 'arrive')
      at(NOW)
    }, 60_000)

    afterAll(async () => {
      await app?.close()
      await node?.close()
    })

    const get = (url: string, as: keyof typeof viewers = 'node') =>
      app.inject({ method: 'GET', url, headers: viewers[as] })
    const picture = async (query = '', as: keyof typeof viewers = 'node') => {
      const response = await get(`/api/map${query}`, as)
      expect(response.statusCode, response.body).toBe(200)
      return response.json() as MapPicture
    }
    const place = (
      id: string,
      code: string,
      type: string,
      nameEn: string | null,
      nameJa: string | null,
      lat: number,
      lon: number,
      status: string | null = null,
    ) => ({ id, type, code, nameEn, nameJa, lat, lon, status })

    it('gives every layer exactly, without what is not released to the caller', async () => {
      const map = await picture()
      expect(map.generatedAt).toBe(NOW)
      expect(map.operation).toBeNull()
      expect(map.places).toEqual([
        place(ids.hub ?? '', 'HUB:A', 'hub', 'Hub A', 'テスト拠点', 36.4, 136.4),
        place(ids.shelter ?? '', 'SH:C', 'shelter', null, '避難所C', 37.3, 136.9, 'damaged'),
        place(ids.warehouse ?? '', 'WH:B', 'warehouse', 'Warehouse B', null, 36.6, 136.6),
      ])
      // 100 received, 60 and 10 dispatched; the partner's 40 are at a place kept to the partner.
      expect(map.stock).toEqual([
        {
          place: ids.hub,
          available: 30,
          reserved: 0,
          availableWeightKg: 63,
          items: 1,
          replicas: [],
        },
      ])
      expect(map.needs).toEqual([
        {
          place: ids.shelter,
          priority: 'life-saving',
          openQuantity: 110,
          lines: 2,
          byPriority: [
            { priority: 'life-saving', openQuantity: 80, lines: 1 },
            { priority: 'other', openQuantity: 30, lines: 1 },
          ],
        },
      ])
      expect(map.requests).toEqual([
        {
          id: ids.request,
          home: node.ctx.node.id,
          code: codes.request,
          status: 'partially-dispatched',
          priority: 'life-saving',
          destination: ids.shelter,
          neededBy: '2026-01-05T00:00:00.000Z',
          openQuantity: 110,
          lines: 2,
        },
        {
          id: ids.waiting,
          home: node.ctx.node.id,
          code: codes.waiting,
          status: 'submitted',
          priority: 'life-sustaining',
          destination: ids.warehouse,
          neededBy: '2026-01-05T00:00:00.000Z',
          openQuantity: 7,
          lines: 1,
        },
      ])
      expect(map.consignments).toEqual([
        {
          id: ids.late,
          home: node.ctx.node.id,
          status: 'dispatched',
          origin: ids.hub,
          destination: ids.shelter,
          path: [ids.hub, ids.warehouse, ids.shelter],
          legs: 2,
          dispatchedAt: '2026-01-02T01:00:00.000Z',
          arrivedAt: null,
          eta: '2026-01-02T03:00:00.000Z',
          late: true,
          position: { lat: 36.9, lon: 136.7, at: '2026-01-02T01:30:00.000Z' },
          quantity: 60,
          lines: 1,
        },
        {
          id: ids.arrived,
          home: node.ctx.node.id,
          status: 'arrived',
          origin: ids.hub,
          destination: ids.warehouse,
          path: [ids.hub, ids.warehouse],
          legs: 0,
          dispatchedAt: '2026-01-02T01:30:00.000Z',
          arrivedAt: '2026-01-02T02:00:00.000Z',
          eta: null,
          late: false,
          position: null,
          quantity: 10,
          lines: 1,
        },
      ])
      // The closed leg ends at the partner's own place: not drawn for the node's organisation.
      expect(map.legs).toEqual([
        {
          id: ids.cut,
          mode: 'road',
          from: ids.hub,
          to: ids.shelter,
          status: 'damaged',
          note: 'landslide',
          distanceKm: 110,
        },
      ])
      // The ended operation's area and the operation without one are left out.
      expect(map.areas).toEqual([
        { operation: ids.noto, name: 'Noto', startedOn: '2026-01-01', area: AREA },
      ])
    })

    it('shows the partner its own place, request, stock and the leg to its place', async () => {
      const map = await picture('', 'partner')
      expect(map.places.map((p) => p.code)).toEqual(['HUB:A', 'HUB:P', 'SH:C', 'WH:B'])
      expect(map.requests.map((r) => r.id)).toEqual([ids.request, ids.waiting, ids.own])
      expect(map.stock.map((s) => [s.place, s.available])).toEqual([
        [ids.hub, 30],
        [ids.hidden, 40],
      ])
      expect(map.legs.map((leg) => leg.id)).toEqual([ids.cut, ids.closed])
    })

    it('narrows requests, needs, consignments and areas to an operation', async () => {
      const map = await picture(`?operation=${ids.noto}`)
      expect(map.operation).toEqual({ id: ids.noto, name: 'Noto' })
      expect(map.requests.map((r) => r.id)).toEqual([ids.request])
      expect(map.needs.map((n) => n.place)).toEqual([ids.shelter])
      // The arrived consignment serves no request of the operation.
      expect(map.consignments.map((c) => c.id)).toEqual([ids.late])
      expect(map.areas.map((a) => a.name)).toEqual(['Noto'])
      // Stock and legs are not kept per operation.
      expect(map.stock).toHaveLength(1)
      expect(map.legs).toHaveLength(1)
    })

    it('filters requests by status and by priority', async () => {
      const urgent = await picture('?priority=life-saving')
      expect(urgent.requests.map((r) => r.id)).toEqual([ids.request])
      const drafts = await picture('?status=draft')
      expect(drafts.requests.map((r) => [r.id, r.status, r.priority])).toEqual([
        [ids.draft, 'draft', 'other'],
      ])
      expect(drafts.places.map((p) => p.code)).toEqual(['HUB:A', 'SH:C', 'WH:B'])
    })

    it('lists the places in a box, compactly, up to a limit', async () => {
      const box = '136,36,138,38'
      const all = await get(`/api/map/places?bbox=${box}`)
      expect(all.statusCode, all.body).toBe(200)
      expect(all.json()).toEqual({
        places: [
          place(ids.hub ?? '', 'HUB:A', 'hub', 'Hub A', 'テスト拠点', 36.4, 136.4),
          place(ids.shelter ?? '', 'SH:C', 'shelter', null, '避難所C', 37.3, 136.9, 'damaged'),
          place(ids.warehouse ?? '', 'WH:B', 'warehouse', 'Warehouse B', null, 36.6, 136.6),
        ],
        truncated: false,
      })
      const partner = (await get(`/api/map/places?bbox=${box}`, 'partner')).json() as MapPlaces
      expect(partner.places.map((p) => p.code)).toEqual(['HUB:A', 'HUB:P', 'SH:C', 'WH:B'])
      const two = (await get(`/api/map/places?bbox=${box}&limit=2`)).json() as MapPlaces
      expect([two.places.map((p) => p.code), two.truncated]).toEqual([['HUB:A', 'SH:C'], true])
      const shelters = (await get(`/api/map/places?bbox=${box}&type=shelter,airport`)).json()
      expect((shelters as MapPlaces).places.map((p) => p.code)).toEqual(['SH:C'])
      const north = (await get('/api/map/places?bbox=136,37,138,38')).json() as MapPlaces
      expect(north.places.map((p) => p.code)).toEqual(['SH:C'])
    })

    it('refuses bad filters with 400 naming the field, and an unknown operation with 404', async () => {
      const cases: [string, number, RegExp][] = [
        ['/api/map/places?bbox=1,2,3', 400, /bbox.*west,south,east,north/s],
        ['/api/map/places', 400, /bbox/],
        ['/api/map/places?bbox=136,36,138,38&type=castle', 400, /unknown place type "castle"/],
        ['/api/map?status=lost', 400, /status.*unknown request status "lost"/s],
        ['/api/map?priority=urgent', 400, /priority/],
        ['/api/map?operation=nope', 400, /operation/],
        [`/api/map?operation=${uuidv7()}`, 404, /operation: no operation/],
      ]
      for (const [url, status, message] of cases) {
        const response = await get(url)
        expect([url, response.statusCode]).toEqual([url, status])
        expect((response.json() as { error: { message: string } }).error.message).toMatch(message)
        expect(response.body).not.toMatch(/at .*\.ts:\d+/)
      }
      const anonymous = await app.inject({ method: 'GET', url: '/api/map' })
      expect(anonymous.statusCode).toBe(401)
    })
  })
}
