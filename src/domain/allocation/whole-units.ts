/**
 * @module domain/allocation/whole-units
 * The linear program's flows in whole units. Each line gets its flow's total rounded to the nearest
 * unit (never above its quantity), shared over its arcs by largest remainder — so 33.5 + 66.5 gives
 * 34 + 66, not 33 + 66 — and an arc rounded up gives the unit back, smallest remainder first, where
 * that would take more from a supply than it has. What does not fit in whole sorties is for the cut
 * to find out; what rounding leaves is for greedy's fill.
 */
import { append } from './append.js'
import type { Arc } from './arcs.js'
import type { Prepared } from './reach.js'

// The solver's tolerance: a flow of 99.9999999 is 100 units.
const EPSILON = 1e-6

export function wholeUnits(
  prepared: Prepared,
  arcs: readonly Arc[],
  flows: ArrayLike<number>,
): number[] {
  const flow = (i: number) => Math.max(0, flows[i] as number)
  const units = arcs.map((_, i) => Math.floor(flow(i) + EPSILON))
  const remainder = (i: number) => flow(i) - units[i]!
  const roundedUp: number[] = []
  const byLine = new Map<number, number[]>()
  arcs.forEach((arc, i) => {
    append(byLine, arc.line, i)
  })
  for (const [line, members] of byLine) {
    const total = members.reduce((sum, i) => sum + flow(i), 0)
    // A half that comes back as 0.49999999999999994 still rounds up, as 0.5 does.
    const target = Math.min(prepared.lines[line]!.quantity, Math.round(total + EPSILON))
    let extra = target - members.reduce((sum, i) => sum + units[i]!, 0)
    const order = [...members].sort((a, b) => remainder(b) - remainder(a) || a - b)
    for (const i of order) {
      if (extra <= 0) break
      if (remainder(i) <= EPSILON) break
      units[i]! += 1
      roundedUp.push(i)
      extra--
    }
  }
  const taken = prepared.supplies.map(() => 0)
  arcs.forEach((arc, i) => {
    taken[arc.supply]! += units[i]!
  })
  // Give back where a supply would be overdrawn: the arcs rounded up least deservedly first.
  roundedUp.sort((a, b) => remainder(a) - remainder(b) || a - b)
  for (const i of roundedUp) {
    const supply = arcs[i]!.supply
    if (taken[supply]! <= prepared.supplies[supply]!.available) continue
    units[i]! -= 1
    taken[supply]! -= 1
  }
  return units
}
