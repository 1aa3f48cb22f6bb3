/**
 * The route finder gives, for every pair, exactly the route fastestRoute gives — ties included — on a
 * derived network with closed and damaged legs, and on random small networks where equal times are
 * common.
 */
import { fc, test as fcTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import { type AssetKind, assetKinds } from '../../../src/domain/transport/asset.js'
import {
  defaultMover,
  fastestRoute,
  type Mover,
  type RoutingLeg,
  type RoutingPlace,
} from '../../../src/domain/transport/fastest-route.js'
import { routeFinder } from '../../../src/domain/transport/route-finder.js'
import { instance } from '../../solver/instances.js'

const movers: Mover[] = [
  ...assetKinds.map((kind) => defaultMover(kind)),
  { kind: 'truck', speedKmh: 30, rangeKm: null },
  { kind: 'helicopter', speedKmh: 296, rangeKm: 60 },
  { kind: 'ship', speedKmh: 74, rangeKm: 370 },
]

function sameRoutes(
  mover: Mover,
  legs: readonly RoutingLeg[],
  places: ReadonlyMap<string, RoutingPlace>,
  ends: readonly string[],
) {
  const find = routeFinder({ mover, legs, places })
  let found = 0
  for (const from of ends)
    for (const to of ends) {
      const answer = fastestRoute({ from, to, mover, legs, places })
      const route = find(from, to)
      expect(route).toEqual(answer.ok ? answer.route : null)
      if (route) found++
    }
  return found
}

describe('route finder', () => {
  it('finds the very routes fastestRoute finds on a derived network with closures', () => {
    const snapshot = instance(3, {
      hubs: 4,
      shelters: 40,
      items: 1,
      linesPerShelter: 1,
      trucks: 1,
      horizonHours: 24,
    })
    const places = new Map(snapshot.places.map((p) => [p.id, p]))
    const ends = [...places.keys(), 'NOWHERE']
    expect(snapshot.legs.some((l) => l.status === 'closed')).toBe(true)
    const found = movers.map((mover) => sameRoutes(mover, snapshot.legs, places, ends))
    // Every kind finds routes (so the comparison is not between two nulls).
    expect(found.every((n) => n > 0)).toBe(true)
  })

  const ids = ['A', 'B', 'C', 'D', 'E', 'F']
  const types = ['hub', 'airport', 'seaport', 'shelter', 'heliport', 'airport']
  const places = new Map(
    ids.map((id, i) => [
      id,
      { id, type: types[i]!, lat: 36.5 + i * 0.1, lon: 136.6 + (i % 2) * 0.1 },
    ]),
  )
  const legArbitrary = fc.record({
    from: fc.constantFrom(...ids),
    to: fc.constantFrom(...ids),
    mode: fc.constantFrom('road', 'road', 'air', 'sea'),
    minutes: fc.integer({ min: 1, max: 4 }),
    status: fc.constantFrom('open', 'open', 'damaged', 'closed'),
  })

  fcTest.prop([
    fc.array(legArbitrary, { maxLength: 14 }),
    fc.constantFrom<AssetKind>(...assetKinds),
  ])('agrees with fastestRoute on random small networks, ties included', (drawn, kind) => {
    const legs: RoutingLeg[] = drawn
      .filter((l) => l.from !== l.to)
      .map((l, i) => ({
        id: `L${i}`,
        mode: l.mode,
        from: l.from,
        to: l.to,
        distanceKm: l.minutes * 10,
        transitMinutes: l.minutes,
        status: l.status,
      }))
    sameRoutes(defaultMover(kind), legs, places, ids)
  })
})
