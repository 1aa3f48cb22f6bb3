import { fc, test as fcTest } from '@fast-check/vitest'
import { describe, expect, it } from 'vitest'
import type { AssetKind } from '../../../src/domain/transport/asset.js'
import {
  defaultMover,
  fastestRoute,
  type RoutingLeg,
  type RoutingPlace,
} from '../../../src/domain/transport/fastest-route.js'
import type { LegMode, LegStatus } from '../../../src/domain/transport/leg.js'

const place = (id: string, type: string, lat = 36.5, lon = 136.6): RoutingPlace => ({
  id,
  type,
  lat,
  lon,
})
const leg = (
  id: string,
  mode: LegMode,
  from: string,
  to: string,
  transitMinutes: number,
  status: LegStatus = 'open',
): RoutingLeg => ({ id, mode, from, to, distanceKm: transitMinutes, transitMinutes, status })

/* A small Noto network: a hub by Komatsu airport, Noto airport, Wajima's port and a shelter. */
const places = new Map(
  [
    place('HUB', 'hub', 36.39, 136.41),
    place('KMQ', 'airport', 36.39, 136.41),
    place('NTQ', 'airport', 37.29, 136.96),
    place('HELI', 'heliport', 36.9, 136.8),
    place('KNZ', 'seaport', 36.61, 136.6),
    place('WJM', 'seaport', 37.4, 136.9),
    place('TOWN', 'municipality', 37.39, 136.9),
    place('SHELTER', 'shelter', 37.38, 136.91),
  ].map((p) => [p.id, p]),
)
const network: RoutingLeg[] = [
  leg('hub-kmq', 'road', 'HUB', 'KMQ', 5),
  leg('hub-knz', 'road', 'HUB', 'KNZ', 40),
  leg('hub-town-1', 'road', 'HUB', 'TOWN', 200),
  leg('hub-town-2', 'road', 'HUB', 'TOWN', 260),
  leg('town-shelter', 'road', 'TOWN', 'SHELTER', 4),
  leg('ntq-town', 'road', 'NTQ', 'TOWN', 30),
  leg('wjm-town', 'road', 'WJM', 'TOWN', 3),
  leg('kmq-ntq', 'air', 'KMQ', 'NTQ', 14),
  leg('kmq-heli', 'air', 'KMQ', 'HELI', 8),
  leg('heli-ntq', 'air', 'HELI', 'NTQ', 6),
  leg('knz-wjm', 'sea', 'KNZ', 'WJM', 300),
]
const route = (kind: AssetKind, legs = network, from = 'HUB', to = 'SHELTER') =>
  fastestRoute({ from, to, mover: defaultMover(kind), legs, places })
const close = (id: string, legs = network) =>
  legs.map((l) => (l.id === id ? { ...l, status: 'closed' as const } : l))

