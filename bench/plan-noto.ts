/**
 * The Noto 2024 planning instance, from the bundled real data only (data/): every place Kizuna ships
 * (2,746), the route network derived from them as `kizuna route derive` does (deriveLegs), the
 * 2024-02-01 14:00 evacuee figures of the nine Noto municipalities spread over their designated
 * shelters, 3 days of Sphere needs per shelter from the needs estimator and data/standards.csv, stock
 * at five hubs short of the total, and assets from data/asset-types.csv with too few sorties for
 * everything in 48 hours.
 *
 * January 2024 on the ground (the roads into Wajima and Suzu, Wajima port, Noto airport): see
 * plan-noto-roads.ts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readAssetTypesCsv } from '../src/app/assets.js'
import { readStandardsCsv } from '../src/app/needs.js'
import type {
  AllocationSnapshot,
  RequestLine,
  SnapshotAsset,
  StockLot,
} from '../src/domain/allocation/snapshot.js'
import { estimateNeeds, type NeedLine } from '../src/domain/needs/estimate.js'
import { bundledNeedMapping } from '../src/domain/needs/standards.js'
import type { Priority } from '../src/domain/requests/request.js'
import type { RoutingLeg } from '../src/domain/transport/fastest-route.js'
import { readItemsCsv } from '../src/interop/catalog/read-items.js'
import { type PlaceRow, readPlacesCsv } from '../src/interop/places/read-places.js'
import { notoLegs } from './plan-noto-roads.js'

export { DAMAGED_SLOWDOWN } from './plan-noto-roads.js'

/** The Noto region (能登地域): four cities and five towns, by local-government code. */
export const notoMunicipalities = [
  '172022', // Nanao 七尾市
  '172049', // Wajima 輪島市
  '172057', // Suzu 珠洲市
  '172073', // Hakui 羽咋市
  '173843', // Shika 志賀町
  '173860', // Hodatsushimizu 宝達志水町
  '174076', // Nakanoto 中能登町
  '174611', // Anamizu 穴水町
  '174637', // Noto 能登町
] as const
/** Evacuee figures as of 2024-02-01 14:00 JST; the plan starts then and looks 48 hours ahead. */
export const NOTO_START = '2024-02-01T05:00:00.000Z'
export const NOTO_HORIZON_HOURS = 48
export const NOTO_DAYS = 3
/** Every item's stock is this share of the whole need: 30 % short. */
export const NOTO_STOCK_SHARE = 0.7

const hours = (h: number) => new Date(Date.parse(NOTO_START) + h * 3_600_000).toISOString()

/**
 * How each need becomes request lines: drinking water first (it is part of the water line, so the
 * rest of the water is a line of its own), then food, toilets, tents and soap.
 */
const needTiers: Record<string, { tier: Priority; neededByHours: number | null }> = {
  'drinking-water': { tier: 'life-saving', neededByHours: 12 },
  water: { tier: 'life-sustaining', neededByHours: 24 },
  food: { tier: 'life-sustaining', neededByHours: 24 },
  toilets: { tier: 'life-sustaining', neededByHours: 36 },
  'covered-area': { tier: 'other', neededByHours: 48 },
  soap: { tier: 'other', neededByHours: null },
}

/** Where the stock is, and each hub's share of every item's stock (a column sums to 1). */
export const notoHubs = [
  { place: 'ICAO:RJNK', owner: 'JSDF', name: 'Komatsu Air Base' },
  { place: 'LOCODE:JPKNZ', owner: 'MLIT', name: 'Kanazawa port' },
  { place: 'LG:172014', owner: 'ISHIKAWA', name: 'Kanazawa (prefectural stockpile)' },
  { place: 'ICAO:RJNT', owner: 'TOYAMA', name: 'Toyama Airport' },
  { place: 'LOCODE:JPNNO', owner: 'ISHIKAWA', name: 'Nanao port' },
] as const
const hubShares: Record<string, readonly number[]> = {
  'KZ-WASH-001': [0.3, 0.4, 0, 0.2, 0.1],
  'KZ-FOOD-001': [0.4, 0, 0.3, 0.3, 0],
  'KZ-WASH-018': [0, 0, 1, 0, 0],
  'KZ-SHEL-001': [0.5, 0.5, 0, 0, 0],
  'KZ-NFI-013': [0, 0, 0.6, 0, 0.4],
}

