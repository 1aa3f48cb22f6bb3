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
import { type SortieLeg, timeSequence } from './fleet.js'
import type { Load } from './outcome.js'
import type { Prepared } from './reach.js'

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

  constructor(
    private readonly prepared: Prepared,
    sequences?: Sortie[][],
  ) {
    this.sequences = sequences ?? prepared.assets.map(() => [])
  }

  /** A copy to try something on: changing it leaves this one as it is. */
  clone(): Sequencer {
    const copy = (sortie: Sortie): Sortie => ({ ...sortie, loads: [...sortie.loads] })
    return new Sequencer(
      this.prepared,
      this.sequences.map((sequence) => sequence.map(copy)),
    )
  }

  /** Whole units of a load that fit in what is left of a sortie. */
  private room(sortie: Sortie, load: Load): number {
    const line = this.prepared.lines[load.line]!
    return Math.min(
      load.units,
      line.unitWeightG > 0 ? Math.floor(sortie.grams / line.unitWeightG) : load.units,
      line.unitVolumeMl > 0 ? Math.floor(sortie.millilitres / line.unitVolumeMl) : load.units,
    )
  }

  private put(sortie: Sortie, load: PackedLoad, units: number) {
    const line = this.prepared.lines[load.line]!
    sortie.loads.push({ ...load, units })
    sortie.grams -= units * line.unitWeightG
    sortie.millilitres -= units * line.unitVolumeMl
    sortie.deadline = Math.min(sortie.deadline, load.deadline)
  }

  /** Places loads (by deadline) on the arc's asset and route; returns what found no room in time. */
  place(arc: Arc, loads: readonly PackedLoad[]): PackedLoad[] {
    const asset = this.prepared.assets[arc.asset]!
    const sequence = this.sequences[arc.asset]!
    const times = timeSequence(this.prepared, asset, sequence) ?? []
    const fresh: Sortie[] = []
    let current: Sortie | null = null
    for (const load of loads) {
      let left = load.units
      sequence.forEach((sortie, i) => {
        if (left === 0 || sortie.arc.origin !== arc.origin) return
        if (sortie.arc.destination !== arc.destination || times[i]!.arrive > load.deadline) return
        const fit = this.room(sortie, { ...load, units: left })
        if (fit > 0) this.put(sortie, load, fit)
        left -= fit
      })
      while (left > 0) {
        const fit: number = current ? this.room(current, { ...load, units: left }) : 0
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
    for (const sortie of fresh) {
      const at = sequence.findIndex((other) => before(sortie, other))
      const position = at < 0 ? sequence.length : at
      sequence.splice(position, 0, sortie)
      if (!timeSequence(this.prepared, asset, sequence)) {
        sequence.splice(position, 1)
        dropped.push(...sortie.loads)
      }
    }
    return dropped
  }
}
