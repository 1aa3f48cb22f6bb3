/**
 * Small allocation snapshots built by hand: places on a line of road legs whose minutes are given,
 * trucks (60 km/h, faster than the road's 40 km/h reference, so a road's time is the leg's), and a
 * 10 kg, 10 litre unit of water — 100 units to a 1-tonne truck.
 */
import type { AllocationRule } from '../../../src/domain/ledger/allocation-rule.js'
import type { Priority } from '../../../src/domain/requests/request.js'
import type {
  AllocationSnapshot,
  RequestLine,
  SnapshotAsset,
  SnapshotItem,
  StockLot,
} from '../../../src/domain/allocation/snapshot.js'
import type { AssetKind } from '../../../src/domain/transport/asset.js'
import type { RoutingLeg, RoutingPlace } from '../../../src/domain/transport/fastest-route.js'
import type { LegMode, LegStatus } from '../../../src/domain/transport/leg.js'

export const START = '2024-01-02T00:00:00.000Z'
/** The ISO time `minutes` after START. */
export const at = (minutes: number) => new Date(Date.parse(START) + minutes * 60_000).toISOString()

export const place = (id: string, type = 'hub', lat = 36.5, lon = 136.6): RoutingPlace => ({
  id,
  type,
  lat,
  lon,
})

export const leg = (
  id: string,
  from: string,
  to: string,
  minutes: number,
  options: { mode?: LegMode; status?: LegStatus; km?: number } = {},
): RoutingLeg => ({
  id,
  mode: options.mode ?? 'road',
  from,
  to,
  distanceKm: options.km ?? minutes,
  transitMinutes: minutes,
  status: options.status ?? 'open',
})

export const WATER: SnapshotItem = { id: 'WATER', unitWeightG: 10_000, unitVolumeMl: 10_000 }
export const TENT: SnapshotItem = { id: 'TENT', unitWeightG: 50_000, unitVolumeMl: 200_000 }

export const truck = (
  id: string,
  base: string,
  options: Partial<Omit<SnapshotAsset, 'id' | 'base'>> & { kind?: AssetKind } = {},
): SnapshotAsset => ({
  id,
  kind: 'truck',
  owner: 'ORG-T',
  payloadKg: 1000,
  volumeM3: 20,
  speedKmh: 60,
  rangeKm: null,
  availableFrom: null,
  availableUntil: null,
  status: 'available',
  base,
  ...options,
})

export const lot = (
  id: string,
  placeId: string,
  item: string,
  available: number,
  options: Partial<Pick<StockLot, 'owner' | 'expiresOn' | 'lot'>> = {},
): StockLot => ({
  id,
  place: placeId,
  item,
  owner: options.owner ?? 'ORG-A',
  lot: options.lot ?? id,
  expiresOn: options.expiresOn ?? null,
  available,
})

export const line = (
  id: string,
  destination: string,
  item: string,
  quantity: number,
  options: { tier?: Priority; neededBy?: string | null; requester?: string; request?: string } = {},
): RequestLine => ({
  id,
  request: options.request ?? `REQ-${id}`,
  requester: options.requester ?? 'ORG-R',
  destination,
  item,
  quantity,
  tier: options.tier ?? 'other',
  neededBy: options.neededBy ?? null,
})

export const rule = (
  org: string,
  allowed: AllocationRule['allowed'],
  options: { item?: string; place?: string } = {},
): AllocationRule => ({
  id: `rule-${org}-${options.item ?? 'any'}-${options.place ?? 'any'}`,
  org,
  item: options.item ?? null,
  place: options.place ?? null,
  allowed,
  note: null,
})

export const snapshot = (parts: Partial<AllocationSnapshot>): AllocationSnapshot => ({
  start: START,
  horizonHours: 24,
  lots: [],
  lines: [],
  items: [WATER, TENT],
  places: [],
  legs: [],
  assets: [],
  rules: [],
  ...parts,
})

/*
 * One 1-tonne truck at HUB for 2 hours; S1 is 60 min away and needs 100 water (life-saving), S2 is
 * 20 min away and needs 300 (other). 100 units (1 t, 1 m³) fill a sortie.
 *   s0 (to S1) ≤ (120 − 60 − 0 + 120) / 120 = 1.5;  s1 (to S2) ≤ (120 − 20 + 40) / 40 = 3.5
 *   time: 120·s0 + 40·s1 = t ≤ 120 − 0 + max(120 − 60, 40 − 20) = 180 minutes
 * Each unit is 0.01 of a sortie (by weight), so x0 ≤ 150, x1 ≤ 350 and 1.2·x0 + 0.4·x1 ≤ 180.
 */
export const tierInstance = snapshot({
  horizonHours: 2,
  places: [place('HUB'), place('S1', 'shelter'), place('S2', 'shelter')],
  legs: [leg('h-s1', 'HUB', 'S1', 60), leg('h-s2', 'HUB', 'S2', 20)],
  assets: [truck('T1', 'HUB')],
  lots: [lot('L1', 'HUB', 'WATER', 1000)],
  lines: [line('A', 'S1', 'WATER', 100, { tier: 'life-saving' }), line('B', 'S2', 'WATER', 300)],
})

/*
 * Two trucks at HUB, unlike (not one fleet), each with time for one sortie by the needed-by: 20
 * minutes out, back at 40, needed by 30. S1 and S2 each need 10 water and 2 tents, S0 10 water:
 * five life-saving lines, each a tenth of a sortie to the linear program, which serves all five. Whole, two sorties serve two shelters: the most is S1
 * and S2 (four lines), one truck each. S0's line comes first (lines go by needed-by, then id), so
 * line by line gives S0 a truck of its own and S2 none (three lines).
 */
export const threeShelters = snapshot({
  horizonHours: 2,
  places: ['HUB', 'S0', 'S1', 'S2'].map((id, i) => place(id, i === 0 ? 'hub' : 'shelter')),
  legs: ['S0', 'S1', 'S2'].map((s) => leg(`h-${s}`, 'HUB', s, 20)),
  assets: [truck('T1', 'HUB'), truck('T2', 'HUB', { payloadKg: 1200 })],
  lots: [lot('L1', 'HUB', 'WATER', 100), lot('L2', 'HUB', 'TENT', 10)],
  lines: [
    line('A-S0', 'S0', 'WATER', 10, { tier: 'life-saving', neededBy: at(30) }),
    ...['S1', 'S2'].flatMap((s) => [
      line(`A-${s}`, s, 'WATER', 10, { tier: 'life-saving', neededBy: at(30) }),
      line(`B-${s}`, s, 'TENT', 2, { tier: 'life-saving', neededBy: at(30) }),
    ]),
  ],
})
