/**
 * @module domain/allocation/linear-model
 * A linear program as plain sparse arrays — what a solver takes without parsing text, and what
 * crosses to a worker without copying object graphs. Rows are `lower ≤ a·x ≤ upper`, columns
 * `lower ≤ x ≤ upper`; the matrix is column-wise (CSC). Objectives are solved in order, each kept at
 * its optimum while the later ones are optimised (lexicographic).
 */

export interface SparseVector {
  readonly indices: Int32Array
  readonly values: Float64Array
}

export interface Objective extends SparseVector {
  readonly name: string
  readonly sense: 'max' | 'min'
}

export interface LinearModel {
  readonly columns: {
    readonly names: readonly string[]
    readonly lower: Float64Array
    readonly upper: Float64Array
  }
  readonly rows: {
    readonly names: readonly string[]
    readonly lower: Float64Array
    readonly upper: Float64Array
  }
  /** CSC: column j's entries are at starts[j] … starts[j + 1] − 1 (row index, value). */
  readonly matrix: {
    readonly starts: Int32Array
    readonly indices: Int32Array
    readonly values: Float64Array
  }
  readonly objectives: readonly Objective[]
}

export interface ModelSize {
  readonly columns: number
  readonly rows: number
  readonly nonzeros: number
}

export const modelSize = (model: LinearModel): ModelSize => ({
  columns: model.columns.names.length,
  rows: model.rows.names.length,
  nonzeros: model.matrix.values.length,
})

/** Builds a LinearModel column by column; rows are declared first and referred to by index. */
export class ModelBuilder {
  private readonly rowNames: string[] = []
  private readonly rowLower: number[] = []
  private readonly rowUpper: number[] = []
  private readonly colNames: string[] = []
  private readonly colLower: number[] = []
  private readonly colUpper: number[] = []
  private readonly starts: number[] = [0]
  private readonly indices: number[] = []
  private readonly values: number[] = []

  row(name: string, lower: number, upper: number): number {
    this.rowNames.push(name)
    this.rowLower.push(lower)
    this.rowUpper.push(upper)
    return this.rowNames.length - 1
  }

  /**
   * An entry of the next column (`column` closes it): entries one by one, without an array of pairs
   * per column (a model has one column per arc). Zero coefficients are left out.
   */
  entry(row: number, value: number): void {
    if (value === 0) return
    this.indices.push(row)
    this.values.push(value)
  }

  /**
   * Adds a column: the entries given by `entry` since the last column, then these. Entries must name
   * distinct rows. Zero coefficients are left out.
   */
  column(
    name: string,
    lower: number,
    upper: number,
    entries: readonly [number, number][] = [],
  ): number {
    this.colNames.push(name)
    this.colLower.push(lower)
    this.colUpper.push(upper)
    for (const [row, value] of entries) {
      if (value === 0) continue
      this.indices.push(row)
      this.values.push(value)
    }
    this.starts.push(this.indices.length)
    return this.colNames.length - 1
  }

  get columnCount() {
    return this.colNames.length
  }

  build(objectives: readonly Objective[]): LinearModel {
    return {
      columns: {
        names: this.colNames,
        lower: Float64Array.from(this.colLower),
        upper: Float64Array.from(this.colUpper),
      },
      rows: {
        names: this.rowNames,
        lower: Float64Array.from(this.rowLower),
        upper: Float64Array.from(this.rowUpper),
      },
      matrix: {
        starts: Int32Array.from(this.starts),
        indices: Int32Array.from(this.indices),
        values: Float64Array.from(this.values),
      },
      objectives,
    }
  }
}

/** A sparse vector from (index, value) pairs in index order, zeros left out. */
export function sparse(entries: readonly [number, number][]): SparseVector {
  const kept = entries.filter(([, value]) => value !== 0)
  return {
    indices: Int32Array.from(kept.map(([index]) => index)),
    values: Float64Array.from(kept.map(([, value]) => value)),
  }
}

/** A sparse vector built term by term in index order, zeros left out (as `sparse`). */
export class SparseTerms {
  private readonly indices: number[] = []
  private readonly values: number[] = []

  add(index: number, value: number): void {
    if (value === 0) return
    this.indices.push(index)
    this.values.push(value)
  }

  vector(): SparseVector {
    return { indices: Int32Array.from(this.indices), values: Float64Array.from(this.values) }
  }
}

/** Σ coefficient × x over a sparse vector. */
export function evaluate(vector: SparseVector, x: ArrayLike<number>): number {
  let sum = 0
  for (let k = 0; k < vector.indices.length; k++)
    sum += (vector.values[k] as number) * (x[vector.indices[k] as number] as number)
  return sum
}
