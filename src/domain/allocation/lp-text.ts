/**
 * @module domain/allocation/lp-text
 * CPLEX LP text of a LinearModel: the exchange format any LP solver reads (HiGHS, GLPK's glpsol,
 * CPLEX, Gurobi), for checking a plan by a second route and for inspecting a model by eye. Names and
 * order come from the model, numbers are printed in their shortest exact form, so the same model
 * always gives the same text. Long rows are wrapped: LP readers limit line length.
 */
import type { LinearModel, SparseVector } from './linear-model.js'

/** How far an earlier objective may slip while later ones are optimised: solver tolerance, not policy. */
export const fixTolerance = (value: number) => 1e-7 * Math.max(1, Math.abs(value))

export interface ExtraRow extends SparseVector {
  readonly name: string
  readonly lower: number
  readonly upper: number
}

const WRAP = 200
const number = (value: number) => String(value)

function terms(vector: SparseVector, names: readonly string[]): string[] {
  const out: string[] = []
  for (let k = 0; k < vector.indices.length; k++) {
    const value = vector.values[k] as number
    const name = names[vector.indices[k] as number] as string
    out.push(`${value < 0 ? '-' : '+'} ${number(Math.abs(value))} ${name}`)
  }
  return out
}

function wrapped(head: string, parts: readonly string[], tail: string): string {
  const lines: string[] = []
  let current = head
  for (const part of parts) {
    if (current.length + part.length + 1 > WRAP) {
      lines.push(current)
      current = ' '
    }
    current += ` ${part}`
  }
  lines.push(`${current}${tail}`)
  return lines.join('\n')
}

function bounds(lower: number, upper: number): string {
  if (lower === upper) return ` = ${number(lower)}`
  if (lower === Number.NEGATIVE_INFINITY) return ` <= ${number(upper)}`
  if (upper === Number.POSITIVE_INFINITY) return ` >= ${number(lower)}`
  // A ranged row: none are built, and not every LP reader takes them.
  throw new Error(`lp-text: ranged row ${lower} … ${upper} is not written`)
}

/** Rows of a column-wise matrix, each with its column indices in order. */
function rowsOf(model: LinearModel): SparseVector[] {
  const count = model.rows.names.length
  const entries: [number, number][][] = Array.from({ length: count }, () => [])
  const { starts, indices, values } = model.matrix
  for (let j = 0; j + 1 < starts.length; j++)
    for (let k = starts[j] as number; k < (starts[j + 1] as number); k++)
      entries[indices[k] as number]!.push([j, values[k] as number])
  return entries.map((list) => ({
    indices: Int32Array.from(list.map(([j]) => j)),
    values: Float64Array.from(list.map(([, v]) => v)),
  }))
}

/** The model with one objective and, optionally, extra rows (an earlier objective held, say). */
export function writeLp(
  model: LinearModel,
  objective: SparseVector & { readonly sense: 'max' | 'min' },
  extraRows: readonly ExtraRow[] = [],
  title = 'Kizuna allocation model',
): string {
  const names = model.columns.names
  const out: string[] = [`\\ ${title}`, objective.sense === 'max' ? 'Maximize' : 'Minimize']
  const objectiveTerms = terms(objective, names)
  if (objectiveTerms.length === 0 && names.length > 0) objectiveTerms.push(`+ 0 ${names[0]}`)
  out.push(wrapped(' obj:', objectiveTerms, ''))
  out.push('Subject To')
  rowsOf(model).forEach((row, i) => {
    const tail = bounds(model.rows.lower[i] as number, model.rows.upper[i] as number)
    out.push(wrapped(` ${model.rows.names[i]}:`, terms(row, names), tail))
  })
  for (const row of extraRows)
    out.push(wrapped(` ${row.name}:`, terms(row, names), bounds(row.lower, row.upper)))
  out.push('Bounds')
  names.forEach((name, j) => {
    const lower = model.columns.lower[j] as number
    const upper = model.columns.upper[j] as number
    if (lower === 0 && upper === Number.POSITIVE_INFINITY) return
    if (lower === 0) out.push(` ${name} <= ${number(upper)}`)
    else if (upper === Number.POSITIVE_INFINITY) out.push(` ${name} >= ${number(lower)}`)
    else out.push(` ${number(lower)} <= ${name} <= ${number(upper)}`)
  })
  out.push('End', '')
  return out.join('\n')
}

/** The row holding objective k at its optimum (within the tolerance) while later ones are solved. */
export function holdRow(model: LinearModel, k: number, optimum: number): ExtraRow {
  const objective = model.objectives[k]!
  const slack = fixTolerance(optimum)
  return {
    name: `hold_${k}`,
    indices: objective.indices,
    values: objective.values,
    lower: objective.sense === 'max' ? optimum - slack : Number.NEGATIVE_INFINITY,
    upper: objective.sense === 'max' ? Number.POSITIVE_INFINITY : optimum + slack,
  }
}

/** Stage k of the lexicographic solve: objective k, every earlier one (with terms) held at its optimum. */
export function stageLp(model: LinearModel, k: number, optima: readonly number[]): string {
  const held = optima
    .slice(0, k)
    .map((value, j) => holdRow(model, j, value))
    .filter((row) => row.indices.length > 0)
  return writeLp(model, model.objectives[k]!, held, `Kizuna allocation model, stage ${k + 1}`)
}

/** One objective: maximise Σ weight_k × objective_k, minimised objectives counted negatively. */
export function weightedLp(model: LinearModel, weights: readonly number[]): string {
  const dense = new Float64Array(model.columns.names.length)
  model.objectives.forEach((objective, k) => {
    const weight = (weights[k] ?? 0) * (objective.sense === 'max' ? 1 : -1)
    for (let i = 0; i < objective.indices.length; i++) {
      const j = objective.indices[i] as number
      dense[j] = (dense[j] as number) + weight * (objective.values[i] as number)
    }
  })
  const kept = [...dense.keys()].filter((j) => dense[j] !== 0)
  return writeLp(
    model,
    {
      sense: 'max',
      indices: Int32Array.from(kept),
      values: Float64Array.from(kept.map((j) => dense[j] as number)),
    },
    [],
    `Kizuna allocation model, weighted ${weights.join(', ')}`,
  )
}
