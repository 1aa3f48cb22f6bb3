/**
 * Seeded planning instances larger than hand-built ones: hubs, airports, a port and shelters around
 * the Noto peninsula, legs derived as the transport issue does (route-network.ts) with some closed or
 * damaged, several owners with allocation rules, expiring lots, needed-by times, trucks, helicopters,
 * an aircraft and a landing ship. The same seed always gives the same snapshot.
 */
import type { AllocationSnapshot, SnapshotItem } from '../../src/domain/allocation/snapshot.js'
import type { Priority } from '../../src/domain/requests/request.js'
import type { RoutingLeg } from '../../src/domain/transport/fastest-route.js'
import { deriveLegs, type NetworkPlace } from '../../src/domain/transport/route-network.js'
import { truck } from '../domain/allocation/fixtures.js'

/** mulberry32: a small, well-mixed 32-bit generator. */
export function random(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return {
    next,
    int: (low: number, high: number) => low + Math.floor(next() * (high - low + 1)),
    pick: <T>(list: readonly T[]) => list[Math.floor(next() * list.length)] as T,
  }
}

export interface InstanceSize {
  readonly hubs: number
  readonly shelters: number
  readonly items: number
  readonly linesPerShelter: number
  readonly trucks: number
  readonly horizonHours: number
}

/** Transport is short: some lines go unmet for want of sorties, so the tiers compete. */
export const midSize: InstanceSize = {
  hubs: 4,
  shelters: 30,
  items: 6,
  linesPerShelter: 3,
  trucks: 3,
  horizonHours: 16,
}

const START = '2024-01-02T00:00:00.000Z'
const hoursAfter = (hours: number) => new Date(Date.parse(START) + hours * 3_600_000).toISOString()
const ORGS = ['ORG-A', 'ORG-B', 'ORG-C']
const REQUESTERS = ['ORG-R', 'ORG-S', 'ORG-A']
const TIERS: Priority[] = ['life-saving', 'life-sustaining', 'other', 'other']

export function instance(seed: number, size: InstanceSize = midSize): AllocationSnapshot {
  const r = random(seed)
  const places: NetworkPlace[] = [
    { id: 'KMQ', code: 'ICAO:RJNK', type: 'airport', lat: 36.3946, lon: 136.4065 },
    { id: 'NTQ', code: 'ICAO:RJNW', type: 'airport', lat: 37.2931, lon: 136.9619 },
    { id: 'KNZ', code: 'LOCODE:JPKNZ', type: 'seaport', lat: 36.6136, lon: 136.6026 },
    { id: 'WJM', code: 'LOCODE:JPWJM', type: 'seaport', lat: 37.3957, lon: 136.8977 },
  ]
  for (let h = 0; h < size.hubs; h++)
    places.push({
      id: `HUB-${h}`,
      code: `HUB:H${h}`,
      type: 'hub',
      lat: 36.4 + r.next() * 0.4,
      lon: 136.4 + r.next() * 0.4,
    })
  for (let s = 0; s < size.shelters; s++)
    places.push({
      id: `SH-${String(s).padStart(3, '0')}`,
      code: `GSI:S${s}`,
      type: 'shelter',
      lat: 36.9 + r.next() * 0.55,
      lon: 136.7 + r.next() * 0.6,
    })
  const legs: RoutingLeg[] = deriveLegs(places).map((l, i) => ({
    id: `leg-${i}`,
    mode: l.mode,
    from: l.from.id,
    to: l.to.id,
    distanceKm: l.distanceKm,
    transitMinutes: l.transitMinutes,
    // Roads into the north are cut or damaged, as in January 2024.
    status:
      l.mode === 'road' && Math.max(l.from.lat, l.to.lat) > 37.2 && r.next() < 0.3
        ? r.next() < 0.5
          ? 'closed'
          : 'damaged'
        : 'open',
  }))
  const items: SnapshotItem[] = Array.from({ length: size.items }, (_, i) => ({
    id: `ITEM-${i}`,
    unitWeightG: r.pick([500, 1_000, 2_000, 10_000, 25_000, 50_000]),
    unitVolumeMl: r.pick([500, 1_000, 5_000, 20_000, 100_000]),
  }))
  const hubs = places.filter((p) => p.type === 'hub')
  const lots = hubs.flatMap((hub, h) =>
    items
      .filter(() => r.next() < 0.7)
      .map((item, i) => ({
        id: `LOT-${h}-${i}`,
        place: hub.id,
        item: item.id,
        owner: r.pick(ORGS),
        lot: `L${h}${i}`,
        expiresOn: r.next() < 0.2 ? r.pick(['2024-01-02', '2024-01-03', '2024-01-04']) : null,
        available: r.int(50, 1500),
      })),
  )
  const lines = places
    .filter((p) => p.type === 'shelter')
    .flatMap((shelter, s) =>
      Array.from({ length: size.linesPerShelter }, (_, k) => ({
        id: `LINE-${String(s).padStart(3, '0')}-${k}`,
        request: `REQ-${s}`,
        requester: REQUESTERS[s % REQUESTERS.length]!,
        destination: shelter.id,
        item: items[(s + k * 2) % items.length]!.id,
        quantity: r.int(10, 400),
        tier: r.pick(TIERS),
        neededBy: r.next() < 0.5 ? hoursAfter(r.int(3, 40)) : null,
      })),
    )
  const assets = [
    ...Array.from({ length: size.trucks }, (_, t) =>
      truck(`TRUCK-${t}`, hubs[t % hubs.length]!.id, {
        payloadKg: r.pick([2_000, 4_000, 10_000]),
        volumeM3: r.pick([10, 20, 40]),
        availableFrom: t % 3 === 2 ? hoursAfter(6) : null,
      }),
    ),
    truck('UH60-1', hubs[0]!.id, {
      kind: 'helicopter',
      speedKmh: 280,
      rangeKm: 590,
      payloadKg: 3_600,
      volumeM3: 10,
    }),
    truck('CH47-1', 'KMQ', {
      kind: 'helicopter',
      speedKmh: 260,
      rangeKm: 400,
      payloadKg: 10_000,
      volumeM3: 40,
    }),
    truck('C130-1', 'KMQ', {
      kind: 'fixed-wing',
      speedKmh: 540,
      payloadKg: 19_000,
      volumeM3: 120,
      availableUntil: hoursAfter(30),
    }),
    truck('LCAC-1', 'KNZ', {
      kind: 'ship',
      speedKmh: 74,
      rangeKm: 370,
      payloadKg: 60_000,
      volumeM3: 300,
    }),
  ]
  return {
    start: START,
    horizonHours: size.horizonHours,
    lots,
    lines,
    items,
    places: places.map(({ id, type, lat, lon }) => ({ id, type, lat, lon })),
    legs,
    assets,
    rules: [
      { id: 'rule-b', org: 'ORG-B', item: null, place: null, allowed: ['ORG-R'], note: null },
      { id: 'rule-c', org: 'ORG-C', item: items[0]!.id, place: null, allowed: 'none', note: null },
    ],
  }
}
