/**
 * Fewer tonne-hours for the same deliveries: a load laid on a slow route goes to a faster one that
 * has room and time, and no line gets a unit more or less.
 */
import { describe, expect, it } from 'vitest'
import { findArcs } from '../../../src/domain/allocation/arcs.js'
import { cutSolution } from '../../../src/domain/allocation/cut.js'
import { buildModel } from '../../../src/domain/allocation/model.js'
import { prepare } from '../../../src/domain/allocation/reach.js'
import { at, leg, line, lot, place, snapshot, truck } from './fixtures.js'

/*
 * S needs two lines of 5 water (50 kg each), life-saving, by minute 100. BIG (1 t) at FAR, an hour
 * away, has time for one sortie by then and takes both; SMALL (50 kg) at NEAR, 40 minutes away,
 * takes one line a sortie and has time for one. A visit of BIG serves two lines in 120 minutes,
 * SMALL's one in 80: BIG's goes first (visit by visit, cut.ts), and so do flows with both lines on
 * BIG. Both lines are served either way; with A by SMALL, 50 kg ride 40 minutes instead of 60.
 */
const nearAndFar = snapshot({
  horizonHours: 2,
  places: [place('FAR'), place('NEAR'), place('S', 'shelter')],
  legs: [leg('far-s', 'FAR', 'S', 60), leg('near-s', 'NEAR', 'S', 40)],
  assets: [truck('BIG', 'FAR'), truck('SMALL', 'NEAR', { payloadKg: 50 })],
  lots: [lot('LF', 'FAR', 'WATER', 10), lot('LN', 'NEAR', 'WATER', 10)],
  lines: ['A', 'B'].map((id) =>
    line(id, 'S', 'WATER', 5, { tier: 'life-saving', neededBy: at(100) }),
  ),
})

describe('fewer tonne-hours in transit', () => {
  it('moves a load from a slow truck to a faster one with room, for the same fulfilment', () => {
    const prepared = prepare(nearAndFar)
    const model = buildModel(prepared, findArcs(prepared))
    const both = Float64Array.from(model.arcs, (arc) =>
      arc.asset >= 0 && prepared.assets[arc.asset]!.id === 'BIG' ? 5 : 0,
    )
    const plan = cutSolution(prepared, model, both)
    expect(plan.tiers[0]).toMatchObject({ delivered: 10, fulfilment: 2 })
    expect(plan.unmet).toEqual([])
    expect(plan.consignments.map((c) => [c.asset, c.origin, c.lines.map((l) => l.line)])).toEqual([
      ['BIG', 'FAR', ['B']],
      ['SMALL', 'NEAR', ['A']],
    ])
    // 0.05 t for 40 minutes and 0.05 t for an hour, not 0.1 t for an hour.
    expect(plan.tonneHours).toBeCloseTo(0.05 * (40 / 60) + 0.05, 9)
    // Every sortie still arrives in time.
    for (const c of plan.consignments)
      expect(Date.parse(c.eta)).toBeLessThanOrEqual(Date.parse(at(100)))
  })
})