describe('fastest route on a small network', () => {
  it('takes the quicker road, and another when that road is closed', () => {
    const open = route('truck')
    expect(open.ok && open.route.steps.map((s) => s.leg)).toEqual(['hub-town-1', 'town-shelter'])
    expect(open.ok && open.route.minutes).toBe(204)
    const rerouted = route('truck', close('hub-town-1'))
    expect(rerouted.ok && rerouted.route.steps.map((s) => s.leg)).toEqual([
      'hub-town-2',
      'town-shelter',
    ])
  })

  it('says which closed legs stand in the way when closing leaves no route', () => {
    const answer = route('truck', close('town-shelter'))
    expect(answer).toEqual({ ok: false, reason: 'closed_legs', closedLegs: ['town-shelter'] })
  })

  it('flies a fixed-wing between airports only, with road at the two ends', () => {
    const answer = route('fixed-wing')
    expect(answer.ok && answer.route.steps.map((s) => [s.leg, s.mode])).toEqual([
      ['hub-kmq', 'road'],
      ['kmq-ntq', 'air'],
      ['ntq-town', 'road'],
      ['town-shelter', 'road'],
    ])
    // Not through the heliport, even when the direct flight is closed.
    const closed = route('fixed-wing', close('kmq-ntq'))
    expect(closed).toMatchObject({ ok: false, reason: 'closed_legs', closedLegs: ['kmq-ntq'] })
  })

  it('never goes by road between two flights or by road alone', () => {
    const legs = [...network, leg('ntq-knz', 'road', 'NTQ', 'KNZ', 1)]
    // HUB → KNZ by road alone is not a fixed-wing route; a flight must come first.
    const answer = route('fixed-wing', legs, 'HUB', 'KNZ')
    expect(answer.ok && answer.route.steps.map((s) => s.mode)).toEqual(['road', 'air', 'road'])
  })

  it('sails between seaports with road at the ends', () => {
    const answer = route('ship')
    expect(answer.ok && answer.route.steps.map((s) => s.leg)).toEqual([
      'hub-knz',
      'knz-wjm',
      'wjm-town',
      'town-shelter',
    ])
    expect(answer.ok && answer.route.minutes).toBe(40 + 300 + 3 + 4)
  })

  it('scales air and sea times to the craft and keeps road times', () => {
    const slow = fastestRoute({
      from: 'HUB',
      to: 'SHELTER',
      mover: { kind: 'fixed-wing', speedKmh: 250, rangeKm: null },
      legs: network,
      places,
    })
    // 14 minutes at the 500 km/h reference are 28 at 250 km/h.
    expect(slow.ok && slow.route.steps.map((s) => s.minutes)).toEqual([5, 28, 30, 4])
  })

  it('flies a helicopter directly when within range, and around a closed leg only by another stop', () => {
    const direct = route('helicopter')
    expect(direct.ok && direct.route.steps).toHaveLength(1)
    expect(direct.ok && direct.route.steps[0]).toMatchObject({ leg: null, mode: 'air' })
    // A hop of 120 km with a 100 km range: refuel at an airfield on the way.
    const short = fastestRoute({
      from: 'HUB',
      to: 'SHELTER',
      mover: { kind: 'helicopter', speedKmh: 220, rangeKm: 100 },
      legs: network,
      places,
    })
    expect(short.ok && short.route.steps.length).toBeGreaterThan(1)
    expect(short.ok && short.route.steps.every((s) => s.distanceKm <= 100)).toBe(true)
    const tiny = fastestRoute({
      from: 'HUB',
      to: 'SHELTER',
      mover: { kind: 'helicopter', speedKmh: 220, rangeKm: 10 },
      legs: network,
      places,
    })
    expect(tiny).toEqual({ ok: false, reason: 'out_of_range', closedLegs: [] })
  })

  it('does not fly a helicopter around a closed air leg by a direct flight', () => {
    const legs = close('kmq-ntq')
    const answer = fastestRoute({
      from: 'KMQ',
      to: 'NTQ',
      mover: defaultMover('helicopter'),
      legs,
      places,
    })
    expect(answer.ok && answer.route.steps.map((s) => s.leg)).not.toContain('kmq-ntq')
    expect(answer.ok && answer.route.steps.some((s) => s.from === 'KMQ' && s.to === 'NTQ')).toBe(
      false,
    )
  })

  it('names a damaged leg on the route, and answers unknown and same places', () => {
    const damaged = network.map((l) =>
      l.id === 'town-shelter' ? { ...l, status: 'damaged' as const, note: 'one lane' } : l,
    )
    const answer = route('truck', damaged)
    expect(answer.ok && answer.route.steps.at(-1)).toMatchObject({
      status: 'damaged',
      note: 'one lane',
    })
    expect(route('truck', network, 'HUB', 'NOWHERE')).toMatchObject({ reason: 'unknown_place' })
    expect(route('truck', network, 'HUB', 'HUB')).toMatchObject({ reason: 'same_place' })
    expect(route('ship', network, 'HELI', 'SHELTER')).toMatchObject({ reason: 'not_connected' })
  })
})

/* Properties on small random graphs, against brute force over every walk. */

const kinds = ['truck', 'fixed-wing', 'ship'] as const
const mainOf = { truck: 'road', 'fixed-wing': 'air', ship: 'sea' } as const

