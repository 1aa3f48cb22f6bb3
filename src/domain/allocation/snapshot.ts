/**
 * @module domain/allocation/snapshot
 * What the planner plans with (DESIGN.md, "Allocation"): the stock, open request lines, items, places,
 * route network, assets and owners' allocation rules the planner's organisation may use, the time the
 * plan starts and how many hours it looks ahead. Plain, serialisable data: it crosses to a worker.
 */

import type { AllocationRule } from '../ledger/allocation-rule.js'
import type { Problem } from '../problem.js'
import { type Priority, priorities } from '../requests/request.js'
import { type AssetKind, type AssetStatus, assetKinds } from '../transport/asset.js'
import type { RoutingLeg, RoutingPlace } from '../transport/fastest-route.js'
import type { NetworkParameters } from '../transport/route-network.js'

/** Available stock of one lot at one place (available = posted − pending out). */
export interface StockLot {
  readonly id: string
  readonly place: string
  readonly item: string
  /** The organisation that owns the stock; its allocation rules say who may receive it. */
  readonly owner: string
  readonly lot: string
  /** YYYY-MM-DD; the lot may not be used on or after that day (FEFO's rule). Null: does not expire. */
  readonly expiresOn: string | null
  readonly available: number
  /**
   * The node whose stock it is, when another node's (a replica here): it can be planned with but not
   * reserved from here; an approved plan proposes its sorties to that node instead.
   */
  readonly home?: string | undefined
}

/** An open item line of a validated request. */
export interface RequestLine {
  readonly id: string
  readonly request: string
  /** The requesting organisation: allocation rules are about it. */
  readonly requester: string
  readonly destination: string
  readonly item: string
  /** Still to plan, in the item's base unit. */
  readonly quantity: number
  readonly tier: Priority
  readonly neededBy: string | null
}

/** An item's unit weight and volume, integer grams and millilitres (DESIGN.md, principle 8). */
export interface SnapshotItem {
  readonly id: string
  readonly unitWeightG: number
  readonly unitVolumeMl: number
}

export interface SnapshotAsset {
  readonly id: string
  readonly kind: AssetKind
  readonly owner: string
  readonly payloadKg: number
  readonly volumeM3: number
  readonly speedKmh: number
  readonly rangeKm: number | null
  /** Its home base: where it starts. */
  readonly base: string
  readonly availableFrom: string | null
  readonly availableUntil: string | null
  /** Only `available` assets are planned with. */
  readonly status: AssetStatus
}

export interface AllocationSnapshot {
  /** When the plan starts (UTC ISO-8601); nothing leaves before it. */
  readonly start: string
  /** How far the plan looks ahead; nothing arrives after start + horizon. */
  readonly horizonHours: number
  readonly lots: readonly StockLot[]
  readonly lines: readonly RequestLine[]
  readonly items: readonly SnapshotItem[]
  readonly places: readonly RoutingPlace[]
  readonly legs: readonly RoutingLeg[]
  readonly assets: readonly SnapshotAsset[]
  readonly rules: readonly AllocationRule[]
  /** Reference speeds of the network, when not the defaults. */
  readonly network?: NetworkParameters | undefined
}

/** The tiers in strict order: no amount of a later one buys any of an earlier one. */
export const tiers: readonly Priority[] = priorities

const isWhole = (n: number) => Number.isSafeInteger(n) && n >= 0
const isTime = (value: string) => !Number.isNaN(Date.parse(value))

/** Checks a snapshot's shape and references, each problem naming its field. */
export function checkSnapshot(snapshot: AllocationSnapshot): Problem[] {
  const problems: Problem[] = []
  const add = (field: string, message: string) => problems.push({ field, message })
  if (!isTime(snapshot.start)) add('start', `"${snapshot.start}" is not an ISO 8601 time`)
  if (!(Number.isFinite(snapshot.horizonHours) && snapshot.horizonHours > 0))
    add('horizonHours', 'hours, greater than 0')
  const places = new Set(snapshot.places.map((p) => p.id))
  const items = new Set(snapshot.items.map((i) => i.id))
  const seen = new Set<string>()
  const unique = (field: string, id: string) => {
    if (seen.has(`${field}|${id}`)) add(field, `"${id}" appears twice`)
    seen.add(`${field}|${id}`)
  }
  snapshot.items.forEach((item, i) => {
    unique('items', item.id)
    if (!isWhole(item.unitWeightG) || !isWhole(item.unitVolumeMl))
      add(`items[${i}]`, 'unit weight and volume: whole grams and millilitres, 0 or more')
  })
  snapshot.lots.forEach((lot, i) => {
    unique('lots', lot.id)
    if (!places.has(lot.place)) add(`lots[${i}].place`, `unknown place ${lot.place}`)
    if (!items.has(lot.item)) add(`lots[${i}].item`, `unknown item ${lot.item}`)
    if (!isWhole(lot.available)) add(`lots[${i}].available`, 'a whole number, 0 or more')
    if (lot.expiresOn !== null && !/^\d{4}-\d{2}-\d{2}$/.test(lot.expiresOn))
      add(`lots[${i}].expiresOn`, 'a date YYYY-MM-DD or null')
  })
  snapshot.lines.forEach((line, i) => {
    unique('lines', line.id)
    if (!places.has(line.destination))
      add(`lines[${i}].destination`, `unknown place ${line.destination}`)
    if (!items.has(line.item)) add(`lines[${i}].item`, `unknown item ${line.item}`)
    if (!(isWhole(line.quantity) && line.quantity > 0))
      add(`lines[${i}].quantity`, 'a whole number greater than 0')
    if (!tiers.includes(line.tier)) add(`lines[${i}].tier`, `one of ${tiers.join(', ')}`)
    if (line.neededBy !== null && !isTime(line.neededBy))
      add(`lines[${i}].neededBy`, 'an ISO 8601 time or null')
  })
  snapshot.assets.forEach((asset, i) => {
    unique('assets', asset.id)
    if (!assetKinds.includes(asset.kind))
      add(`assets[${i}].kind`, `one of ${assetKinds.join(', ')}`)
    if (!places.has(asset.base)) add(`assets[${i}].base`, `unknown place ${asset.base}`)
    if (!(asset.payloadKg > 0 && asset.volumeM3 > 0 && asset.speedKmh > 0))
      add(`assets[${i}]`, 'payload, volume and speed greater than 0')
    for (const field of ['availableFrom', 'availableUntil'] as const) {
      const value = asset[field]
      if (value !== null && !isTime(value)) add(`assets[${i}].${field}`, 'an ISO 8601 time or null')
    }
  })
  return problems
}
