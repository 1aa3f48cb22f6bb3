/**
 * @module web/session/session
 * Who is signed in, for the whole app: one small store (the SessionView from /api/auth/session, or
 * signed out), the actions that change it (sign in, sign out, change password) and a hook to read it.
 * The CSRF token of the session is handed to api.ts; a 401 anywhere ends the session here.
 */
import type { RoleName, SessionView } from '@contract/access.js'
import { useSyncExternalStore } from 'react'
import { ApiError, apiGet, apiRequest, onUnauthenticated, setCsrfToken } from '../api.js'

export type SessionState =
  | { status: 'unknown' }
  /** The server could not be asked (network, 5xx): the app cannot tell who you are yet. */
  | { status: 'unavailable'; error: ApiError }
  /**
   * Why: `start` (no session when the app opened), `expired` (it ended while in use: timed out, signed
   * out elsewhere, account disabled) or `signed-out` (the user signed out here).
   */
  | { status: 'signed-out'; reason: 'start' | 'expired' | 'signed-out' }
  | { status: 'signed-in'; session: SessionView }

let state: SessionState = { status: 'unknown' }
const listeners = new Set<() => void>()

function setState(next: SessionState): void {
  state = next
  setCsrfToken(next.status === 'signed-in' ? next.session.csrfToken : undefined)
  for (const listener of listeners) listener()
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

onUnauthenticated(() => {
  if (state.status === 'signed-in') setState({ status: 'signed-out', reason: 'expired' })
})

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, () => state)
}

/** The session of a screen shown only when signed in. */
export function useSignedInSession(): SessionView {
  const current = useSession()
  if (current.status !== 'signed-in') throw new Error('this screen needs a signed-in user')
  return current.session
}

export function hasRole(session: SessionView, role: RoleName): boolean {
  return session.user.roles.includes(role)
}

let loading: Promise<void> | undefined

/** Asks the server who is signed in (at start, and after a password change). */
export function loadSession(): Promise<void> {
  loading ??= apiGet<SessionView>('/api/auth/session')
    .then(
      (session) => setState({ status: 'signed-in', session }),
      (error: unknown) => {
        if (error instanceof ApiError && error.status === 401)
          setState({ status: 'signed-out', reason: 'start' })
        else
          setState({
            status: 'unavailable',
            error: error instanceof ApiError ? error : new ApiError(0, 'unexpected', String(error)),
          })
      },
    )
    .finally(() => {
      loading = undefined
    })
  return loading
}

/** Signs in; throws the ApiError (401 wrong credentials, 429 rate_limited) for the form to show. */
export async function signIn(username: string, password: string): Promise<SessionView> {
  const session = await apiRequest<SessionView>('POST', '/api/auth/login', { username, password })
  setState({ status: 'signed-in', session })
  return session
}

export async function signOut(): Promise<void> {
  try {
    await apiRequest<void>('POST', '/api/auth/logout')
  } catch (error) {
    // Already signed out (401) is what we wanted; anything else must be said.
    if (!(error instanceof ApiError && error.status === 401)) throw error
  }
  setState({ status: 'signed-out', reason: 'signed-out' })
}

export async function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  await apiRequest<void>('POST', '/api/auth/password', { currentPassword, newPassword })
  await loadSession()
}