const graphArbitrary = fc
  .record({
    types: fc.array(fc.constantFrom('airport', 'seaport', 'shelter', 'heliport'), {
      minLength: 2,
      maxLength: 5,
    }),
    legs: fc.array(
      fc.record({
        a: fc.nat(4),
        b: fc.nat(4),
        mode: fc.constantFrom<LegMode>('air', 'sea', 'road'),
        minutes: fc.integer({ min: 1, max: 50 }),
        status: fc.constantFrom<LegStatus>('open', 'open', 'damaged', 'closed'),
      }),
      { maxLength: 8 },
    ),
    kind: fc.constantFrom(...kinds),
  })
  .map(({ types, legs, kind }) => {
    const n = types.length
    const placeMap = new Map(types.map((type, i) => [`P${i}`, place(`P${i}`, type)]))
    const routing = legs
      .map((l, i) => ({ ...l, a: l.a % n, b: l.b % n, i }))
      .filter((l) => l.a !== l.b)
      .map((l) => leg(`L${l.i}`, l.mode, `P${l.a}`, `P${l.b}`, l.minutes, l.status))
    return { places: placeMap, legs: routing, kind, n }
  })

/** The least minutes over every walk from P0 to P1 of at most `3n` legs that the kind may take. */
function bruteForce(
  places: Map<string, RoutingPlace>,
  legs: RoutingLeg[],
  kind: (typeof kinds)[number],
  n: number,
): number | null {
  const main = mainOf[kind]
  const usable = (l: RoutingLeg) =>
    l.status !== 'closed' &&
    (l.mode === main
      ? kind !== 'fixed-wing' ||
        (places.get(l.from)?.type === 'airport' && places.get(l.to)?.type === 'airport')
      : kind !== 'truck' && l.mode === 'road')
  const pattern = kind === 'truck' ? /^M+$/ : /^A*M+A*$/
  let best: number | null = null
  const walk = (at: string, minutes: number, modes: string, depth: number) => {
    if (best !== null && minutes >= best) return
    if (at === 'P1' && pattern.test(modes)) best = minutes
    if (depth === 3 * n) return
    for (const l of legs) {
      if (!usable(l)) continue
      const next = l.from === at ? l.to : l.to === at ? l.from : null
      if (next === null) continue
      walk(next, minutes + l.transitMinutes, modes + (l.mode === main ? 'M' : 'A'), depth + 1)
    }
  }
  walk('P0', 0, '', 0)
  return best
}

describe('fastest route: properties', () => {
  fcTest.prop([graphArbitrary], { numRuns: 400 })(
    'never uses a closed leg, takes as long as its legs, and no walk is faster',
    ({ places, legs, kind, n }) => {
      const answer = fastestRoute({ from: 'P0', to: 'P1', mover: defaultMover(kind), legs, places })
      const oracle = bruteForce(places, legs, kind, n)
      if (!answer.ok) {
        expect(oracle).toBeNull()
        return
      }
      const byId = new Map(legs.map((l) => [l.id, l]))
      for (const step of answer.route.steps)
        expect(byId.get(step.leg ?? '')?.status).not.toBe('closed')
      expect(answer.route.minutes).toBe(answer.route.steps.reduce((sum, s) => sum + s.minutes, 0))
      expect(answer.route.steps[0]?.from).toBe('P0')
      expect(answer.route.steps.at(-1)?.to).toBe('P1')
      answer.route.steps.forEach((step, i) => {
        if (i > 0) expect(step.from).toBe(answer.route.steps[i - 1]?.to)
      })
      expect(answer.route.minutes).toBe(oracle)
    },
  )

  fcTest.prop([graphArbitrary, fc.nat()], { numRuns: 300 })(
    'closing a leg of the route gives a route at least as long that avoids it, or none',
    ({ places, legs, kind }, pick) => {
      const first = fastestRoute({ from: 'P0', to: 'P1', mover: defaultMover(kind), legs, places })
      if (!first.ok) return
      const target = first.route.steps[pick % first.route.steps.length]?.leg
      const closed = legs.map((l) => (l.id === target ? { ...l, status: 'closed' as const } : l))
      const again = fastestRoute({
        from: 'P0',
        to: 'P1',
        mover: defaultMover(kind),
        legs: closed,
        places,
      })
      if (again.ok) {
        expect(again.route.steps.map((s) => s.leg)).not.toContain(target)
        expect(again.route.minutes).toBeGreaterThanOrEqual(first.route.minutes)
      } else expect(again.reason).toBe('closed_legs')
    },
  )
})