/** [type, count, base, owner, available from (hours after the start)] */
const fleet: readonly [string, number, string, string, number][] = [
  ['TRUCK-10T', 8, 'LOCODE:JPKNZ', 'MLIT', 0],
  ['TRUCK-4T', 8, 'LG:172014', 'ISHIKAWA', 0],
  ['TRUCK-4T', 4, 'ICAO:RJNK', 'JSDF', 0],
  ['TRUCK-10T', 4, 'ICAO:RJNT', 'TOYAMA', 6],
  ['TRUCK-2T', 6, 'LOCODE:JPNNO', 'ISHIKAWA', 0],
  ['UH-60M', 4, 'ICAO:RJNK', 'JSDF', 0],
  ['CH-47F', 2, 'ICAO:RJNK', 'JSDF', 0],
  ['C-130J-30', 1, 'ICAO:RJNK', 'JSDF', 0],
]

export interface NotoFacts {
  readonly municipalities: readonly {
    readonly code: string
    readonly name: string
    readonly evacuees: number
    readonly shelters: number
    readonly sheltersWithEvacuees: number
    readonly spread: 'by capacity' | 'evenly'
  }[]
  readonly places: number
  readonly legs: number
  readonly closedLegs: readonly RoutingLeg[]
  readonly damagedLegs: readonly RoutingLeg[]
  /** Per item: units needed over all lines, and units in stock. */
  readonly items: readonly {
    readonly item: string
    readonly need: number
    readonly stock: number
  }[]
}

export interface NotoInstance {
  readonly snapshot: AllocationSnapshot
  readonly facts: NotoFacts
}

const read = (dir: string, file: string) => readFileSync(join(dir, file))

/** Whole people per shelter: by weight, largest remainder, so the shelters add up to the figure. */
export function spread(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0)
  const exact = weights.map((w) => (total * w) / sum)
  const whole = exact.map(Math.floor)
  let left = total - whole.reduce((a, b) => a + b, 0)
  const order = exact
    .map((_, i) => i)
    .sort((a, b) => exact[b]! - whole[b]! - (exact[a]! - whole[a]!) || a - b)
  for (const i of order) {
    if (left <= 0) break
    whole[i]! += 1
    left--
  }
  return whole
}

function evacueesOf(municipality: PlaceRow): number {
  const noto = municipality.attributes.noto2024 as
    | { evacuees_in_municipal_shelters?: { value?: number } }
    | undefined
  return noto?.evacuees_in_municipal_shelters?.value ?? 0
}

/** Shelters' weights: capacity where the municipality gives any (others the median), else 1 each. */
function weightsOf(shelters: readonly PlaceRow[]): { weights: number[]; byCapacity: boolean } {
  const known = shelters.map((s) => s.capacity).filter((c): c is number => c !== null && c > 0)
  if (known.length === 0) return { weights: shelters.map(() => 1), byCapacity: false }
  const sorted = [...known].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  // Capacity 0: no indoor space (a park or a ground); nobody stays there.
  return {
    weights: shelters.map((s) => (s.capacity === null ? median : s.capacity)),
    byCapacity: true,
  }
}

