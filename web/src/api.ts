/**
 * @module web/api
 * The one door to the server's JSON API: every fetch of the web app goes through here (same-origin
 * credentials, JSON), and every failure comes out as an ApiError carrying the server's
 * `{ error: { code, message, details } }`. A 401 will mean "sign in": handle it here, once.
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

export async function apiGet<T>(
  path: string,
  params?: QueryParams,
  options: RequestOptions = {},
): Promise<T> {
  return apiRequest<T>('GET', `${path}${toQueryString(params)}`, undefined, options)
}

export async function apiRequest<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, {
      method,
      credentials: 'same-origin',
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { accept: 'application/json', 'content-type': 'application/json' },
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
    throw new ApiError(
      response.status,
      problem?.code ?? `http_${response.status}`,
      problem?.message ?? `${response.status} ${response.statusText}`.trim(),
      problem?.details,
    )
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
