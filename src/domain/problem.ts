/**
 * @module domain/problem
 * A refusal's explanation: which field (and where in a file, when there is one) and what would be accepted.
 */
export interface Problem {
  /** The field or column, e.g. `lat` or `components[2].code`. */
  readonly field: string
  readonly message: string
  /** 1-based line of an input file, when the problem comes from one. */
  readonly line?: number
  /** 1-based column of an input file. */
  readonly column?: number
}
