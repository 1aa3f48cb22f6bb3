/**
 * @module domain/allocation/cut-state
 * What the cut (cut.ts) has laid so far: each asset's sorties (sequencer.ts), and what they leave of
 * each supply and each line.
 */
import type { Arc } from './arcs.js'
import type { PreparedLine } from './reach.js'
import type { PackedLoad, Sequencer } from './sequencer.js'

export class Cut {
  constructor(
    readonly sequencer: Sequencer,
    readonly supplyLeft: number[],
    readonly lineLeft: number[],
  ) {}

  clone(): Cut {
    return new Cut(this.sequencer.clone(), [...this.supplyLeft], [...this.lineLeft])
  }

  /** Lays loads on a route as far as stock, lines and time allow; returns what found no room. */
  place(arc: Arc, loads: readonly PackedLoad[]): PackedLoad[] {
    // A loop, not flatMap: the cut offers loads this way a hundred thousand times on Noto 2024.
    // Most offers are laid as they are: a new list only once one is cut down or left out.
    let kept: PackedLoad[] | null = null
    for (let i = 0; i < loads.length; i++) {
      const load = loads[i]!
      const units = Math.min(load.units, this.supplyLeft[load.supply]!, this.lineLeft[load.line]!)
      if (units > 0) {
        this.supplyLeft[load.supply]! -= units
        this.lineLeft[load.line]! -= units
      }
      if (!kept) {
        if (units > 0 && units === load.units) continue
        kept = loads.slice(0, i)
      }
      if (units <= 0) continue
      kept.push(
        units === load.units
          ? load
          : { supply: load.supply, line: load.line, units, deadline: load.deadline },
      )
    }
    const laid = kept ?? loads
    if (laid.length === 0) return []
    const dropped = this.sequencer.place(arc, laid)
    for (const load of dropped) {
      this.supplyLeft[load.supply]! += load.units
      this.lineLeft[load.line]! += load.units
    }
    return dropped
  }

  /** Σ delivered ÷ requested over some lines. */
  fulfilment(lines: readonly PreparedLine[]): number {
    return lines.reduce((sum, line) => sum + 1 - this.lineLeft[line.index]! / line.quantity, 0)
  }
}
