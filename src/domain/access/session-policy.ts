/**
 * @module domain/access/session-policy
 * How long a sign-in lasts and when sign-in attempts are throttled. Pure: the time is passed in.
 */

/** A session ends after this long without a request (a shift's break, not a whole night). */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000
/** …and in any case this long after sign-in: a shift. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000
/** last_seen is written at most this often, to keep reads from becoming writes. */
export const SESSION_TOUCH_MS = 60 * 1000

export const SIGN_IN_FAILURES_MAX = 10
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000

export interface SessionTimes {
  readonly createdAt: string
  readonly lastSeenAt: string
  readonly expiresAt: string
  readonly endedAt: string | null
}

export function sessionState(
  session: SessionTimes,
  now: Date,
): 'active' | 'idle_expired' | 'expired' | 'ended' {
  if (session.endedAt) return 'ended'
  if (now.getTime() >= Date.parse(session.expiresAt)) return 'expired'
  if (now.getTime() - Date.parse(session.lastSeenAt) >= SESSION_IDLE_MS) return 'idle_expired'
  return 'active'
}

/** Seconds to wait before the next sign-in attempt for a username, or 0 when one may be made now. */
export function signInRetryAfterSeconds(failureTimes: readonly string[], now: Date): number {
  const windowStart = now.getTime() - SIGN_IN_WINDOW_MS
  const recent = failureTimes
    .map((t) => Date.parse(t))
    .filter((t) => t > windowStart)
    .sort((a, b) => a - b)
  if (recent.length < SIGN_IN_FAILURES_MAX) return 0
  // The window passes when the oldest counted failure leaves it.
  const oldest = recent[recent.length - SIGN_IN_FAILURES_MAX] ?? now.getTime()
  return Math.max(1, Math.ceil((oldest + SIGN_IN_WINDOW_MS - now.getTime()) / 1000))
}