export function notoInstance(dataDir: string): NotoInstance {
  const places = [
    'airports.csv',
    'seaports.csv',
    'shelters.csv',
    'evacuation-sites.csv',
    'municipalities.csv',
  ].flatMap((file) => readPlacesCsv(file, read(join(dataDir, 'places'), file)))
  const items = new Map(
    readItemsCsv('items.csv', read(dataDir, 'items.csv')).map((i) => [i.code, i]),
  )
  const standards = readStandardsCsv('standards.csv', read(dataDir, 'standards.csv'))
  const types = new Map(
    readAssetTypesCsv('asset-types.csv', read(dataDir, 'asset-types.csv')).map((t) => [t.code, t]),
  )
  const byCode = new Map(places.map((p) => [p.code, p]))

  const lines: RequestLine[] = []
  const municipalities: NotoFacts['municipalities'][number][] = []
  for (const code of notoMunicipalities) {
    const office = byCode.get(`LG:${code}`)!
    const evacuees = evacueesOf(office)
    const shelters = places.filter((p) => p.type === 'shelter' && p.adminCode === code)
    const { weights, byCapacity } = weightsOf(shelters)
    const people = spread(evacuees, weights)
    shelters.forEach((shelter, s) => {
      const population = people[s]!
      if (population === 0) return
      const estimate = estimateNeeds({
        population,
        days: NOTO_DAYS,
        standards,
        mapping: bundledNeedMapping,
      })
      if (estimate.result !== 'estimated') throw new Error(`needs of ${shelter.code} refused`)
      const need = new Map<string, NeedLine>(estimate.lines.map((l) => [l.id, l]))
      const drinking = need.get('drinking-water')!.itemsNeeded
      for (const [id, { tier, neededByHours }] of Object.entries(needTiers)) {
        const line = need.get(id)!
        // Drinking water is part of the water: the water line is what is left of it.
        const quantity = id === 'water' ? line.itemsNeeded - drinking : line.itemsNeeded
        if (quantity <= 0) continue
        lines.push({
          id: `${shelter.code}/${id}`,
          request: `REQ/${shelter.code}`,
          requester: `LG:${code}`,
          destination: shelter.code,
          item: line.itemCode,
          quantity,
          tier,
          neededBy: neededByHours === null ? null : hours(neededByHours),
        })
      }
    })
    municipalities.push({
      code,
      name: office.nameEn ?? code,
      evacuees,
      shelters: shelters.length,
      sheltersWithEvacuees: people.filter((n) => n > 0).length,
      spread: byCapacity ? 'by capacity' : 'evenly',
    })
  }

  const needOf = new Map<string, number>()
  for (const line of lines) needOf.set(line.item, (needOf.get(line.item) ?? 0) + line.quantity)
  const lots: StockLot[] = []
  for (const [item, shares] of Object.entries(hubShares)) {
    const stock = Math.floor((needOf.get(item) ?? 0) * NOTO_STOCK_SHARE)
    const perHub = spread(stock, shares)
    notoHubs.forEach((hub, h) => {
      if (perHub[h]! > 0)
        lots.push({
          id: `${hub.place}/${item}`,
          place: hub.place,
          item,
          owner: hub.owner,
          lot: 'L1',
          expiresOn: null,
          available: perHub[h]!,
        })
    })
  }

  const assets: SnapshotAsset[] = fleet.flatMap(([type, count, base, owner, fromHours]) => {
    const t = types.get(type)!
    return Array.from({ length: count }, (_, i) => ({
      id: `${type}/${base}/${i + 1}`,
      kind: t.kind,
      owner,
      payloadKg: t.payloadKg,
      volumeM3: t.volumeM3,
      speedKmh: t.speedKmh,
      rangeKm: t.rangeKm,
      base,
      availableFrom: fromHours > 0 ? hours(fromHours) : null,
      availableUntil: null,
      status: 'available' as const,
    }))
  })

  const legs = notoLegs(places)

  const snapshot: AllocationSnapshot = {
    start: NOTO_START,
    horizonHours: NOTO_HORIZON_HOURS,
    lots,
    lines,
    items: [...needOf.keys()].sort().map((code) => {
      const item = items.get(code)!
      return { id: code, unitWeightG: item.unitWeightG ?? 0, unitVolumeMl: item.unitVolumeMl ?? 0 }
    }),
    places: places.map((p) => ({ id: p.code, type: p.type, lat: p.lat, lon: p.lon })),
    legs,
    assets,
    rules: [],
  }
  return {
    snapshot,
    facts: {
      municipalities,
      places: places.length,
      legs: legs.length,
      closedLegs: legs.filter((l) => l.status === 'closed'),
      damagedLegs: legs.filter((l) => l.status === 'damaged'),
      items: [...needOf.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([item, need]) => ({
          item,
          need,
          stock: lots.filter((l) => l.item === item).reduce((sum, l) => sum + l.available, 0),
        })),
    },
  }
}
