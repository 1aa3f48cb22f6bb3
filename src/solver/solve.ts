/**
 * @module solver/solve
 * Solves a LinearModel with HiGHS (npm `highs`, WebAssembly) objective by objective: each one is
 * optimised over the optimal solutions of every earlier one (holdOptimalFace), on one persistent
 * HiGHS model, so each stage starts from the last stage's basis instead of from nothing.
 *
 * The model goes in as sparse typed arrays (the package's model API), not as LP text: NOTES.md
 * measured LP text 1.1× slower to solve, 1.4–1.7× the memory, and its reader limits line length; and
 * a text model could not be warm-started between stages. LP text (domain/allocation/lp-text) is the
 * export for checking and reading; `solveLpText` solves one through the package's LP reader.
 *
 * Same model → same solution: single thread (the build has no other), fixed random seed, fixed
 * algorithm. Every HiGHS model is disposed: its WebAssembly memory is not garbage-collected.
 *
 * The algorithm is the primal simplex: each stage only changes the costs and fixes columns and rows
 * at the values they have, so the last stage's optimal basis is still primal feasible and the primal
 * simplex goes on from it, where the dual simplex must first mend dual feasibility. On the Noto
 * bench (bench/RESULTS.md) it solved the five stages in 3.3 s of CPU instead of 19.2 s, to the same
 * optima.
 */
import * as highsPackage from 'highs'
import type { Highs, InitOptions, Model, Solution } from 'highs'
import type { LinearModel } from '../domain/allocation/linear-model.js'

type LoadHighs = (options?: InitOptions) => Promise<Highs>
// The package's ESM build exports the loader as default; its declarations read as CommonJS.
const loadHighs = highsPackage.default as unknown as LoadHighs

let runtime: Promise<Highs> | null = null
let loaded: Highs | null = null

/**
 * HiGHS's WebAssembly, compiled: a `WebAssembly.Module`, named through the package's own types, as
 * the project's type libraries (ES2023 and Node's, no DOM) do not declare that namespace.
 */
export type SolverModule = NonNullable<InitOptions['wasmModule']>

// Node has the WebAssembly global; the project's type libraries (no DOM) do not declare it.
const { instantiate } = (
  globalThis as unknown as {
    WebAssembly: { instantiate(module: SolverModule, imports: object): Promise<unknown> }
  }
).WebAssembly

/**
 * The HiGHS runtime of this thread, loaded once: from `module` when given (compiled once for the
 * process, run-in-worker.ts), else compiled from the package's file. The compiled module goes in
 * through the loader's `instantiateWasm` hook: highs 1.15.3 documents a `wasmModule` option, but its
 * loader never reads it and compiled the file again in every thread.
 */
export function loadSolver(module?: SolverModule): Promise<Highs> {
  runtime ??= module
    ? new Promise<Highs>((resolve, reject) => {
        const hook = {
          instantiateWasm(imports: object, done: (instance: unknown) => void) {
            instantiate(module, imports).then(done, reject)
            return {}
          },
        }
        loadHighs(hook as InitOptions).then(resolve, reject)
      })
    : loadHighs()
  void runtime.then(
    (highs) => {
      loaded = highs
    },
    () => {},
  )
  return runtime
}

/** This thread's HiGHS runtime if it is loaded already, else null (for its memory). */
export const loadedSolver = (): Highs | null => loaded

/** HiGHS options: the same ones for every solve, so the same model gives the same solution. */
export type SolverOptions = Readonly<Record<string, string | number | boolean>>

/** Before this round's two: HiGHS's own scaling and pricing. Kept to compare solutions with. */
export const highsScalingAndPricing = {
  output_flag: false,
  random_seed: 0,
  solver: 'simplex',
  // 4: primal (HiGHS's default, 1, is the dual simplex); see above.
  simplex_strategy: 4,
  presolve: 'on',
} as const

export const solverOptions = {
  ...highsScalingAndPricing,
  // No scaling and Dantzig pricing (the largest reduced cost enters, no edge weights to keep):
  // Noto 2024's five stages solve about 2.4× faster to the same optima (bench/RESULTS.md). They
  // end at another of its optimal solutions; the cut no longer depends on which (cut.ts).
  simplex_scale_strategy: 0,
  simplex_primal_edge_weight_strategy: 0,
} as const

/**
 * The whole model's stages also without presolve: Noto 2024's five solved in about 0.7 s against
 * 0.9 s warm, its first stage in 60 against 140 ms, to the same optima (bench/RESULTS.md). Column
 * generation keeps presolve, not measured without it.
 */
export const wholeModelOptions = { ...solverOptions, presolve: 'off' } as const

export class SolveFailed extends Error {
  constructor(
    readonly stage: string,
    readonly status: string,
  ) {
    super(`the solver stopped at ${stage}: ${status}`)
    this.name = 'SolveFailed'
  }
}

export interface StageOutcome {
  readonly name: string
  readonly sense: 'max' | 'min'
  readonly value: number
  /** An objective with no terms (a tier without lines that can be served) is not solved: it is 0. */
  readonly skipped: boolean
}

export interface LexicographicSolution {
  readonly columns: Float64Array
  readonly stages: readonly StageOutcome[]
}

/** Bounds the face rule may tighten in place (typed arrays, or arrays that grow). */
export interface Bounds {
  readonly lower: Float64Array | number[]
  readonly upper: Float64Array | number[]
}

/** Below this a reduced cost or dual is zero: HiGHS's own dual tolerance is 1e-7. */
const DUAL_ZERO = 1e-9

