/**
 * The planner bench's instances: Noto 2024 from the bundled data (plan-noto.ts), and a seeded
 * synthetic one — hubs, destinations and items at any size, each destination requesting some of
 * the items, transport short. The same seed and size always give the same snapshot.
 *
 * Synthetic, at its full size (issue 7): 50 hubs × 5,000 destinations × 100 items, 10 requested
 * per destination (50,000 lines). Places are scattered over a 4° × 3° box of Honshu (about
 * 360 × 330 km) with eight airports; legs derived as `kizuna route derive` does. Each hub holds 20
 * of the items (each item at about 10 hubs), 70 % of what is requested in all. Transport: at each
 * hub a fleet of two 10-tonne trucks and one 4-tonne truck; two helicopters at each of four
 * airports; two C-130s at one. Lines: a fifth life-saving, two fifths each life-sustaining and
 * other; needed-by 12 to 48 hours, or none; the plan looks 48 hours ahead.
 */
import type {
  AllocationSnapshot,
  RequestLine,
  SnapshotAsset,
  SnapshotItem,
  StockLot,
} from '../src/domain/allocation/snapshot.js'
import type { Priority } from '../src/domain/requests/request.js'
import { deriveLegs, type NetworkPlace } from '../src/domain/transport/route-network.js'

export { type NotoFacts, type NotoInstance, notoInstance } from './plan-noto.js'

export interface SyntheticSize {
  readonly hubs: number
  readonly destinations: number
  readonly items: number
  readonly itemsPerDestination: number
  readonly itemsPerHub: number
}

export const fullSyntheticSize: SyntheticSize = {
  hubs: 50,
  destinations: 5_000,
  items: 100,
  itemsPerDestination: 10,
  itemsPerHub: 20,
}

/** The same instance with fewer destinations, for the trend below the full size. */
export const scaledSynthetic = (destinations: number): SyntheticSize => ({
  ...fullSyntheticSize,
  destinations,
})

const START = '2024-01-02T00:00:00.000Z'
const HORIZON_HOURS = 48
const STOCK_SHARE = 0.7
const hours = (h: number) => new Date(Date.parse(START) + h * 3_600_000).toISOString()

/** mulberry32: a small, well-mixed 32-bit generator (as test/solver/instances.ts). */
function random(seed: number) {
  let a = seed >>> 0
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (low: number, high: number) => low + Math.floor(next() * (high - low + 1))
  /** `k` distinct indices below `n`, in the order drawn. */
  const sample = (n: number, k: number) => {
    const pool = Array.from({ length: n }, (_, i) => i)
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(next() * (n - i))
      ;[pool[i], pool[j]] = [pool[j]!, pool[i]!]
    }
    return pool.slice(0, k)
  }
  return { next, int, sample, pick: <T>(list: readonly T[]) => list[int(0, list.length - 1)]! }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0')

