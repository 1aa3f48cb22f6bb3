/**
 * @module solver/solve-columns
 * The lexicographic solve of solve.ts by column generation (domain/allocation/master.ts): each stage
 * starts from the arcs the model already has — each line's soonest few at first, then whatever
 * earlier stages brought in — solves, prices every arc outside the model from the row duals, adds
 * the ones that improve, and solves again from the same basis until none does. Then the stage's
 * optimum is the full model's, and it is held for later stages by solve.ts's face rule (columns and
 * rows in the model) and by the master's history (arcs outside it).
 *
 * One HiGHS model throughout, grown with addRows/addCols: new columns come in non-basic at zero, so
 * the primal simplex goes on from the last basis. Disposed at the end (WebAssembly memory).
 */
import type { Highs } from 'highs'
import type { RestrictedMaster, StageDuals } from '../domain/allocation/master.js'
import { tiers } from '../domain/allocation/snapshot.js'
import { TRANSIT_OBJECTIVE, ARRIVAL_OBJECTIVE } from '../domain/allocation/model.js'
import {
  holdOptimalFace,
  SolveFailed,
  type StageOutcome,
  solverOptions,
  statusName,
} from './solve.js'

const NAMES = [...tiers, TRANSIT_OBJECTIVE, ARRIVAL_OBJECTIVE]

/** One solve of the restricted master: its size then, and how many columns pricing added. */
export interface Round {
  readonly stage: number
  readonly columns: number
  readonly rows: number
  readonly added: number
  readonly solveMs: number
  readonly priceMs: number
}

export interface ColumnSolution {
  /** Flow on each of the master's arcs (`master.arcs`), at the last stage's optimum. */
  readonly flows: Float64Array
  readonly stages: readonly StageOutcome[]
  readonly rounds: readonly Round[]
}

export function solveByColumns(
  highs: Highs,
  master: RestrictedMaster,
  onStage?: (stage: StageOutcome, index: number) => void,
  onRound?: (round: Round) => void,
): ColumnSolution {
  const { maximize, minimize } = highs.constants.objectiveSense
  const columnBounds = { lower: [] as number[], upper: [] as number[] }
  const rowBounds = { lower: [] as number[], upper: [] as number[] }
  const solver = highs.createModel()
  const grow = () => {
    const { rows, columns, joined } = master.takeGrowth()
    const numCols = columnBounds.lower.length
    if (rows.lower.length > 0) {
      const count = rows.lower.length
      const first = rowBounds.lower.length
      // A group's row made as its second arc came holds its first arc (`Growth.joined`), whose
      // bound it replaces: let go, or — fixed at that bound by an earlier stage — the row fixed.
      const byRow = [...joined].sort((a, b) => a.row - b.row)
      const starts = new Int32Array(count + 1)
      for (const { row } of byRow) starts[row - first + 1]!++
      for (let k = 0; k < count; k++) starts[k + 1]! += starts[k]!
      const relaxed: number[] = []
      for (const { row, column, value } of byRow) {
        const lower = columnBounds.lower[column]!
        if (lower === columnBounds.upper[column]) {
          // Fixed anywhere but at the group's bound (0, so far the only such case): left fixed.
          const bound = rows.upper[row - first]!
          if (lower * value < bound * (1 - 1e-9)) continue
          rows.lower[row - first] = bound
        }
        columnBounds.lower[column] = 0
        columnBounds.upper[column] = Number.POSITIVE_INFINITY
        relaxed.push(column)
      }
      solver.addRows({
        lower: Float64Array.from(rows.lower),
        upper: Float64Array.from(rows.upper),
        matrix: {
          format: 'csr',
          numRows: count,
          numCols,
          starts,
          indices: Int32Array.from(byRow, (entry) => entry.column),
          values: Float64Array.from(byRow, (entry) => entry.value),
        },
      })
      rowBounds.lower.push(...rows.lower)
      rowBounds.upper.push(...rows.upper)
      if (relaxed.length > 0)
        solver.changeColsBounds(
          { kind: 'set', indices: Int32Array.from(relaxed).sort() },
          new Float64Array(relaxed.length),
          new Float64Array(relaxed.length).fill(Number.POSITIVE_INFINITY),
        )
    }
    const count = columns.lower.length
    if (count === 0) return
    const starts = new Int32Array(count + 1)
    let nonzeros = 0
    columns.entries.forEach((entries, j) => {
      nonzeros += entries.length
      starts[j + 1] = nonzeros
    })
    const indices = new Int32Array(nonzeros)
    const values = new Float64Array(nonzeros)
    let at = 0
    for (const entries of columns.entries)
      for (const [row, value] of entries) {
        indices[at] = row
        values[at++] = value
      }
    solver.addCols({
      cost: new Float64Array(count),
      lower: Float64Array.from(columns.lower),
      upper: Float64Array.from(columns.upper),
      matrix: {
        format: 'csc',
        numRows: rowBounds.lower.length,
        numCols: count,
        starts,
        indices,
        values,
      },
    })
    for (let j = 0; j < count; j++) {
      columnBounds.lower.push(columns.lower[j]!)
      columnBounds.upper.push(columns.upper[j]!)
    }
  }
  const stages: StageOutcome[] = []
  const rounds: Round[] = []
  const history: StageDuals[] = []
  let values: Float64Array = new Float64Array(0)
  try {
    solver.options.set(solverOptions)
    grow()
    NAMES.forEach((name, k) => {
      const sense = k < tiers.length ? 'max' : 'min'
      if (!master.hasTerms[k] || master.columnCount === 0) {
        const stage = { name, sense, value: 0, skipped: true } as const
        stages.push(stage)
        onStage?.(stage, k)
        return
      }
      solver.changeObjectiveSense(sense === 'max' ? maximize : minimize)
      for (;;) {
        const started = performance.now()
        solver.changeColsCost(
          { kind: 'range', from: 0, to: master.columnCount - 1 },
          master.costs(k),
        )
        solver.run()
        const status = solver.getModelStatus()
        if (status !== highs.constants.modelStatus.optimal)
          throw new SolveFailed(name, statusName(highs, status))
        const solution = solver.getSolution()
        const solved = performance.now()
        const added = master.price(k, solution, history)
        const round = {
          stage: k,
          columns: master.columnCount - added,
          rows: rowBounds.lower.length,
          added,
          solveMs: solved - started,
          priceMs: performance.now() - solved,
        }
        rounds.push(round)
        onRound?.(round)
        if (added > 0) {
          grow()
          continue
        }
        values = solution.colValue
        const stage = { name, sense, value: solver.getObjectiveValue(), skipped: false } as const
        stages.push(stage)
        onStage?.(stage, k)
        history.push(master.stageDuals(k, solution))
        if (k < NAMES.length - 1) holdOptimalFace(solver, solution, columnBounds, rowBounds)
        break
      }
    })
  } finally {
    solver.dispose()
  }
  const flows = new Float64Array(master.arcs.length)
  master.columnArc.forEach((arc, j) => {
    if (arc >= 0) flows[arc] = (values[j] as number | undefined) ?? 0
  })
  return { flows, stages, rounds }
}
