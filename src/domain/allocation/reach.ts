/**
 * @module domain/allocation/reach
 * A snapshot made ready to plan with: everything sorted by id (so the same input in any order gives
 * the same plan), times as whole minutes after the start, lots of one place, item, owner and expiry
 * pooled into one *supply* (they are interchangeable to the plan), and routes looked up once per
 * (mover, origin, destination), by one search per (mover, origin).
 *
 * Times, in whole minutes after the start:
 * - a line's deadline is its needed-by (arrival at or before it), or none;
 * - a lot's deadline is the last minute before its expiry day begins (FEFO: a lot is expired on its
 *   `expiresOn` day); a lot already expired at the start is no stock at all;
 * - an asset works from max(start, available-from) until min(start + horizon, available-until), and
 *   nothing it carries may arrive after that.
 */
import { mayReceiveUnder } from '../access/permissions.js'
import { Marks } from './marks.js'
import { ruleFor } from '../ledger/allocation-rule.js'
import type { Mover, Route, RoutingPlace } from '../transport/fastest-route.js'
import { type RouteFinder, routeFinder } from '../transport/route-finder.js'
import type { AllocationSnapshot, RequestLine, SnapshotAsset, StockLot } from './snapshot.js'
import { tiers } from './snapshot.js'

export interface Supply {
  readonly index: number
  readonly place: string
  readonly item: string
  readonly owner: string
  readonly expiresOn: string | null
  /** Last minute it may arrive anywhere (Infinity: no expiry). */
  readonly deadline: number
  /** Its lots, by id. */
  readonly lots: readonly StockLot[]
  readonly available: number
}

export interface PreparedLine extends RequestLine {
  readonly index: number
  /** 0 = life-saving, 1 = life-sustaining, 2 = other. */
  readonly tierRank: number
  /** Last minute of arrival (Infinity: no needed-by). */
  readonly deadline: number
  readonly unitWeightG: number
  readonly unitVolumeMl: number
}

export interface PreparedAsset extends SnapshotAsset {
  readonly index: number
  /** Minutes after the start when it may first move, and by when everything it carries arrives. */
  readonly from: number
  readonly until: number
  readonly payloadG: number
  readonly volumeMl: number
  readonly mover: Mover
  /** Assets that route alike (kind, speed, range) share route look-ups. */
  readonly moverKey: string
  /** Available now and with some of its window inside the horizon. */
  readonly usable: boolean
  /**
   * The assets alike in all the plan looks at (kind, payload, volume, speed, range, base, window),
   * itself included, by index: a fleet. The linear program plans a fleet as one asset with its
   * sorties added up; greedy and the cut give the loads to its assets one at a time. fleet[0] leads.
   */
  readonly fleet: readonly number[]
}

export interface Prepared {
  readonly startMs: number
  readonly horizonMinutes: number
  readonly supplies: readonly Supply[]
  readonly lines: readonly PreparedLine[]
  readonly assets: readonly PreparedAsset[]
  readonly places: ReadonlyMap<string, RoutingPlace>
  /** The asset's fastest route between two places, or null; the same places give null. */
  route(asset: PreparedAsset, from: string, to: string): Route | null
  /** May the supply's owner let the line's requester receive it (the most specific rule)? */
  allowed(supply: Supply, line: PreparedLine): boolean
  /** The ISO time of a minute after the start. */
  at(minute: number): string
}