export function syntheticInstance(seed: number, size: SyntheticSize): AllocationSnapshot {
  const r = random(seed)
  const at = () => ({ lat: 34.5 + r.next() * 3, lon: 135 + r.next() * 4 })
  const places: NetworkPlace[] = []
  for (let h = 0; h < size.hubs; h++)
    places.push({ id: `HUB-${pad(h, 2)}`, code: `HUB:${pad(h, 2)}`, type: 'hub', ...at() })
  for (let a = 0; a < 8; a++)
    places.push({ id: `AIR-${a}`, code: `ICAO:RJX${a}`, type: 'airport', ...at() })
  for (let d = 0; d < size.destinations; d++)
    places.push({ id: `D-${pad(d, 4)}`, code: `GSI:D${pad(d, 4)}`, type: 'shelter', ...at() })
  const legs = deriveLegs(places).map((l, i) => ({
    id: `leg-${i}`,
    mode: l.mode,
    from: l.from.id,
    to: l.to.id,
    distanceKm: l.distanceKm,
    transitMinutes: l.transitMinutes,
    status: 'open' as const,
  }))

  const items: SnapshotItem[] = Array.from({ length: size.items }, (_, i) => ({
    id: `ITEM-${pad(i, 3)}`,
    unitWeightG: r.pick([100, 500, 1_000, 2_100, 5_000, 10_000, 25_000]),
    unitVolumeMl: r.pick([200, 1_000, 3_400, 10_000, 40_000, 100_000]),
  }))
  const tiers: Priority[] = ['life-saving', 'life-sustaining', 'life-sustaining', 'other', 'other']
  const lines: RequestLine[] = []
  const requested = items.map(() => 0)
  for (let d = 0; d < size.destinations; d++) {
    for (const i of r.sample(size.items, size.itemsPerDestination)) {
      const quantity = r.int(10, 500)
      requested[i]! += quantity
      lines.push({
        id: `D-${pad(d, 4)}/${items[i]!.id}`,
        request: `REQ-${pad(d, 4)}`,
        requester: `ORG-${d % 7}`,
        destination: `D-${pad(d, 4)}`,
        item: items[i]!.id,
        quantity,
        tier: r.pick(tiers),
        neededBy: r.next() < 0.25 ? null : hours(r.int(12, 48)),
      })
    }
  }

  const holders = items.map(() => [] as number[])
  for (let h = 0; h < size.hubs; h++)
    for (const i of r.sample(size.items, size.itemsPerHub)) holders[i]!.push(h)
  const lots: StockLot[] = []
  items.forEach((item, i) => {
    const hubs = holders[i]!
    const stock = Math.floor(requested[i]! * STOCK_SHARE)
    hubs.forEach((h, k) => {
      const share = Math.floor(stock / hubs.length) + (k < stock % hubs.length ? 1 : 0)
      if (share > 0)
        lots.push({
          id: `LOT-${pad(h, 2)}-${item.id}`,
          place: `HUB-${pad(h, 2)}`,
          item: item.id,
          owner: `OWNER-${h % 5}`,
          lot: 'L1',
          expiresOn: null,
          available: share,
        })
    })
  })

  const asset = (id: string, base: string, fields: Partial<SnapshotAsset>): SnapshotAsset => ({
    id,
    kind: 'truck',
    owner: 'OWNER-T',
    payloadKg: 10_000,
    volumeM3: 56,
    speedKmh: 60,
    rangeKm: null,
    base,
    availableFrom: null,
    availableUntil: null,
    status: 'available',
    ...fields,
  })
  const assets: SnapshotAsset[] = []
  for (let h = 0; h < size.hubs; h++) {
    const base = `HUB-${pad(h, 2)}`
    assets.push(asset(`TRUCK-${pad(h, 2)}-1`, base, {}), asset(`TRUCK-${pad(h, 2)}-2`, base, {}))
    assets.push(asset(`TRUCK-${pad(h, 2)}-3`, base, { payloadKg: 4_000, volumeM3: 28 }))
  }
  for (let a = 0; a < 4; a++)
    for (let k = 1; k <= 2; k++)
      assets.push(
        asset(`UH60-${a}-${k}`, `AIR-${a}`, {
          kind: 'helicopter',
          payloadKg: 4_082,
          volumeM3: 7,
          speedKmh: 278,
          rangeKm: 590,
        }),
      )
  for (let k = 1; k <= 2; k++)
    assets.push(
      asset(`C130-${k}`, 'AIR-0', {
        kind: 'fixed-wing',
        payloadKg: 19_958,
        volumeM3: 86,
        speedKmh: 644,
        rangeKm: 3_300,
      }),
    )

  return {
    start: START,
    horizonHours: HORIZON_HOURS,
    lots,
    lines,
    items,
    places: places.map(({ id, type, lat, lon }) => ({ id, type, lat, lon })),
    legs,
    assets,
    rules: [],
  }
}
