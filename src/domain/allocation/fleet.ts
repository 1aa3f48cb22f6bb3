/**
 * @module domain/allocation/fleet
 * Each asset's timeline while sorties are laid on it, one after another: where it is and from when it
 * is free. A sortie is a round trip from where the asset loads (arcs.ts): leave loaded, come back
 * empty `cycle` minutes later. Before it the asset moves (empty) from where it is to where it loads;
 * it never leaves sooner than it could have come there from its base, nor before the goods could
 * (`lead` minutes of road from the origin) — so a plan laid here keeps every bound of the linear
 * model (model.ts), greedy's and the optimum's alike.
 */
import type { Prepared, PreparedAsset } from './reach.js'

export interface SortieTime {
  /** The goods leave the origin (minutes after the start). */
  readonly depart: number
  /** The goods arrive at the destination. */
  readonly arrive: number
  /** The asset leaves where it loads, and is back there `cycle` minutes later. */
  readonly leaves: number
}

/** What a sortie needs to be timed. */
export interface SortieLeg {
  /** Where the asset loads: the origin, or for an aircraft or ship its first airport or port. */
  readonly loadingPoint: string
  /** From the asset's base to where it loads. */
  readonly positioning: number
  /** Road minutes from the origin to where it loads (0 when it loads at the origin). */
  readonly lead: number
  /** Origin to destination, door to door. */
  readonly minutes: number
  /** Minutes the asset is busy per sortie: there and back on its own legs. */
  readonly cycle: number
}

interface Where {
  place: string
  freeAt: number
}

function step(
  prepared: Prepared,
  asset: PreparedAsset,
  where: Where,
  leg: SortieLeg,
): SortieTime | null {
  let move = 0
  if (where.place !== leg.loadingPoint) {
    const route = prepared.route(asset, where.place, leg.loadingPoint)
    if (!route) return null
    move = route.minutes
  }
  const leaves = Math.max(where.freeAt + move, asset.from + leg.positioning, leg.lead)
  return { depart: leaves - leg.lead, arrive: leaves - leg.lead + leg.minutes, leaves }
}

/**
 * The times of a sequence of sorties flown in order from the asset's base, or null when one cannot
 * reach its origin or arrives after its deadline.
 */
export function timeSequence(
  prepared: Prepared,
  asset: PreparedAsset,
  sorties: readonly (SortieLeg & { readonly deadline: number })[],
): SortieTime[] | null {
  return timeSequenceFrom(prepared, asset, sorties, 0, { place: asset.base, freeAt: asset.from })
}

/**
 * The times of sorties[start..], the asset being at `where` when the one before them is done; or
 * null as timeSequence. `same`, when given, is what the times were before a change at `start`:
 * once a sortie after it leaves when it did then, the rest of the sequence is as it was.
 */
export function timeSequenceFrom(
  prepared: Prepared,
  asset: PreparedAsset,
  sorties: readonly (SortieLeg & { readonly deadline: number })[],
  start: number,
  from: { readonly place: string; readonly freeAt: number },
  same?: (index: number) => SortieTime | undefined,
): SortieTime[] | null {
  const where = { ...from }
  const times: SortieTime[] = []
  for (let i = start; i < sorties.length; i++) {
    const sortie = sorties[i]!
    const time = step(prepared, asset, where, sortie)
    if (!time || time.arrive > sortie.deadline) return null
    const before = i > start && same ? same(i) : undefined
    if (before && before.leaves === time.leaves) {
      for (let k = i; k < sorties.length; k++) times.push(same!(k)!)
      return times
    }
    where.place = sortie.loadingPoint
    where.freeAt = time.leaves + sortie.cycle
    times.push(time)
  }
  return times
}

/**
 * Whether sorties[start..] all arrive in time, as timeSequenceFrom times them, without keeping the
 * times: most sorties the cut offers are refused (97 % on Noto 2024), and the times of each try
 * were most of what the garbage collector then had to clear.
 */
export function arrivesInTime(
  prepared: Prepared,
  asset: PreparedAsset,
  sorties: readonly (SortieLeg & { readonly deadline: number })[],
  start: number,
  from: { readonly place: string; readonly freeAt: number },
  same: (index: number) => SortieTime | undefined,
): boolean {
  let place = from.place
  let freeAt = from.freeAt
  for (let i = start; i < sorties.length; i++) {
    const sortie = sorties[i]!
    let move = 0
    if (place !== sortie.loadingPoint) {
      const route = prepared.route(asset, place, sortie.loadingPoint)
      if (!route) return false
      move = route.minutes
    }
    const leaves = Math.max(freeAt + move, asset.from + sortie.positioning, sortie.lead)
    if (leaves - sortie.lead + sortie.minutes > sortie.deadline) return false
    if (i > start && same(i)?.leaves === leaves) return true
    place = sortie.loadingPoint
    freeAt = leaves + sortie.cycle
  }
  return true
}

export class Fleet {
  private readonly where: Where[]

  constructor(private readonly prepared: Prepared) {
    this.where = prepared.assets.map((asset) => ({ place: asset.base, freeAt: asset.from }))
  }

  /** When the asset's next sortie would leave and arrive, or null when it cannot reach the origin. */
  next(asset: PreparedAsset, leg: SortieLeg): SortieTime | null {
    return step(this.prepared, asset, this.where[asset.index]!, leg)
  }

  /** Lays the sortie on the asset's timeline: back where it loads `cycle` minutes after leaving. */
  commit(asset: PreparedAsset, leg: SortieLeg, time: SortieTime) {
    const where = this.where[asset.index]!
    where.place = leg.loadingPoint
    where.freeAt = time.leaves + leg.cycle
  }
}
