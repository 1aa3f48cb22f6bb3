/**
 * @module domain/allocation/sequencer
 * Each asset's sorties in the order it flies them, built up load by load: a load first rides in the
 * room the asset's sorties on the same route already have (when they arrive in time for it); the rest
 * is packed into new sorties within payload and volume, each slotted into the sequence by deadline
 * and kept only if every sortie of the sequence still arrives in time (fleet.ts times them).
 *
 * Among equal deadlines, sorties from one place go together, nearest the asset's base first (a move
 * between loading places costs time the linear program does not count), and the sortie that saves
 * most by not having to come back in time goes last.
 */
import type { Arc } from './arcs.js'
import { arrivesInTime, type SortieLeg, type SortieTime, timeSequenceFrom } from './fleet.js'
import { Marks } from './marks.js'
import type { Load } from './outcome.js'
import type { Prepared, PreparedAsset } from './reach.js'

export interface PackedLoad extends Load {
  readonly deadline: number
}

export interface Sortie extends SortieLeg {
  readonly arc: Arc
  deadline: number
  readonly loads: PackedLoad[]
  grams: number
  millilitres: number
}

const saved = (s: Sortie) => s.cycle - (s.minutes - s.lead)
const before = (a: Sortie, b: Sortie) => {
  if (a.deadline !== b.deadline) return a.deadline < b.deadline
  if (a.positioning !== b.positioning) return a.positioning < b.positioning
  if (a.loadingPoint !== b.loadingPoint) return a.loadingPoint < b.loadingPoint
  return saved(a) < saved(b)
}

export class Sequencer {
  readonly sequences: Sortie[][]
  /** Each sequence's times, as timeSequence gives them: kept, not worked out again per load. */
  private readonly times: SortieTime[][]

  /**
   * A new sortie refused by an asset's sequence, by its route and deadline, with the sequence's
   * change count then: until the sequence changes, the same sortie is refused again without timing
   * it. On Noto 2024 the cut offers about 100,000 new sorties, and 97 % are refused.
   */
  private readonly refused: Marks<string, string, number>[]
  private readonly changes: number[]
  /**
   * How many sorties each sequence has from an origin to a destination: a load offered on a route
   * its asset does not fly yet (most offers) skips looking through the sequence for room.
   */
  private readonly onRoute: Map<string, Map<string, number>>[]

  constructor(
    private readonly prepared: Prepared,
    from?: {
      sequences: Sortie[][]
      times: SortieTime[][]
      changes: number[]
      onRoute: Map<string, Map<string, number>>[]
    },
  ) {
    this.sequences = from?.sequences ?? prepared.assets.map(() => [])
    this.times = from?.times ?? prepared.assets.map(() => [])
    this.changes = from?.changes ?? prepared.assets.map(() => 0)
    this.onRoute = from?.onRoute ?? prepared.assets.map(() => new Map())
    this.refused = prepared.assets.map(() => new Marks())
  }

  /** A copy to try something on: changing it leaves this one as it is. */
  clone(): Sequencer {
    const copy = (sortie: Sortie): Sortie => ({ ...sortie, loads: [...sortie.loads] })
    return new Sequencer(this.prepared, {
      sequences: this.sequences.map((sequence) => sequence.map(copy)),
      times: [...this.times],
      changes: [...this.changes],
      onRoute: this.onRoute.map(
        (byOrigin) => new Map([...byOrigin].map(([origin, counts]) => [origin, new Map(counts)])),
      ),
    })
  }

  private sortiesOn(asset: number, arc: Arc): number {
    return this.onRoute[asset]!.get(arc.origin)?.get(arc.destination) ?? 0
  }

  private count(asset: number, arc: Arc, by: number) {
    const byOrigin = this.onRoute[asset]!
    let counts = byOrigin.get(arc.origin)
    if (!counts) {
      counts = new Map()
      byOrigin.set(arc.origin, counts)
    }
    counts.set(arc.destination, (counts.get(arc.destination) ?? 0) + by)
  }

