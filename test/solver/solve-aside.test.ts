/**
 * HiGHS in a thread beside the planner's (solve-aside.ts): the same solution as in the calling
 * thread, a solve it cannot finish refused naming the stage, and — with the interpretation done
 * meanwhile (plan.ts, `interpretAhead`) — the very plan the calling thread makes on its own.
 */
import { test as fcTest } from '@fast-check/vitest'
import { afterAll, describe, expect, it } from 'vitest'
import { findArcs } from '../../src/domain/allocation/arcs.js'
import type { LinearModel } from '../../src/domain/allocation/linear-model.js'
import { buildModel } from '../../src/domain/allocation/model.js'
import { prepare } from '../../src/domain/allocation/reach.js'
import { makePlan, type PlannerProgress } from '../../src/solver/make-plan.js'
import { SolverThread } from '../../src/solver/solve-aside.js'
import {
  loadSolver,
  SolveFailed,
  type SolverModule,
  solveLexicographic,
} from '../../src/solver/solve.js'
import { threeShelters, tierInstance } from '../domain/allocation/fixtures.js'
import { instance, midSize } from './instances.js'
import { snapshots } from './random-snapshots.js'

const solver = new SolverThread(undefined)
afterAll(() => solver.stop())

describe('the solver in a thread beside the planner', () => {
  it('solves every stage to the solution the calling thread finds', async () => {
    const highs = await loadSolver()
    for (const s of [tierInstance, threeShelters, instance(3, midSize)]) {
      const prepared = prepare(s)
      const { lp } = buildModel(prepared, findArcs(prepared))
      const stages: string[] = []
      const aside = await solver.solve(lp, (stage, k) => stages.push(`${k} ${stage.name}`))
      const here = solveLexicographic(highs, lp)
      expect(Array.from(aside.columns)).toEqual(Array.from(here.columns))
      expect(aside.stages).toEqual(here.stages)
      expect(stages).toEqual(here.stages.map((stage, k) => `${k} ${stage.name}`))
      expect(aside.memoryBytes).toBeGreaterThan(0)
    }
  })

  it('refuses a model it cannot solve, naming the stage, and solves the next', async () => {
    // x ≤ 1 and x ≥ 2: no solution.
    const impossible: LinearModel = {
      columns: { names: ['x0'], lower: Float64Array.of(0), upper: Float64Array.of(1) },
      rows: { names: ['r0'], lower: Float64Array.of(2), upper: Float64Array.of(Infinity) },
      matrix: {
        starts: Int32Array.of(0, 1),
        indices: Int32Array.of(0),
        values: Float64Array.of(1),
      },
      objectives: [
        {
          name: 'life-saving',
          sense: 'max',
          indices: Int32Array.of(0),
          values: Float64Array.of(1),
        },
      ],
    }
    const refused = await solver.solve(impossible, () => {}).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(SolveFailed)
    expect(refused).toMatchObject({ stage: 'life-saving' })
    const prepared = prepare(tierInstance)
    const solved = await solver.solve(buildModel(prepared, findArcs(prepared)).lp, () => {})
    expect(solved.stages[0]).toMatchObject({ name: 'life-saving', skipped: false })
  })

  it('fails a solve whose thread ends under it, and solves the next in a new thread', async () => {
    const prepared = prepare(instance(5, midSize))
    const { lp } = buildModel(prepared, findArcs(prepared))
    const cut = solver.solve(lp, () => {})
    await solver.stop()
    await expect(cut).rejects.toThrow("the solver's thread stopped")
    const next = await solver.solve(lp, () => {})
    expect(next.stages.map((stage) => stage.name)).toEqual(lp.objectives.map((o) => o.name))
  })

  it('loads HiGHS from the module it is given, and says so when that module is not one', async () => {
    // Not a compiled WebAssembly module: were it ignored (as highs' documented `wasmModule`
    // option is), HiGHS would load from its file and solve.
    const broken = new SolverThread({} as SolverModule)
    const prepared = prepare(tierInstance)
    const { lp } = buildModel(prepared, findArcs(prepared))
    await expect(broken.solve(lp, () => {})).rejects.toThrow('HiGHS did not load')
    await broken.stop()
  })

  it('plans a mid-size instance as the calling thread does, reporting the same progress', async () => {
    const s = instance(7, midSize)
    const progress: PlannerProgress[] = []
    const aside = await makePlan(s, (p) => progress.push(p), undefined, 'auto', solver)
    const here = await makePlan(s)
    expect(aside.plan).toEqual(here.plan)
    expect(aside.greedy).toEqual(here.greedy)
    expect(aside.timings.aheadMs).toBeGreaterThan(0)
    // The HiGHS this planning thread keeps: the one beside it (none loaded here for a whole model).
    expect(aside.solverMemoryBytes).toBeGreaterThanOrEqual(solver.memoryBytes)
    expect(solver.memoryBytes).toBeGreaterThan(0)
    expect(progress.map((p) => p.step)).toEqual([
      'built',
      ...here.stages.map(() => 'solved'),
      'interpreted',
    ])
  })

  fcTest.prop([snapshots], { numRuns: 40 })(
    'gives the plan made in one thread, on random snapshots',
    async (s) => {
      const aside = await makePlan(s, () => {}, undefined, 'auto', solver)
      const here = await makePlan(s)
      expect(aside.plan).toEqual(here.plan)
      expect(aside.greedy).toEqual(here.greedy)
    },
  )
})
