/**
 * @module app/errors
 * Refusals that reach a user: a code from a closed set, a message that says what was wrong and what would
 * be accepted, and details naming the field, line, column or record. The server maps codes to HTTP
 * statuses and the CLI to exit codes, each in one place.
 */
import type { Problem } from '../domain/problem.js'

export type RefusalCode =
  | 'invalid_request'
  | 'invalid_file'
  | 'not_found'
  | 'version_conflict'
  | 'exists_with_different_fields'
  | 'duplicate_code'
  | 'reference_record'
  | 'unknown_reference'
  | 'unauthenticated'
  | 'forbidden'
  | 'rate_limited'
  | 'csrf_mismatch'
  | 'transfer_refused'
  | 'password_change_required'
  | 'not_allowed_by_owner'
  | 'invalid_transition'
  | 'no_route'
  | 'load_exceeds_asset'
  | 'asset_unsuitable'
  | 'tracking_refused'
  | 'replica_read_only'
  | 'stock_unavailable'
  | 'proposal_withdrawn'

export class Refusal extends Error {
  constructor(
    readonly code: RefusalCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'Refusal'
  }
}

export function refuseProblems(
  code: RefusalCode,
  what: string,
  problems: readonly Problem[],
): never {
  const first = problems[0]
  const where = first
    ? `${first.line ? `line ${first.line}, ` : ''}${first.field}: ${first.message}`
    : ''
  throw new Refusal(
    code,
    `${what}: ${where}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`,
    problems,
  )
}
