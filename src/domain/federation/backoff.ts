/**
 * @module domain/federation/backoff
 * How long a node waits before asking a peer again after failures: doubling from `baseMs` up to
 * `maxMs`, with half of each wait random so that nodes cut off together do not all return at once.
 * The random number is passed in.
 */

export interface BackoffPolicy {
  readonly baseMs: number
  readonly maxMs: number
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1000, maxMs: 5 * 60_000 }

/** The wait after `failures` failures in a row (none after none); `random` is in [0, 1). */
export function backoffDelayMs(
  failures: number,
  random: number,
  policy: BackoffPolicy = defaultBackoff,
): number {
  if (failures <= 0) return 0
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(failures - 1, 30))
  const jitter = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0
  return Math.round(ceiling / 2 + (ceiling / 2) * jitter)
}
