/**
 * The cut: the linear program's flows in whole units and whole sorties. Where sorties run short, a
 * line spread over fractions of several sorties must not cost a sortie per fraction.
 */
import { describe, expect, it } from 'vitest'
import { findArcs } from '../../../src/domain/allocation/arcs.js'
import { cutSolution, cutter } from '../../../src/domain/allocation/cut.js'
import { greedyPlan } from '../../../src/domain/allocation/greedy.js'
import { evaluate } from '../../../src/domain/allocation/linear-model.js'
import { type AllocationModel, buildModel } from '../../../src/domain/allocation/model.js'
import { prepare } from '../../../src/domain/allocation/reach.js'
import type { Prepared } from '../../../src/domain/allocation/reach.js'
import { at, leg, line, lot, place, snapshot, threeShelters, truck } from './fixtures.js'

/*
 * Two trucks at HUB, unlike (so not one fleet), each with time for one sortie by the needed-by:
 * 20 minutes out, back at 40, and the shelters need their water by 30. S1 and S2 need 10 units
 * each (100 kg), life-saving. Whole, each truck takes one shelter; the flows below give each line
 * half by each truck, as a linear program may.
 */
const twoShelters = snapshot({
  horizonHours: 2,
  places: [place('HUB'), place('S1', 'shelter'), place('S2', 'shelter')],
  legs: [leg('h-s1', 'HUB', 'S1', 20), leg('h-s2', 'HUB', 'S2', 20)],
  assets: [truck('T1', 'HUB'), truck('T2', 'HUB', { payloadKg: 1200 })],
  lots: [lot('L1', 'HUB', 'WATER', 100)],
  lines: ['S1', 'S2'].map((s) =>
    line(`A-${s}`, s, 'WATER', 10, { tier: 'life-saving', neededBy: at(30) }),
  ),
})

describe('cutting flows into whole sorties', () => {
  it('keeps each line whole on one sortie when its flow is spread over several', () => {
    const prepared = prepare(twoShelters)
    const model = buildModel(prepared, findArcs(prepared))
    expect(model.arcs.map((a) => [prepared.lines[a.line]!.id, a.asset])).toEqual([
      ['A-S1', 0],
      ['A-S1', 1],
      ['A-S2', 0],
      ['A-S2', 1],
    ])
    const plan = cutSolution(prepared, model, Float64Array.from([5, 5, 5, 5]))
    // Cut by the flows, each truck's one sortie in time would carry half of one line (10 units
    // of 20); line by line, each truck carries one line whole.
    expect(plan.tiers[0]).toMatchObject({ delivered: 20, fulfilment: 2 })
    expect(plan.consignments.map((c) => [c.asset, c.destination, c.loadKg])).toEqual([
      ['T1', 'S1', 100],
      ['T2', 'S2', 100],
    ])
    expect(plan.unmet).toEqual([])
  })

  it('keeps the cut by the flows when it delivers as much', () => {
    const prepared = prepare(twoShelters)
    const model = buildModel(prepared, findArcs(prepared))
    // Whole already: S1 by T2 and S2 by T1, not the line-by-line choice (T1 first, the tie).
    const plan = cutSolution(prepared, model, Float64Array.from([0, 10, 10, 0]))
    expect(plan.consignments.map((c) => [c.asset, c.destination])).toEqual([
      ['T1', 'S2'],
      ['T2', 'S1'],
    ])
    expect(plan.tiers[0]!.fulfilment).toBe(greedyPlan(prepared, model.arcs).tiers[0]!.fulfilment)
  })
})

/** Flows that put each line whole on the truck named. */
function flowsOf(prepared: Prepared, model: AllocationModel, trucks: Record<string, string>) {
  return Float64Array.from(model.arcs, (arc) => {
    const line = prepared.lines[arc.line]!
    return arc.asset >= 0 && prepared.assets[arc.asset]!.id === trucks[line.id] ? line.quantity : 0
  })
}

