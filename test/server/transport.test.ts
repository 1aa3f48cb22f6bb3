/**
 * Transport through the API on both databases: asset types, assets, the route network and fastest
 * routes, closures that reroute, and bad input refused with the field named and nothing written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createOrganisation } from '../../src/app/organisations.js'
import { createPlace } from '../../src/app/places.js'
import { buildApp } from '../../src/server/build-app.js'
import { tokenHeaders } from '../support/callers.js'
import { placeDraft } from '../support/fixtures.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`transport API on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: Record<string, string>
    const at: Record<string, string> = {}

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      headers = { authorization: (await tokenHeaders(node.ctx, ['admin'])).authorization }
      const actor = { kind: 'cli' as const, id: 'test', org: node.ctx.node.org }
      // A hub by Komatsu airport, Noto airport, Kanazawa and Wajima ports, Wajima town, a shelter.
      const places = [
        ['HUB', 'HUB:KOMATSU', 'hub', 36.3946, 136.4068],
        ['KMQ', 'ICAO:RJNK', 'airport', 36.3946, 136.407],
        ['NTQ', 'ICAO:RJNW', 'airport', 37.2931, 136.9619],
        ['KNZ', 'LOCODE:JPKNZ', 'seaport', 36.61, 136.6],
        ['WJM', 'LOCODE:JPWJM', 'seaport', 37.4, 136.9],
        ['TOWN', 'LG:172049', 'municipality', 37.3906, 136.8992],
        ['SHELTER', 'GSI:TEST-1', 'shelter', 37.38, 136.91],
      ] as const
      for (const [key, code, type, lat, lon] of places)
        at[key] = (
          await createPlace(
            node.ctx,
            actor,
            placeDraft({
              code,
              type,
              lat,
              lon,
              nameEn: key,
              ...(key === 'TOWN' && { nameJa: '輪島市' }),
            }),
          )
        ).place.id
    })
    afterEach(async () => {
      await app.close()
      await node.close()
    })
    const get = (url: string, h = headers) => app.inject({ method: 'GET', url, headers: h })
    const post = (url: string, payload: object = {}, h = headers) =>
      app.inject({ method: 'POST', url, headers: h, payload })
    const events = async () => (await node.store.readEvents(0, 1e6)).length
    const fastest = (kind: string, from = at.HUB, to = at.SHELTER) =>
      get(`/api/routes/fastest?from=${from}&to=${to}&kind=${kind}`)

    it('lists the reference asset types, each with its figures and their source', async () => {
      const response = await get('/api/asset-types')
      expect(response.statusCode).toBe(200)
      const types = response.json().assetTypes as { code: string; source: string }[]
      expect(types.map((t) => t.code)).toEqual(
        expect.arrayContaining(['C-130J-30', 'C-2', 'CH-47F', 'UH-60M', 'LCAC', 'TRUCK-10T']),
      )
      expect(types.find((t) => t.code === 'C-130J-30')).toMatchObject({
        kind: 'fixed-wing',
        payloadKg: 19958,
        source: expect.stringContaining('Lockheed Martin'),
      })
      for (const type of types) expect(type.source.length).toBeGreaterThan(10)
    })

    it('records an asset from a type, answers a repeat with it, and changes its status with an event', async () => {
      const id = node.ctx.ids.newId()
      const body = {
        id,
        type: 'CH-47F',
        name: 'JGSDF CH-47JA 52-3101',
        base: at.KMQ,
        availableFrom: '2026-01-02T00:00:00+09:00',
        availableUntil: '2026-02-01T00:00:00+09:00',
      }
      const created = await post('/api/assets', body)
      expect(created.statusCode).toBe(201)
      expect(created.json()).toMatchObject({
        kind: 'helicopter',
        type: 'CH-47F',
        payloadKg: 11793,
        speedKmh: 296,
        status: 'available',
        availableFrom: '2026-01-01T15:00:00.000Z',
        org: node.ctx.node.org,
        home: node.ctx.node.id,
      })
      expect((await post('/api/assets', body)).statusCode).toBe(200)
      const custom = await post('/api/assets', {
        kind: 'truck',
        name: 'Truck 7',
        payloadKg: 3500,
        volumeM3: 20,
        speedKmh: 60,
        base: at.HUB,
      })
      expect(custom.statusCode).toBe(201)

      const list = await get('/api/assets?kind=helicopter&availableAt=2026-01-10T00:00:00Z')
      expect(list.json()).toMatchObject({ total: 1, assets: [{ id }] })
      expect((await get('/api/assets?availableAt=2026-03-01T00:00:00Z')).json().total).toBe(1)
      expect((await get('/api/assets?q=truck')).json().assets[0].name).toBe('Truck 7')

      const before = await events()
      const tasked = await post(`/api/assets/${id}/status`, {
        status: 'maintenance',
        note: 'rotor inspection',
        version: 1,
      })
      expect(tasked.json()).toMatchObject({
        status: 'maintenance',
        statusNote: 'rotor inspection',
        version: 2,
      })
      expect(await events()).toBe(before + 1)
      const stale = await post(`/api/assets/${id}/status`, { status: 'available', version: 1 })
      expect(stale.statusCode).toBe(409)
      expect((await get(`/api/assets/${id}`)).json().status).toBe('maintenance')
    })

    it('sorts assets on the server by a column both ways, unknown range last, ties by name', async () => {
      for (const [type, name] of [
        ['CH-47F', 'Chinook 2'],
        ['TRUCK-10T', 'Truck B'],
        ['C-130J-30', 'Hercules'],
        ['TRUCK-10T', 'Truck A'],
      ] as const)
        expect((await post('/api/assets', { type, name, base: at.HUB })).statusCode).toBe(201)
      const names = async (query: string) => {
        const reply = await get(`/api/assets?${query}`)
        expect(reply.statusCode).toBe(200)
        return (reply.json() as { assets: { name: string }[] }).assets.map((a) => a.name)
      }
      expect(await names('')).toEqual(['Hercules', 'Chinook 2', 'Truck A', 'Truck B'])
      expect(await names('sort=-payloadKg')).toEqual([
        'Hercules',
        'Chinook 2',
        'Truck A',
        'Truck B',
      ])
      expect(await names('sort=payloadKg')).toEqual(['Truck A', 'Truck B', 'Chinook 2', 'Hercules'])
      // Trucks have no range: last in both directions.
      expect(await names('sort=rangeKm')).toEqual(['Chinook 2', 'Hercules', 'Truck A', 'Truck B'])
      expect(await names('sort=-rangeKm')).toEqual(['Hercules', 'Chinook 2', 'Truck A', 'Truck B'])
      expect(await names('sort=-name&limit=2&offset=1')).toEqual(['Truck A', 'Hercules'])
      const bad = await get('/api/assets?sort=colour')
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details[0].field).toBe('querystring.sort')
      expect(bad.json().error.message).toContain('payloadKg')
    })

    it('refuses bad assets with the field named, writing nothing', async () => {
      const good = {
        kind: 'truck',
        name: 'T',
        payloadKg: 4000,
        volumeM3: 28,
        speedKmh: 60,
        base: at.HUB,
      }
      const before = await events()
      const cases: [object, number, string][] = [
        [{ ...good, base: node.ctx.ids.newId() }, 422, 'base'],
        [{ ...good, payloadKg: -5 }, 400, 'payloadKg'],
        [{ ...good, kind: 'submarine' }, 400, 'kind'],
        [{ ...good, type: 'A-380' }, 422, 'type'],
        [{ ...good, type: 'C-2' }, 400, 'kind'],
        [{ name: 'No figures', base: at.HUB }, 400, 'kind'],
        [
          {
            ...good,
            availableFrom: '2026-02-01T00:00:00Z',
            availableUntil: '2026-01-01T00:00:00Z',
          },
          400,
          'availableUntil',
        ],
      ]
      for (const [payload, status, field] of cases) {
        const response = await post('/api/assets', payload)
        expect(response.statusCode, JSON.stringify(payload)).toBe(status)
        expect(response.json().error.message).toContain(field)
      }
      expect(await events()).toBe(before)
      expect((await get('/api/assets')).json().total).toBe(0)
    })

    it("lets only the asset's organisation (or the node's) change it, and a partner record only its own", async () => {
      const partner = await createOrganisation(
        node.ctx,
        { kind: 'user', id: 'x', userId: 'x', org: node.ctx.node.org, roles: ['admin'] },
        { code: 'AU-DFAT', nameEn: 'DFAT', nameJa: null, country: 'AU', kind: 'government' },
      )
      const au = partner.organisation.id
      const auLogistician = {
        authorization: (await tokenHeaders(node.ctx, ['logistician'], au)).authorization,
      }
      const ours = (
        await post('/api/assets', { type: 'TRUCK-4T', name: 'Ours', base: at.HUB })
      ).json()
      const before = await events()
      const refused = await post(
        `/api/assets/${ours.id}/status`,
        { status: 'tasked' },
        auLogistician,
      )
      expect(refused.statusCode).toBe(403)
      const forOthers = await post(
        '/api/assets',
        { type: 'TRUCK-4T', name: 'Not theirs', base: at.HUB, org: node.ctx.node.org },
        auLogistician,
      )
      expect(forOthers.statusCode).toBe(403)
      expect(await events()).toBe(before)
      const theirs = await post(
        '/api/assets',
        { type: 'C-130J-30', name: 'A97-464', base: at.KMQ },
        auLogistician,
      )
      expect(theirs.json().org).toBe(au)
      // The node's coordinators may record and update a partner's offer on its behalf.
      const onBehalf = await post('/api/assets', {
        type: 'LCAC',
        name: 'LCAC-2101',
        base: at.KNZ,
        org: au,
      })
      expect(onBehalf.json().org).toBe(au)
      expect(
        (await post(`/api/assets/${onBehalf.json().id}/status`, { status: 'tasked' })).statusCode,
      ).toBe(200)
      const viewer = { authorization: (await tokenHeaders(node.ctx, ['viewer'])).authorization }
      expect(
        (await post('/api/assets', { type: 'TRUCK-2T', name: 'V', base: at.HUB }, viewer))
          .statusCode,
      ).toBe(403)
      expect((await get('/api/assets', viewer)).json().total).toBe(3)
    })

    it('derives the network, finds the fastest route per kind, and reroutes when a leg is closed', async () => {
      const derived = await post('/api/routes/derive')
      expect(derived.statusCode).toBe(200)
      expect(derived.json()).toMatchObject({ places: 7, created: derived.json().derived })
      expect(derived.json().byMode).toMatchObject({ air: 1, sea: 1 })
      expect((await post('/api/routes/derive')).json()).toMatchObject({ created: 0 })

      const truck = (await fastest('truck')).json()
      expect(truck.steps.every((s: { mode: string }) => s.mode === 'road')).toBe(true)
      expect(truck.minutes).toBe(
        truck.steps.reduce((sum: number, s: { minutes: number }) => sum + s.minutes, 0),
      )
      const plane = (await fastest('fixed-wing')).json()
      expect(plane.steps.map((s: { mode: string }) => s.mode)).toContain('air')
      expect(plane.steps.filter((s: { mode: string }) => s.mode === 'air')).toEqual([
        expect.objectContaining({ fromCode: 'ICAO:RJNK', toCode: 'ICAO:RJNW' }),
      ])
      const ship = (await fastest('ship')).json()
      expect(ship.steps.map((s: { mode: string }) => s.mode)).toContain('sea')
      const helicopter = (await fastest('helicopter')).json()
      expect(helicopter.steps).toEqual([expect.objectContaining({ leg: null, mode: 'air' })])

      // Close each leg the truck takes into the shelter until none is left: each closure reroutes.
      const closedIds: string[] = []
      let route = truck
      for (let round = 0; round < 20; round++) {
        const last = route.steps.at(-1)
        const closing = await post(`/api/legs/${last.leg}/close`, { reason: `landslide ${round}` })
        expect(closing.json()).toMatchObject({
          status: 'closed',
          note: `landslide ${round}`,
          edited: true,
        })
        closedIds.push(last.leg)
        const again = await fastest('truck')
        if (again.statusCode !== 200) {
          expect(again.statusCode).toBe(422)
          expect(again.json().error).toMatchObject({
            code: 'no_route',
            details: { reason: 'closed_legs' },
          })
          expect(again.json().error.message).toContain('landslide')
          break
        }
        route = again.json()
        for (const step of route.steps) expect(closedIds).not.toContain(step.leg)
        expect(route.minutes).toBeGreaterThanOrEqual(truck.minutes)
      }
      expect(closedIds.length).toBeGreaterThan(1)
      const reopened = await post(`/api/legs/${closedIds[0]}/open`)
      expect(reopened.json()).toMatchObject({ status: 'open', note: null })
      expect((await fastest('truck')).statusCode).toBe(200)
      expect((await post('/api/routes/derive')).json().keptEdited).toBe(closedIds.length)
      const closedList = (await get('/api/legs?status=closed')).json()
      expect(closedList.total).toBe(closedIds.length - 1)
    })

    it('edits a leg with its version, names a damaged one on the route, and refuses a closure without a reason', async () => {
      await post('/api/routes/derive')
      const legs = (await get(`/api/legs?place=${at.SHELTER}&mode=road`)).json().legs
      expect(legs.length).toBeGreaterThan(0)
      const before = await events()
      const noReason = await post(`/api/legs/${legs[0].id}/close`)
      expect(noReason.statusCode).toBe(400)
      expect(noReason.json().error.message).toContain('reason')
      expect(await events()).toBe(before)
      for (const leg of legs) {
        const patched = await app.inject({
          method: 'PATCH',
          url: `/api/legs/${leg.id}`,
          headers,
          payload: {
            version: leg.version,
            status: 'damaged',
            reason: 'one lane',
            transitMinutes: 90,
          },
        })
        expect(patched.json()).toMatchObject({ status: 'damaged', transitMinutes: 90, version: 2 })
      }
      const stale = await app.inject({
        method: 'PATCH',
        url: `/api/legs/${legs[0].id}`,
        headers,
        payload: { version: 1, transitMinutes: 10 },
      })
      expect(stale.statusCode).toBe(409)
      const route = (await fastest('truck')).json()
      expect(route.warnings.join(' ')).toContain('damaged: one lane')
      expect(route.steps.at(-1).minutes).toBe(90)
    })

    it('answers bad route questions with the field named', async () => {
      await post('/api/routes/derive')
      const unknown = await fastest('truck', at.HUB, node.ctx.ids.newId())
      expect(unknown.statusCode).toBe(422)
      expect(unknown.json().error.message).toMatch(/^to: no place/)
      const noKind = await get(`/api/routes/fastest?from=${at.HUB}&to=${at.SHELTER}`)
      expect(noKind.statusCode).toBe(400)
      expect(noKind.json().error.message).toContain('kind')
      const badKind = await fastest('submarine')
      expect(badKind.statusCode).toBe(400)
      expect(badKind.json().error.message).toContain('kind')
      const same = await fastest('truck', at.HUB, at.HUB)
      expect(same.json().error).toMatchObject({
        code: 'no_route',
        details: { reason: 'same_place' },
      })
      // An asset gives its kind, speed and range: a slow truck takes longer on the same roads.
      const slow = (
        await post('/api/assets', {
          kind: 'truck',
          name: 'Slow',
          payloadKg: 1000,
          volumeM3: 5,
          speedKmh: 20,
          base: at.HUB,
        })
      ).json()
      const byAsset = (
        await get(`/api/routes/fastest?from=${at.HUB}&to=${at.SHELTER}&asset=${slow.id}`)
      ).json()
      const byKind = (await fastest('truck')).json()
      expect(byAsset).toMatchObject({ kind: 'truck', speedKmh: 20 })
      expect(byAsset.minutes).toBeGreaterThan(byKind.minutes)
      const mismatch = await get(
        `/api/routes/fastest?from=${at.HUB}&to=${at.SHELTER}&asset=${slow.id}&kind=ship`,
      )
      expect(mismatch.statusCode).toBe(400)
    })

    it('sorts legs on the server by distance and transit time both ways, paging without gaps or repeats', async () => {
      await post('/api/routes/derive')
      type Leg = { id: string; distanceKm: number; transitMinutes: number; mode: string }
      const legs = async (query: string) => {
        const reply = await get(`/api/legs?${query}`)
        expect(reply.statusCode).toBe(200)
        return reply.json() as { legs: Leg[]; total: number }
      }
      const all = await legs('sort=distanceKm&limit=1000')
      expect(all.total).toBeGreaterThan(3)
      const distances = all.legs.map((leg) => leg.distanceKm)
      expect(distances).toEqual([...distances].sort((a, b) => a - b))
      const longest = (await legs('sort=-distanceKm&limit=1')).legs[0]
      expect(longest?.distanceKm).toBe(Math.max(...distances))
      const slowest = await legs('sort=-transitMinutes&limit=1000')
      const times = slowest.legs.map((leg) => leg.transitMinutes)
      expect(times).toEqual([...times].sort((a, b) => b - a))
      const paged: string[] = []
      for (let offset = 0; offset < all.total; offset += 2)
        paged.push(
          ...(await legs(`sort=distanceKm&limit=2&offset=${offset}`)).legs.map((l) => l.id),
        )
      expect(paged).toEqual(all.legs.map((leg) => leg.id))
      const bad = await get('/api/legs?sort=-speed')
      expect(bad.statusCode).toBe(400)
      expect(bad.json().error.details[0].field).toBe('querystring.sort')
    })

    it("finds legs by the from or to place's name (either language) or code, folded, with paging and sort", async () => {
      await post('/api/routes/derive')
      type Leg = { id: string; from: string; to: string; distanceKm: number }
      const legs = async (query: string) => {
        const reply = await get(`/api/legs?${query}`)
        expect(reply.statusCode).toBe(200)
        return reply.json() as { legs: Leg[]; total: number }
      }
      const touches = (leg: Leg, place: string) => leg.from === place || leg.to === place
      const all = await legs('limit=1000')
      const atWajimaPort = all.legs.filter((leg) => touches(leg, at.WJM as string))
      expect(atWajimaPort.length).toBeGreaterThan(0)
      // By code, any case; by the English name typed full-width.
      for (const q of ['jpwjm', encodeURIComponent('ＷＪＭ')]) {
        const found = await legs(`q=${q}&limit=1000`)
        expect(found.total, q).toBe(atWajimaPort.length)
        expect(found.legs.every((leg) => touches(leg, at.WJM as string))).toBe(true)
      }
      const town = await legs(`q=${encodeURIComponent('輪島')}&sort=-distanceKm&limit=1000`)
      expect(town.total).toBe(all.legs.filter((leg) => touches(leg, at.TOWN as string)).length)
      const distances = town.legs.map((leg) => leg.distanceKm)
      expect(distances).toEqual([...distances].sort((a, b) => b - a))
      const page = await legs(`q=${encodeURIComponent('輪島')}&sort=-distanceKm&limit=1&offset=1`)
      expect(page.legs[0]?.id).toBe(town.legs[1]?.id)
      // A % or _ is a character to find, not a wildcard.
      expect((await legs('q=%25')).total).toBe(0)
      expect((await get(`/api/legs?q=${'x'.repeat(201)}`)).json().error.details[0].field).toBe(
        'querystring.q',
      )
    })

    it('lets every role read legs and routes, and only admins, planners and logisticians change them', async () => {
      await post('/api/routes/derive')
      const leg = (await get('/api/legs?limit=1')).json().legs[0]
      const viewer = { authorization: (await tokenHeaders(node.ctx, ['viewer'])).authorization }
      const planner = { authorization: (await tokenHeaders(node.ctx, ['planner'])).authorization }
      expect((await get(`/api/legs/${leg.id}`, viewer)).statusCode).toBe(200)
      expect((await post(`/api/legs/${leg.id}/close`, { reason: 'x' }, viewer)).statusCode).toBe(
        403,
      )
      expect((await post('/api/routes/derive', {}, viewer)).statusCode).toBe(403)
      expect(
        (await post(`/api/legs/${leg.id}/close`, { reason: 'flood' }, planner)).statusCode,
      ).toBe(200)
    })
  })
}