const MINUTE = 60_000
const byId = <T extends { readonly id: string }>(list: readonly T[]) =>
  [...list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

/**
 * The routes found so far on one network (places, legs and its parameters), by mover: a route
 * depends on nothing else, so plans on the same network may share them (solver/make-plan.ts keeps
 * one for the last network planned on). Whoever passes one vouches that the network is the same.
 */
export interface NetworkRoutes {
  readonly finders: Map<string, RouteFinder>
  /** By mover, origin and destination: nested maps, as the cut looks routes up by the hundred thousand. */
  readonly routes: Marks<string, string, string, Route | null>
}

export const networkRoutes = (): NetworkRoutes => ({ finders: new Map(), routes: new Marks() })

export function prepare(
  snapshot: AllocationSnapshot,
  known: NetworkRoutes = networkRoutes(),
): Prepared {
  const startMs = Date.parse(snapshot.start)
  const horizonMinutes = Math.floor(snapshot.horizonHours * 60)
  const after = (iso: string) => (Date.parse(iso) - startMs) / MINUTE
  const items = new Map(snapshot.items.map((item) => [item.id, item]))
  const places = new Map(snapshot.places.map((place) => [place.id, place]))
  // One string per place id, the places map's own: the plan compares places millions of times, and
  // two copies of one id (parsed JSON and a worker's message make one per mention) compare letter
  // by letter where one string compares to itself at once.
  const placeId = (id: string) => places.get(id)?.id ?? id

  const pooled = new Map<string, StockLot[]>()
  for (const lot of byId(snapshot.lots)) {
    if (lot.available <= 0) continue
    const key = `${lot.place}|${lot.item}|${lot.owner}|${lot.expiresOn ?? ''}`
    const list = pooled.get(key)
    if (list) list.push(lot)
    else pooled.set(key, [lot])
  }
  const supplies: Supply[] = []
  for (const key of [...pooled.keys()].sort()) {
    const lots = pooled.get(key) as StockLot[]
    const first = lots[0] as StockLot
    const deadline =
      first.expiresOn === null
        ? Number.POSITIVE_INFINITY
        : Math.ceil(after(`${first.expiresOn}T00:00:00Z`)) - 1
    if (deadline < 0) continue
    supplies.push({
      index: supplies.length,
      place: placeId(first.place),
      item: first.item,
      owner: first.owner,
      expiresOn: first.expiresOn,
      deadline,
      lots,
      available: lots.reduce((sum, lot) => sum + lot.available, 0),
    })
  }

  const lines: PreparedLine[] = byId(snapshot.lines).map((line, index) => {
    const item = items.get(line.item)
    return {
      // Field by field, not `...line`: spread copies of parsed or cloned lines each got a hidden class
      // of their own in V8 (2,020 for Noto's 2,028 lines), which made every read of a line's
      // fields in the cut a slow, megamorphic one.
      id: line.id,
      request: line.request,
      requester: line.requester,
      destination: placeId(line.destination),
      item: line.item,
      quantity: line.quantity,
      tier: line.tier,
      neededBy: line.neededBy,
      index,
      tierRank: tiers.indexOf(line.tier),
      deadline:
        line.neededBy === null ? Number.POSITIVE_INFINITY : Math.floor(after(line.neededBy)),
      unitWeightG: item?.unitWeightG ?? 0,
      unitVolumeMl: item?.unitVolumeMl ?? 0,
    }
  })

  const fleets = new Map<string, number[]>()
  const assets: PreparedAsset[] = byId(snapshot.assets).map((asset, index) => {
    const from = Math.max(
      0,
      asset.availableFrom === null ? 0 : Math.ceil(after(asset.availableFrom)),
    )
    const until = Math.min(
      horizonMinutes,
      asset.availableUntil === null ? horizonMinutes : Math.floor(after(asset.availableUntil)),
    )
    const payloadG = asset.payloadKg * 1000
    const volumeMl = Math.round(asset.volumeM3 * 1_000_000)
    const moverKey = `${asset.kind}|${asset.speedKmh}|${asset.rangeKm ?? ''}`
    const usable = asset.status === 'available' && from < until && places.has(asset.base)
    const alike = `${moverKey}|${asset.payloadKg}|${asset.volumeM3}|${asset.base}|${from}|${until}|${usable}`
    const fleet = fleets.get(alike) ?? []
    fleet.push(index)
    fleets.set(alike, fleet)
    return {
      // Field by field, as the lines above.
      id: asset.id,
      kind: asset.kind,
      owner: asset.owner,
      payloadKg: asset.payloadKg,
      volumeM3: asset.volumeM3,
      speedKmh: asset.speedKmh,
      rangeKm: asset.rangeKm,
      base: placeId(asset.base),
      availableFrom: asset.availableFrom,
      availableUntil: asset.availableUntil,
      status: asset.status,
      index,
      from,
      until,
      payloadG,
      volumeMl,
      mover: { kind: asset.kind, speedKmh: asset.speedKmh, rangeKm: asset.rangeKm },
      moverKey,
      usable,
      fleet,
    }
  })

  // One route finder per mover: a search from an origin settles every destination (route-finder.ts).
  const { finders, routes } = known
  const route = (asset: PreparedAsset, from: string, to: string): Route | null => {
    if (from === to) return null
    const known = routes.get(asset.moverKey, from, to)
    if (known !== undefined) return known
    let finder = finders.get(asset.moverKey)
    if (!finder) {
      finder = routeFinder({
        mover: asset.mover,
        legs: snapshot.legs,
        places,
        parameters: snapshot.network,
      })
      finders.set(asset.moverKey, finder)
    }
    const found = finder(from, to)
    routes.set(asset.moverKey, from, to, found)
    return found
  }

  // By supply (its owner, item and place choose the rule), then requester: no string key per pair.
  const allowances = supplies.map(() => new Map<string, boolean>())
  const allowed = (supply: Supply, line: PreparedLine) => {
    const bySupply = allowances[supply.index]!
    const known = bySupply.get(line.requester)
    if (known !== undefined) return known
    const rule = ruleFor(snapshot.rules, supply.owner, supply.item, supply.place)
    const answer = mayReceiveUnder(rule?.allowed ?? 'any', line.requester, supply.owner)
    bySupply.set(line.requester, answer)
    return answer
  }

  return {
    startMs,
    horizonMinutes,
    supplies,
    lines,
    assets,
    places,
    route,
    allowed,
    at: (minute) => new Date(startMs + minute * MINUTE).toISOString(),
  }
}
