/**
 * Fleets: assets alike in every figure the plan uses are one asset to the linear program, with their
 * sorties and hours added up — the same optimum as planning them apart, in fewer columns — and greedy
 * and the cut still give the loads to each of them.
 */
import { describe, expect, it } from 'vitest'
import { byAsset, findArcs } from '../../src/domain/allocation/arcs.js'
import { modelSize } from '../../src/domain/allocation/linear-model.js'
import { writeLp } from '../../src/domain/allocation/lp-text.js'
import { buildModel } from '../../src/domain/allocation/model.js'
import { type Prepared, prepare } from '../../src/domain/allocation/reach.js'
import type { AllocationSnapshot } from '../../src/domain/allocation/snapshot.js'
import { makePlan } from '../../src/solver/make-plan.js'
import { loadSolver, solveLexicographic } from '../../src/solver/solve.js'
import { at, tierInstance, truck } from '../domain/allocation/fixtures.js'
import { instance, midSize } from './instances.js'

/** tierInstance (fixtures.ts) with a second truck alike the first. */
const twoTrucks: AllocationSnapshot = {
  ...tierInstance,
  assets: [truck('T1', 'HUB'), truck('T2', 'HUB')],
}

/** The same snapshot planned with every asset on its own. */
const apart = (prepared: Prepared): Prepared => ({
  ...prepared,
  assets: prepared.assets.map((asset) => ({ ...asset, fleet: [asset.index] })),
})

describe('fleets of alike assets', () => {
  it('makes two alike trucks one fleet with twice the sorties and hours', () => {
    const prepared = prepare({
      ...twoTrucks,
      assets: [...twoTrucks.assets, truck('T3', 'HUB', { payloadKg: 2000 })],
    })
    expect(prepared.assets.map((a) => [a.id, a.fleet])).toEqual([
      ['T1', [0, 1]],
      ['T2', [0, 1]],
      ['T3', [2]],
    ])
    const arcs = findArcs(prepared)
    // One arc per fleet: T1 stands for T2.
    expect(arcs.map((a) => [prepared.lines[a.line]!.id, a.asset])).toEqual([
      ['A', 0],
      ['A', 2],
      ['B', 0],
      ['B', 2],
    ])
    expect(byAsset(prepared, arcs).map((r) => [prepared.lines[r.arc.line]!.id, r.asset])).toEqual([
      ['A', 0],
      ['A', 1],
      ['A', 2],
      ['B', 0],
      ['B', 1],
      ['B', 2],
    ])
  })

  it('doubles the bounds of the linear program, exactly', () => {
    // fixtures.ts works them out for one truck: x0 ≤ 150, x1 ≤ 350, t ≤ 180.
    const prepared = prepare(twoTrucks)
    const { lp } = buildModel(prepared, findArcs(prepared))
    const text = writeLp(lp, lp.objectives[0]!)
    expect(text).toContain(' x0 <= 300\n x1 <= 700\n t0_0 <= 360\n')
    expect(text).toContain(' time0_0: - 1.2 x0 - 0.4 x1 + 1 t0_0 = 0\n')
  })

  it('gives the fleet’s loads to its first truck, and what that cannot fly in time to the next', async () => {
    const result = await makePlan(twoTrucks)
    expect(result.plan.source).toBe('optimum')
    expect(result.plan.tiers.map((t) => t.fulfilment)).toEqual([1, 0, 1])
    expect(
      result.plan.consignments.map((c) => [
        c.id,
        c.destination,
        c.departure,
        c.eta,
        c.lines[0]!.quantity,
      ]),
    ).toEqual([
      // T1 takes A to S1, and one sortie of B before it (back at 40: the S1 sortie, which need not
      // come back in time, goes last); the two more B needs do not fit, so T2 flies them.
      ['T1/1', 'S2', at(0), at(20), 100],
      ['T1/2', 'S1', at(40), at(100), 100],
      ['T2/1', 'S2', at(0), at(20), 100],
      ['T2/2', 'S2', at(40), at(60), 100],
    ])
  })

  it('reaches the same optimum in every stage as the assets planned apart, in fewer columns', async () => {
    const highs = await loadSolver()
    for (const seed of [1, 2]) {
      const base = instance(seed, { ...midSize, shelters: 20 })
      // Three alike copies of every asset.
      const snapshot = {
        ...base,
        assets: base.assets.flatMap((a) => [1, 2, 3].map((k) => ({ ...a, id: `${a.id}#${k}` }))),
      }
      const together = prepare(snapshot)
      const separate = apart(together)
      const fleetModel = buildModel(together, findArcs(together))
      const apartModel = buildModel(separate, findArcs(separate))
      expect(modelSize(fleetModel.lp).columns * 2).toBeLessThan(modelSize(apartModel.lp).columns)
      const a = solveLexicographic(highs, fleetModel.lp).stages.map((s) => s.value)
      const b = solveLexicographic(highs, apartModel.lp).stages.map((s) => s.value)
      expect(a.some((v) => v > 0)).toBe(true)
      a.forEach((value, k) => {
        expect(value).toBeCloseTo(b[k]!, 6)
      })
    }
  })
})
