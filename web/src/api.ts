/**
 * @module web/api
 * The one door to the server's JSON API: every fetch of the web app goes through here (same-origin
 * credentials, JSON), and every failure comes out as an ApiError carrying the server's
 * `{ error: { code, message, details } }`. Sessions are handled here, once: every state-changing request
 * carries the session's CSRF token (`x-csrf-token`, kept in memory and refreshed from /api/auth/session
 * if the server says it no longer matches), and a 401 from anything but the sign-in endpoints tells the
 * listeners (the session store) that the caller must sign in again.
 */
import type { ErrorBody } from '@contract/common.js'

export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly details: unknown

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.details = details
  }
}

/** Query values; undefined, null, '' and empty lists are left out. Lists are joined with commas. */
export type QueryParams = Record<string, string | number | readonly string[] | undefined | null>

export function toQueryString(params: QueryParams = {}): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue
    if (Array.isArray(value)) {
      if (value.length > 0) search.set(key, value.join(','))
    } else {
      search.set(key, String(value))
    }
  }
  const text = search.toString()
  return text ? `?${text}` : ''
}

export interface RequestOptions {
  signal?: AbortSignal
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'

let csrfToken: string | undefined

/** The CSRF token of the current session (from its SessionView), or undefined when signed out. */
export function setCsrfToken(token: string | undefined): void {
  csrfToken = token
}

const unauthenticatedListeners = new Set<() => void>()

/** Called whenever the server answers 401 to a request that needed a session: it ended or expired. */
export function onUnauthenticated(listener: () => void): () => void {
  unauthenticatedListeners.add(listener)
  return () => unauthenticatedListeners.delete(listener)
}

/** Where a 401 is an answer rather than a lost session: a wrong password, or "am I signed in?". */
const signInPaths = ['/api/auth/login', '/api/auth/session']

function isStateChanging(method: Method): boolean {
  return method !== 'GET'
}

export async function apiGet<T>(
  path: string,
  params?: QueryParams,
  options: RequestOptions = {},
): Promise<T> {
  return apiRequest<T>('GET', `${path}${toQueryString(params)}`, undefined, options)
}

export async function apiRequest<T>(
  method: Method,
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  try {
    return await send<T>(method, url, body, options)
  } catch (error) {
    // Another tab signed in again (a new session, a new token): fetch the token once and retry.
    if (
      error instanceof ApiError &&
      error.code === 'csrf_mismatch' &&
      isStateChanging(method) &&
      (await refreshCsrfToken(options.signal))
    ) {
      return send<T>(method, url, body, options)
    }
    throw error
  }
}

async function send<T>(
  method: Method,
  url: string,
  body: unknown,
  options: RequestOptions,
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (isStateChanging(method) && csrfToken) headers['x-csrf-token'] = csrfToken
  let response: Response
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    })
  } catch (error) {
    if (isAbort(error)) throw error
    throw new ApiError(0, 'network', error instanceof Error ? error.message : String(error))
  }
  const text = await response.text()
  const json = parseJson(text)
  if (!response.ok) {
    const problem = (json as Partial<ErrorBody> | undefined)?.error
    const failure = new ApiError(
      response.status,
      problem?.code ?? `http_${response.status}`,
      problem?.message ?? `${response.status} ${response.statusText}`.trim(),
      problem?.details,
    )
    if (response.status === 401 && !signInPaths.includes(url.split('?')[0] ?? '')) {
      csrfToken = undefined
      for (const listener of unauthenticatedListeners) listener()
    }
    throw failure
  }
  if (json === undefined && text !== '') {
    throw new ApiError(
      response.status,
      'bad_response',
      `the server answered ${url} with something other than JSON`,
    )
  }
  return json as T
}

/** Fetches the session's CSRF token again; false when there is no session any more. */
async function refreshCsrfToken(signal: AbortSignal | undefined): Promise<boolean> {
  try {
    const session = await send<{ csrfToken: string }>(
      'GET',
      '/api/auth/session',
      undefined,
      signal ? { signal } : {},
    )
    csrfToken = session.csrfToken
    return true
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      csrfToken = undefined
      for (const listener of unauthenticatedListeners) listener()
    }
    return false
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError'
}

function parseJson(text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}
