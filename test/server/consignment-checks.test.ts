/**
 * What creating a consignment checks of its route and asset, through the API on both databases: a
 * route through a closed leg, a gap or a loop (422 no_route); an asset whose kind cannot use a leg's
 * mode, out of range, in maintenance or outside its availability window (422 asset_unsuitable) — each
 * naming the leg, the asset or the window, and nothing reserved or written.
 */
import { v7 as uuidv7 } from 'uuid'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { assetTypesFromFile, createAsset, setAssetStatus } from '../../src/app/assets.js'
import { createItem } from '../../src/app/items.js'
import { createPlace } from '../../src/app/places.js'
import type { Leg } from '../../src/domain/transport/leg.js'
import { buildApp } from '../../src/server/build-app.js'
import { bundledAssetTypesPath } from '../../src/server/routes/transport.js'
import { tokenHeaders } from '../support/callers.js'
import { itemDraft, placeDraft } from '../support/fixtures.js'
import { insertLegs } from '../support/legs.js'
import { dialects, openTestNode, type TestNode } from '../support/stores.js'

for (const dialect of dialects) {
  describe.skipIf(dialect.skip)(`consignment create checks on ${dialect.name}`, () => {
    let node: TestNode
    let app: Awaited<ReturnType<typeof buildApp>>
    let headers: { authorization: string }
    const at: Record<string, string> = {}
    let water: string
    /** hub–mid by road, mid–shelter by road, hub–shelter by air (a 300 km hop), mid–far closed. */
    let road1: Leg
    let road2: Leg
    let air: Leg
    let closed: Leg
    const actor = () => ({ kind: 'cli' as const, id: 'test', org: node.ctx.node.org })

    beforeEach(async () => {
      node = await openTestNode(dialect.name)
      app = await buildApp({ ctx: node.ctx })
      headers = { authorization: (await tokenHeaders(node.ctx, ['logistician'])).authorization }
      for (const [key, lat] of [
        ['hub', 36.5],
        ['mid', 36.9],
        ['shelter', 37.3],
        ['far', 37.5],
      ] as const)
        at[key] = (
          await createPlace(node.ctx, actor(), placeDraft({ code: `HUB:${key}`, lat }))
        ).place.id
      water = (await createItem(node.ctx, actor(), itemDraft())).item.id
      ;[road1, road2, air, closed] = (await insertLegs(node, [
        { from: at.hub as string, to: at.mid as string },
        { from: at.mid as string, to: at.shelter as string },
        { from: at.hub as string, to: at.shelter as string, mode: 'air', distanceKm: 300 },
        { from: at.mid as string, to: at.far as string, status: 'closed' },
      ])) as [Leg, Leg, Leg, Leg]
      const received = await post('/api/stock/receive', {
        id: uuidv7(),
        place: at.hub,
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
    const events = async () => (await node.store.readEvents(0, 1e6)).length
    const create = (route: Leg[], asset?: string, destination = at.shelter) =>
      post('/api/consignments', {
        origin: at.hub,
        destination,
        route: route.map((leg) => leg.id),
        ...(asset ? { asset } : {}),
        lines: [{ item: water, owner: node.ctx.node.org, quantity: 10 }],
      })
    const asset = async (type: string, window: object = {}) =>
      (
        await createAsset(
          node.ctx,
          actor(),
          { type, name: `${type} 1`, base: at.hub as string, ...window },
          await assetTypesFromFile(bundledAssetTypesPath)(),
        )
      ).asset
    /** Refused with this status, code and message, and nothing written. */
    const refused = async (
      attempt: Promise<Awaited<ReturnType<typeof post>>>,
      code: string,
      message: string,
    ) => {
      const before = await events()
      const response = await attempt
      expect(response.json().error).toMatchObject({ code, message })
      expect(response.statusCode).toBe(422)
      expect(await events()).toBe(before)
    }

    it('refuses a route through a closed leg, with a gap, or looping back, naming the leg', async () => {
      await refused(
        create([road1, closed], undefined, at.far),
        'no_route',
        `route[1]: leg ${closed.id} is closed; choose another route`,
      )
      await refused(
        create([road2]),
        'no_route',
        `route[0]: leg ${road2.id} does not start where the route is`,
      )
      await refused(
        create([road1, road1, road1, road2]),
        'no_route',
        `route[1]: leg ${road1.id} comes back to a place the route has already passed`,
      )
      await refused(
        create([road1]),
        'no_route',
        'route[0]: the route does not end at the destination',
      )
      expect((await create([road1, road2])).statusCode).toBe(201)
    })

    it('refuses an asset whose kind cannot use a leg, or whose range is too short, naming both', async () => {
      const truck = await asset('TRUCK-4T')
      await refused(
        create([air], truck.id),
        'asset_unsuitable',
        `route[0]: leg ${air.id} is by air, which asset "TRUCK-4T 1" (a truck) cannot use; it uses road`,
      )
      const helicopter = await asset('UH-60M')
      await refused(
        create([road1, road2], helicopter.id),
        'asset_unsuitable',
        `route[0]: leg ${road1.id} is by road, which asset "UH-60M 1" (a helicopter) cannot use; it uses air`,
      )
      const lcac = await asset('LCAC')
      await refused(
        create([air], lcac.id),
        'asset_unsuitable',
        `route[0]: leg ${air.id} is by air, which asset "LCAC 1" (a ship) cannot use; it uses sea and road`,
      )
      const small = (
        await createAsset(
          node.ctx,
          actor(),
          {
            kind: 'helicopter',
            name: 'Doctor heli',
            payloadKg: 600,
            volumeM3: 4,
            speedKmh: 220,
            rangeKm: 250,
            base: at.hub as string,
          },
          [],
        )
      ).asset
      await refused(
        create([air], small.id),
        'asset_unsuitable',
        `route[0]: leg ${air.id} is 300 km, beyond the 250 km range of asset "Doctor heli"`,
      )
      expect((await create([air], helicopter.id)).statusCode).toBe(201)
      expect((await create([road1, road2], truck.id)).statusCode).toBe(201)
    })

    it('refuses an asset in maintenance or outside its availability window, naming the window', async () => {
      const truck = await asset('TRUCK-4T')
      await setAssetStatus(node.ctx, actor(), truck.id, {
        status: 'maintenance',
        note: 'brakes',
      })
      await refused(
        create([road1, road2], truck.id),
        'asset_unsuitable',
        'asset: asset "TRUCK-4T 1" is in maintenance; only an asset that is available or tasked may carry a consignment',
      )
      // The test clock reads 2026-01-02T03:04:05Z.
      const later = await asset('TRUCK-2T', {
        availableFrom: '2026-01-03T00:00:00Z',
        availableUntil: '2026-01-10T00:00:00Z',
      })
      await refused(
        create([], later.id),
        'asset_unsuitable',
        'asset: asset "TRUCK-2T 1" is offered from 2026-01-03T00:00:00.000Z until 2026-01-10T00:00:00.000Z; now (2026-01-02T03:04:05.000Z) is outside that window',
      )
      node.clock.set('2026-01-03T00:00:00.000Z')
      expect((await create([], later.id)).statusCode).toBe(201)
    })
  })
}
