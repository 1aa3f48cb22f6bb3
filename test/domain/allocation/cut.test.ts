/**
 * The cut: the linear program's flows in whole units and whole sorties. Where sorties run short, a
 * line spread over fractions of several sorties must not cost a sortie per fraction.
 */
import { describe, expect, it } from 'vitest'
import { findArcs } from '../../../src/domain/allocation/arcs.js'
import { cutSolution } from '../../../src/domain/allocation/cut.js'
import { greedyPlan } from '../../../src/domain/allocation/greedy.js'
import { buildModel } from '../../../src/domain/allocation/model.js'
import { prepare } from '../../../src/domain/allocation/reach.js'
import { at, leg, line, lot, place, snapshot, truck } from './fixtures.js'

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