  private isRefused(asset: PreparedAsset, arc: Arc, deadline: number): boolean {
    const marked = this.refused[asset.index]!.get(arc.origin, arc.destination, deadline)
    return marked === this.changes[asset.index]
  }

  /** Slots a new sortie in where its deadline puts it, unless the sequence refused it as it is. */
  private add(asset: PreparedAsset, sortie: Sortie): boolean {
    if (this.isRefused(asset, sortie.arc, sortie.deadline)) return false
    const sequence = this.sequences[asset.index]!
    // A loop, not findIndex with a function made per sortie offered.
    let at = 0
    while (at < sequence.length && !before(sortie, sequence[at]!)) at++
    if (this.insert(asset, sortie, at)) return true
    const { origin, destination } = sortie.arc
    this.refused[asset.index]!.set(origin, destination, sortie.deadline, this.changes[asset.index]!)
    return false
  }

  /**
   * Slots a sortie in at `position` if every sortie of the sequence still arrives in time, and
   * says whether it did. Only the sorties from `position` on are timed again, and only until one
   * leaves when it did before.
   */
  private insert(asset: PreparedAsset, sortie: Sortie, position: number): boolean {
    const sequence = this.sequences[asset.index]!
    const times = this.times[asset.index]!
    const previous = sequence[position - 1]
    const where = previous
      ? { place: previous.loadingPoint, freeAt: times[position - 1]!.leaves + previous.cycle }
      : { place: asset.base, freeAt: asset.from }
    sequence.splice(position, 0, sortie)
    const same = (i: number) => times[i - 1]
    if (!arrivesInTime(this.prepared, asset, sequence, position, where, same)) {
      sequence.splice(position, 1)
      return false
    }
    const after = timeSequenceFrom(this.prepared, asset, sequence, position, where, same)
    if (!after) throw new Error('allocation: a sequence timed two ways')
    this.times[asset.index] = [...times.slice(0, position), ...after]
    this.changes[asset.index]!++
    this.count(asset.index, sortie.arc, 1)
    return true
  }

  /**
   * Takes a sortie out of its asset's sequence if every sortie after it still arrives in time (the
   * asset then moves straight on to the next loading place), and says whether it did.
   */
  drop(asset: PreparedAsset, sortie: Sortie): boolean {
    const sequence = this.sequences[asset.index]!
    const times = this.times[asset.index]!
    const position = sequence.indexOf(sortie)
    if (position < 0) return false
    const previous = sequence[position - 1]
    const where = previous
      ? { place: previous.loadingPoint, freeAt: times[position - 1]!.leaves + previous.cycle }
      : { place: asset.base, freeAt: asset.from }
    sequence.splice(position, 1)
    const after = timeSequenceFrom(
      this.prepared,
      asset,
      sequence,
      position,
      where,
      (i) => times[i + 1],
    )
    if (!after) {
      sequence.splice(position, 0, sortie)
      return false
    }
    this.times[asset.index] = [...times.slice(0, position), ...after]
    this.changes[asset.index]!++
    this.count(asset.index, sortie.arc, -1)
    return true
  }

  /** Takes a load off a sortie (the caller gives its units back to the stock and the line); returns where it was. */
  unload(sortie: Sortie, load: PackedLoad): number {
    const line = this.prepared.lines[load.line]!
    const position = sortie.loads.indexOf(load)
    this.changes[sortie.arc.asset]!++
    sortie.loads.splice(position, 1)
    sortie.grams += load.units * line.unitWeightG
    sortie.millilitres += load.units * line.unitVolumeMl
    return position
  }

  /** Puts units of a load back where they came off a sortie: the room and the time are still there. */
  reload(sortie: Sortie, load: PackedLoad, position: number) {
    const line = this.prepared.lines[load.line]!
    this.changes[sortie.arc.asset]!++
    sortie.loads.splice(position, 0, load)
    sortie.grams -= load.units * line.unitWeightG
    sortie.millilitres -= load.units * line.unitVolumeMl
  }

