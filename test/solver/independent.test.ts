/**
 * A second route to the same optimum on a mid-size instance: the model exported as CPLEX LP text and
 * solved afresh through HiGHS's LP reader (interior point, no warm start), (1) stage by stage with the
 * earlier objectives held, and (2) as one weighted objective whose weights are proved large enough
 * from the stages' duals. Both must reach the tier optima the planner's own solve reached.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import type { Highs } from 'highs'
import { loadSolver, solveLexicographic, solveLpText } from '../../src/solver/solve.js'
import { evaluate, modelSize } from '../../src/domain/allocation/linear-model.js'
import { stageLp, weightedLp } from '../../src/domain/allocation/lp-text.js'
import { buildAllocation } from '../../src/domain/allocation/plan.js'
import { instance, midSize } from './instances.js'

const TIERS = 3
const TRANSIT = 3

describe('independent check of the optimum', () => {
  let highs: Highs
  const built = buildAllocation(instance(7, midSize))
  const lp = built.model.lp
  const columnsOf = (values: ReadonlyMap<string, number>) =>
    Float64Array.from(lp.columns.names, (name) => values.get(name) ?? 0)

  beforeAll(async () => {
    highs = await loadSolver()
  })

  it('is a model of some size, with every tier able to be served', () => {
    const size = modelSize(lp)
    expect(size.columns).toBeGreaterThan(1000)
    expect(lp.objectives.slice(0, TIERS).every((o) => o.indices.length > 0)).toBe(true)
  })

  it('reaches the same optimum stage by stage from the LP text, and by proven weights', () => {
    const main = solveLexicographic(highs, lp)
    // (1) Stage k of the text holds stages 0 … k − 1 at the optima this route itself found.
    const optima: number[] = []
    const holdDuals: number[][] = []
    for (let k = 0; k <= TRANSIT; k++) {
      const solved = solveLpText(highs, stageLp(lp, k, optima), { solver: 'ipm' })
      expect(solved.status).toBe('Optimal')
      optima.push(solved.objective)
      holdDuals.push(optima.slice(0, k).map((_, j) => Math.abs(solved.duals.get(`hold_${j}`)!)))
      expect(solved.objective).toBeCloseTo(main.stages[k]!.value, 4)
    }

    /*
     * (2) Maximise W1·F1 + W2·F2 + W3·F3 − TH. With Δ the change from the staged optimum x*, the
     * stages' duals (ρ: F2 against F1; ν: F3 against F1, F2; μ: TH against F1, F2, F3) give for every
     * feasible x: Δ1 ≤ 0, Δ2 ≤ −ρ1Δ1, Δ3 ≤ −ν1Δ1 − ν2Δ2, ΔTH ≥ μ·Δ. So the weighted change is at most
     * (W1−μ1)Δ1 + (W2−μ2)Δ2 + (W3−μ3)Δ3 ≤ a1·Δ1 + a2·Δ2 ≤ a1'·Δ1 with
     *   a3 = W3 − μ3, a2 = W2 − μ2 − a3ν2, a1' = W1 − μ1 − a3ν1 − a2ρ1,
     * and when a3, a2, a1' > 0 any weighted optimum has Δ1 = Δ2 = Δ3 = 0: the same tier optima.
     */
    const weights = [1e6, 1e4, 1e2, 1, 0]
    const [, rho = [], nu = [], mu = []] = holdDuals
    const a3 = weights[2]! - (mu[2] ?? 0)
    const a2 = weights[1]! - (mu[1] ?? 0) - a3 * (nu[1] ?? 0)
    const a1 = weights[0]! - (mu[0] ?? 0) - a3 * (nu[0] ?? 0) - a2 * (rho[0] ?? 0)
    expect(Math.min(a1, a2, a3)).toBeGreaterThan(0)

    const weighted = solveLpText(highs, weightedLp(lp, weights), { solver: 'ipm' })
    expect(weighted.status).toBe('Optimal')
    const x = columnsOf(weighted.columns)
    for (let k = 0; k < TIERS; k++) {
      expect(evaluate(lp.objectives[k]!, x)).toBeCloseTo(optima[k]!, 4)
      expect(evaluate(lp.objectives[k]!, main.columns)).toBeCloseTo(optima[k]!, 4)
    }
    expect(evaluate(lp.objectives[TRANSIT]!, x)).toBeCloseTo(optima[TRANSIT]!, 2)
  })
})
