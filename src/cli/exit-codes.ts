/**
 * @module cli/exit-codes
 * Exit codes scripts can rely on (after sysexits.h where one fits).
 */
export const exitCodes = {
  ok: 0,
  /** Something unexpected; the message says what. */
  failure: 1,
  /** Wrong flags or arguments (commander's usage errors). */
  usage: 2,
  /** `kizuna verify` found the event log or its signatures altered. */
  verifyFailed: 3,
  /** The input was refused: a bad row, a bad field. Nothing was written. */
  dataError: 65,
  /** The input file does not exist or cannot be read. */
  noInput: 66,
} as const