  /** Whole units of a line (at most `units`) that fit in what is left of a sortie. */
  private room(grams: number, millilitres: number, line: number, units: number): number {
    const { unitWeightG, unitVolumeMl } = this.prepared.lines[line]!
    return Math.min(
      units,
      unitWeightG > 0 ? Math.floor(grams / unitWeightG) : units,
      unitVolumeMl > 0 ? Math.floor(millilitres / unitVolumeMl) : units,
    )
  }

  private put(sortie: Sortie, load: PackedLoad, units: number) {
    const line = this.prepared.lines[load.line]!
    // Loads are not changed once made: a whole one is kept as it is, a part is a new one.
    sortie.loads.push(
      units === load.units
        ? load
        : { supply: load.supply, line: load.line, units, deadline: load.deadline },
    )
    sortie.grams -= units * line.unitWeightG
    sortie.millilitres -= units * line.unitVolumeMl
    sortie.deadline = Math.min(sortie.deadline, load.deadline)
  }

  /** A load's last `units` as place packs them into new sorties: one piece per sortie. */
  private pieces(asset: PreparedAsset, load: PackedLoad, units: number): PackedLoad[] {
    const out: PackedLoad[] = []
    for (let left = units; left > 0; ) {
      const fit = this.room(asset.payloadG, asset.volumeMl, load.line, left)
      out.push(
        fit === load.units
          ? load
          : { supply: load.supply, line: load.line, units: fit, deadline: load.deadline },
      )
      left -= fit
    }
    return out
  }

  /** Places loads (by deadline) on the arc's asset and route; returns what found no room in time. */
  place(arc: Arc, loads: readonly PackedLoad[]): PackedLoad[] {
    const asset = this.prepared.assets[arc.asset]!
    const sequence = this.sequences[arc.asset]!
    const times = this.times[arc.asset]!
    const fresh: Sortie[] = []
    let current: Sortie | null = null
    const flown = this.sortiesOn(arc.asset, arc) > 0
    for (const load of loads) {
      let left = load.units
      // A loop over the whole sequence for every load offered, on a route the asset flies: the
      // destination, which differs most often, is compared first.
      for (let i = 0; flown && i < sequence.length && left > 0; i++) {
        const sortie = sequence[i]!
        if (sortie.arc.destination !== arc.destination || sortie.arc.origin !== arc.origin) continue
        if (times[i]!.arrive > load.deadline) continue
        const fit = this.room(sortie.grams, sortie.millilitres, load.line, left)
        if (fit > 0) {
          this.put(sortie, load, fit)
          this.changes[arc.asset]!++
        }
        left -= fit
      }
      // One load wanting new sorties that the sequence, as it is, refused by route and deadline
      // (most offers: see `refused`): what they would have carried comes back as it would, without
      // making them. The sequence cannot change before they would be added: one load, no other.
      if (loads.length === 1 && left > 0 && this.isRefused(asset, arc, load.deadline))
        return this.pieces(asset, load, left)
      while (left > 0) {
        const fit: number = current
          ? this.room(current.grams, current.millilitres, load.line, left)
          : 0
        if (fit === 0) {
          current = {
            arc,
            loadingPoint: arc.loadingPoint,
            positioning: arc.positioning,
            lead: arc.lead,
            minutes: arc.minutes,
            cycle: arc.cycle,
            deadline: load.deadline,
            loads: [],
            grams: asset.payloadG,
            millilitres: asset.volumeMl,
          }
          fresh.push(current)
          continue
        }
        this.put(current!, load, fit)
        left -= fit
      }
    }
    const dropped: PackedLoad[] = []
    for (const sortie of fresh) if (!this.add(asset, sortie)) dropped.push(...sortie.loads)
    return dropped
  }
}