/**
 * Holds stage k's optimum for the stages after it, exactly: every optimal solution is complementary
 * to any optimal dual, so fixing each column with a non-zero reduced cost at its bound, and each row
 * with a non-zero dual at its active side, leaves precisely the optimal solutions. Holding the
 * objective ≥ optimum − tolerance instead lets later tiers take that tolerance from earlier ones —
 * 99.9999 units of a life-saving line, which rounds down to 99.
 */
export function holdOptimalFace(solver: Model, solution: Solution, columns: Bounds, rows: Bounds) {
  const nearer = (value: number, lower: number, upper: number) =>
    Number.isFinite(lower) && (value - lower <= upper - value || !Number.isFinite(upper))
      ? lower
      : upper
  const fixed: number[] = []
  solution.colDual.forEach((dual, j) => {
    if (Math.abs(dual) <= DUAL_ZERO || columns.lower[j] === columns.upper[j]) return
    const bound = nearer(solution.colValue[j] as number, columns.lower[j]!, columns.upper[j]!)
    if (!Number.isFinite(bound)) return
    columns.lower[j] = bound
    columns.upper[j] = bound
    fixed.push(j)
  })
  if (fixed.length > 0) {
    const values = Float64Array.from(fixed.map((j) => columns.lower[j]!))
    solver.changeColsBounds({ kind: 'set', indices: Int32Array.from(fixed) }, values, values)
  }
  const tight: number[] = []
  solution.rowDual.forEach((dual, i) => {
    if (Math.abs(dual) <= DUAL_ZERO || rows.lower[i] === rows.upper[i]) return
    const bound = nearer(solution.rowValue[i] as number, rows.lower[i]!, rows.upper[i]!)
    if (!Number.isFinite(bound)) return
    rows.lower[i] = bound
    rows.upper[i] = bound
    tight.push(i)
  })
  if (tight.length > 0) {
    const values = Float64Array.from(tight.map((i) => rows.lower[i]!))
    solver.changeRowsBounds({ kind: 'set', indices: Int32Array.from(tight) }, values, values)
  }
}

export function solveLexicographic(
  highs: Highs,
  model: LinearModel,
  onStage?: (stage: StageOutcome, index: number) => void,
  options: SolverOptions = wholeModelOptions,
): LexicographicSolution {
  const numCols = model.columns.names.length
  const numRows = model.rows.names.length
  const stages: StageOutcome[] = []
  const skip = (k: number) => {
    const objective = model.objectives[k]!
    const stage = { name: objective.name, sense: objective.sense, value: 0, skipped: true }
    stages.push(stage)
    onStage?.(stage, k)
  }
  if (numCols === 0) {
    model.objectives.forEach((_, k) => {
      skip(k)
    })
    return { columns: new Float64Array(0), stages }
  }
  const { maximize, minimize } = highs.constants.objectiveSense
  const columnBounds = { lower: model.columns.lower.slice(), upper: model.columns.upper.slice() }
  const rowBounds = { lower: model.rows.lower.slice(), upper: model.rows.upper.slice() }
  const solver = highs.createModel({
    numCols,
    numRows,
    sense: minimize,
    colCost: new Float64Array(numCols),
    colLower: columnBounds.lower,
    colUpper: columnBounds.upper,
    rowLower: rowBounds.lower,
    rowUpper: rowBounds.upper,
    matrix: { format: 'csc', numRows, numCols, ...model.matrix },
  })
  try {
    solver.options.set(options)
    let columns: Float64Array = new Float64Array(numCols)
    model.objectives.forEach((objective, k) => {
      if (objective.indices.length === 0) {
        skip(k)
        return
      }
      const cost = new Float64Array(numCols)
      objective.indices.forEach((j, i) => {
        cost[j] = objective.values[i] as number
      })
      solver.changeColsCost({ kind: 'range', from: 0, to: numCols - 1 }, cost)
      solver.changeObjectiveSense(objective.sense === 'max' ? maximize : minimize)
      solver.run()
      const status = solver.getModelStatus()
      if (status !== highs.constants.modelStatus.optimal)
        throw new SolveFailed(objective.name, statusName(highs, status))
      const solution = solver.getSolution()
      columns = solution.colValue
      const stage = {
        name: objective.name,
        sense: objective.sense,
        value: solver.getObjectiveValue(),
        skipped: false,
      }
      stages.push(stage)
      onStage?.(stage, k)
      if (k < model.objectives.length - 1)
        holdOptimalFace(solver, solution, columnBounds, rowBounds)
    })
    return { columns, stages }
  } finally {
    solver.dispose()
  }
}

export function statusName(highs: Highs, status: number): string {
  const entry = Object.entries(highs.constants.modelStatus).find(([, code]) => code === status)
  return entry ? entry[0] : String(status)
}

export interface LpTextSolution {
  readonly status: string
  readonly objective: number
  /** Primal value of each column, by name. */
  readonly columns: ReadonlyMap<string, number>
  /** Dual value of each row, by name. */
  readonly duals: ReadonlyMap<string, number>
}

/** Solves CPLEX LP text through the package's LP reader (a fresh solver each time). */
export function solveLpText(
  highs: Highs,
  text: string,
  options: Readonly<Record<string, string | number | boolean>> = {},
): LpTextSolution {
  const result = highs.solve(text, { output_flag: false, random_seed: 0, ...options })
  const columns = new Map<string, number>()
  const duals = new Map<string, number>()
  if (result.Status === 'Optimal') {
    for (const [name, column] of Object.entries(result.Columns))
      columns.set(name, column.Primal as number)
    for (const row of result.Rows) if ('Name' in row) duals.set(row.Name, row.Dual)
  }
  return { status: result.Status, objective: result.ObjectiveValue, columns, duals }
}