describe('a cut that does not depend on which optimum the solver returns', () => {
  it('cuts two optimal solutions of the linear program to the same, best, plan', () => {
    const prepared = prepare(threeShelters)
    const model = buildModel(prepared, findArcs(prepared))
    // A shelter on one truck; or each shelter's lines spread over both.
    const together = { 'A-S0': 'T1', 'A-S1': 'T1', 'B-S1': 'T1', 'A-S2': 'T2', 'B-S2': 'T2' }
    const spread = { 'A-S0': 'T2', 'A-S1': 'T1', 'B-S1': 'T2', 'A-S2': 'T1', 'B-S2': 'T2' }
    const solutions = [together, spread].map((trucks) => flowsOf(prepared, model, trucks))
    // Both are optimal in every stage: within the stock, the lines and each arc's bound (a line
    // is a tenth of a sortie: 20 of each truck's 50 minutes in the time chain at most), all five
    // lines served, and the same tonne-hours and arrival-hours (every route is 20 minutes).
    const { lp } = model
    const rowValues = (x: Float64Array) => {
      const values = new Float64Array(lp.rows.names.length)
      // The arcs' part of each row (the time chain's own columns come after them).
      for (let j = 0; j < model.arcs.length; j++)
        for (let k = lp.matrix.starts[j]!; k < lp.matrix.starts[j + 1]!; k++)
          values[lp.matrix.indices[k]!]! += lp.matrix.values[k]! * x[j]!
      return values
    }
    for (const x of solutions) {
      x.forEach((value, j) => {
        expect(value).toBeLessThanOrEqual(lp.columns.upper[j]!)
      })
      expect(lp.objectives.map((o) => evaluate(o, x))).toEqual(
        lp.objectives.map((o) => evaluate(o, solutions[0]!)),
      )
      rowValues(x).forEach((value, i) => {
        if (lp.rows.names[i]!.startsWith('lot') || lp.rows.names[i]!.startsWith('line'))
          expect(value).toBeLessThanOrEqual(lp.rows.upper[i]!)
      })
    }
    expect(evaluate(lp.objectives[0]!, solutions[0]!)).toBe(5)

    const plans = solutions.map((x) => cutSolution(prepared, model, x))
    const shape = (plan: (typeof plans)[number]) => ({
      tiers: plan.tiers.map((t) => [t.delivered, t.fulfilment]),
      consignments: plan.consignments.map((c) => [c.asset, c.destination, c.loadKg]),
      unmet: plan.unmet.map((u) => [u.line, u.quantity, u.reason]),
    })
    expect(shape(plans[1]!)).toEqual(shape(plans[0]!))
    expect(shape(plans[0]!)).toEqual({
      tiers: [
        [24, 4],
        [0, 0],
        [0, 0],
      ],
      consignments: [
        ['T1', 'S1', 200],
        ['T2', 'S2', 200],
      ],
      unmet: [['A-S0', 10, 'no-capacity']],
    })
    // Greedy (the lines in order, the first asset that fits, a sortie each) keeps two.
    expect(greedyPlan(prepared, model.arcs).tiers[0]!.fulfilment).toBe(2)
  })
})

describe('the cut laid ahead of the flows', () => {
  /** The plan cut after `ahead()` (its ways laid before the flows came) and without it. */
  const bothWays = (prepared: Prepared, model: AllocationModel, flows: Float64Array) => {
    const early = cutter(prepared, model)
    early.ahead()
    return { ahead: early.cut(flows), plain: cutSolution(prepared, model, flows) }
  }

  it('gives the plan cut without it, whichever way each tier keeps', () => {
    const prepared = prepare(twoShelters)
    const model = buildModel(prepared, findArcs(prepared))
    // Spread flows: a way that reads no flows wins the tier, as laid ahead. Whole flows: the
    // flows' way keeps the tier (the tie), and what was laid ahead from the other is not used.
    for (const flows of [
      [5, 5, 5, 5],
      [0, 10, 10, 0],
    ].map((x) => Float64Array.from(x))) {
      const { ahead, plain } = bothWays(prepared, model, flows)
      expect(ahead).toEqual(plain)
    }
    const three = prepare(threeShelters)
    const threeModel = buildModel(three, findArcs(three))
    const spread = { 'A-S0': 'T2', 'A-S1': 'T1', 'B-S1': 'T2', 'A-S2': 'T1', 'B-S2': 'T2' }
    const { ahead, plain } = bothWays(three, threeModel, flowsOf(three, threeModel, spread))
    expect(ahead).toEqual(plain)
  })

  it("lays a tier again when the tier above kept the flows' way, not the one laid ahead", () => {
    // As twoShelters, and S2 also asks, life-sustaining, for 1,100 kg by the same time: it can only
    // ride in the room of S2's sortie. The flows put S2's life-saving water on T1 (1,000 kg, room
    // for 900 more), which ties line by line (S2 on T2, 1,200 kg): the flows' way is kept, so S2's
    // life-sustaining line gets 90 units, not the 110 it would get after the way laid ahead.
    const more = snapshot({
      ...twoShelters,
      lots: [lot('L1', 'HUB', 'WATER', 200)],
      lines: [
        ...twoShelters.lines,
        line('B-S2', 'S2', 'WATER', 110, { tier: 'life-sustaining', neededBy: at(30) }),
      ],
    })
    const prepared = prepare(more)
    const model = buildModel(prepared, findArcs(prepared))
    const flows = flowsOf(prepared, model, { 'A-S1': 'T2', 'A-S2': 'T1' })
    const { ahead, plain } = bothWays(prepared, model, flows)
    expect(plain.tiers[1]).toMatchObject({ delivered: 90 })
    expect(ahead).toEqual(plain)
  })

  it('lays again what it laid ahead when stock already at a destination is delivered there', () => {
    // S1 holds water of its own: the flows deliver it there (no transport), so the tiers start
    // from less stock than the ways laid ahead assumed.
    const local = snapshot({
      ...twoShelters,
      lots: [lot('L1', 'HUB', 'WATER', 100), lot('L2', 'S1', 'WATER', 4)],
    })
    const prepared = prepare(local)
    const model = buildModel(prepared, findArcs(prepared))
    const flows = Float64Array.from(model.arcs, (arc) =>
      arc.asset < 0 ? 4 : prepared.lines[arc.line]!.id === 'A-S1' ? 3 : 5,
    )
    const { ahead, plain } = bothWays(prepared, model, flows)
    expect(plain.allocations.some((a) => a.lot === 'L2')).toBe(true)
    expect(ahead).toEqual(plain)
  })
})
