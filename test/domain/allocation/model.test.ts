/**
 * The allocation linear program: its exact CPLEX LP text on a small instance (bounds worked by hand),
 * the same text for the same snapshot in any order, and the stage and weighted forms of it.
 */
import { describe, expect, it } from 'vitest'
import { findArcs } from '../../../src/domain/allocation/arcs.js'
import { modelSize } from '../../../src/domain/allocation/linear-model.js'
import { stageLp, weightedLp, writeLp } from '../../../src/domain/allocation/lp-text.js'
import { buildModel } from '../../../src/domain/allocation/model.js'
import { buildAllocation } from '../../../src/domain/allocation/plan.js'
import { prepare } from '../../../src/domain/allocation/reach.js'
import type { AllocationSnapshot } from '../../../src/domain/allocation/snapshot.js'
import { at, leg, line, lot, place, snapshot, tierInstance, truck } from './fixtures.js'

const STAGE_1 = `\\ Kizuna allocation model
Maximize
 obj: + 0.01 x0
Subject To
 lot0: + 1 x0 + 1 x1 <= 1000
 line0: + 1 x0 <= 100
 line1: + 1 x1 <= 300
 time0_0: - 1.2 x0 - 0.4 x1 + 1 t0_0 = 0
Bounds
 x0 <= 150
 x1 <= 350
 t0_0 <= 180
End
`

const shuffled = (s: AllocationSnapshot): AllocationSnapshot => ({
  ...s,
  places: [...s.places].reverse(),
  legs: [...s.legs].reverse(),
  lots: [...s.lots].reverse(),
  lines: [...s.lines].reverse(),
  assets: [...s.assets].reverse(),
  items: [...s.items].reverse(),
})

describe('allocation model', () => {
  it('writes the model as CPLEX LP text, exactly', () => {
    const { model } = buildAllocation(tierInstance)
    expect(modelSize(model.lp)).toEqual({ columns: 3, rows: 4, nonzeros: 7 })
    expect(writeLp(model.lp, model.lp.objectives[0]!)).toBe(STAGE_1)
    expect(model.lp.objectives.map((o) => [o.name, o.sense, [...o.values]])).toEqual([
      ['life-saving', 'max', [0.01]],
      ['life-sustaining', 'max', []],
      ['other', 'max', [1 / 300]],
      // tonne-hours: 0.01 t × 1 h and 0.01 t × 1/3 h per unit
      ['tonne-hours', 'min', [0.01, 0.003333333333333333]],
      // hours until the first sortie lands: 1 and 1/3
      ['arrival-hours', 'min', [1, 0.3333333333333333]],
    ])
  })

  it('gives the same text for the same snapshot in any order', () => {
    const a = buildAllocation(tierInstance).model.lp
    const b = buildAllocation(shuffled(tierInstance)).model.lp
    expect(writeLp(b, b.objectives[2]!)).toBe(writeLp(a, a.objectives[2]!))
    expect(weightedLp(b, [1e4, 1e2, 1, 1, 1])).toBe(weightedLp(a, [1e4, 1e2, 1, 1, 1]))
  })

  it('holds earlier objectives in a stage, and weighs them in one objective', () => {
    const { lp } = buildAllocation(tierInstance).model
    const stage = stageLp(lp, 3, [1, 0, 0.5])
    expect(stage).toContain('Minimize\n obj: + 0.01 x0 + 0.003333333333333333 x1\n')
    // Held within 1e-7 (relative above 1); the empty life-sustaining objective is not held.
    expect(stage).toContain(
      ' hold_0: + 0.01 x0 >= 0.9999999\n hold_2: + 0.0033333333333333335 x1 >= 0.4999999\n',
    )
    const weighted = weightedLp(lp, [1000, 100, 10, 1, 0])
    // 1000 × 0.01 − 0.01 and 10 / 300 − 0.01 / 3
    expect(weighted).toContain(' obj: + 9.99 x0 + 0.03 x1\n')
  })

  it("bounds an aircraft's sorties by its own flying, not the road at either end", () => {
    const s = snapshot({
      places: [
        place('HUB'),
        place('KMQ', 'airport'),
        place('NTQ', 'airport'),
        place('S', 'shelter'),
      ],
      legs: [
        leg('hub-kmq', 'HUB', 'KMQ', 5),
        leg('kmq-ntq', 'KMQ', 'NTQ', 30, { mode: 'air' }),
        leg('ntq-s', 'NTQ', 'S', 20),
      ],
      assets: [truck('C130', 'KMQ', { kind: 'fixed-wing', speedKmh: 500 })],
      lots: [lot('L', 'HUB', 'WATER', 500)],
      lines: [line('A', 'S', 'WATER', 100, { neededBy: at(120) })],
    })
    const prepared = prepare(s)
    const { lp } = buildModel(prepared, findArcs(prepared))
    // Leaves KMQ at 5 (the goods' road), busy 60 per sortie, goods arrive 50 after it leaves:
    // (120 − 50 − 5 + 60) / 60 sorties — the 2nd lands at 115, a 3rd would at 175 — of 100 units.
    expect(lp.columns.names[0]).toBe('x0')
    expect(lp.columns.upper[0]).toBeCloseTo((125 / 60) * 100, 9)
  })

  it('keeps sorties and load rows only where items fill the asset by different measures', () => {
    // On a 1 t, 2 m³ truck a tent (50 kg, 200 L) fills it by volume, water (10 kg, 10 L) by weight.
    const s = snapshot({
      places: [place('HUB'), place('S', 'shelter')],
      legs: [leg('h-s', 'HUB', 'S', 30)],
      assets: [truck('T', 'HUB', { volumeM3: 2 })],
      lots: [lot('LT', 'HUB', 'TENT', 100), lot('LW', 'HUB', 'WATER', 1000)],
      lines: [line('A', 'S', 'TENT', 25), line('B', 'S', 'WATER', 150)],
    })
    const { lp } = buildAllocation(s).model
    const text = writeLp(lp, lp.objectives[2]!)
    expect(text).toContain(
      ' kg0: - 0.05 x0 - 0.01 x1 + 1 s0 >= 0\n m30: - 0.2 x0 - 0.01 x1 + 2 s0 >= 0\n',
    )
    // s0 ≤ (1440 − 30 − 0 + 60) / 60; one sortie is 60 minutes of the truck's time.
    expect(text).toContain(' time0_0: - 60 s0 + 1 t0_0 = 0\n')
    expect(text).toContain(' s0 <= 24.5\n')
  })
})
