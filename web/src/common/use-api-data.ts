/**
 * @module web/common/use-api-data
 * Loads one GET resource for a component: refetches when the path or query changes, aborts the fetch
 * it replaces, and keeps showing the previous answer while the next one loads (no flicker while paging).
 */
import { useCallback, useEffect, useState } from 'react'
import { ApiError, apiGet, isAbort, type QueryParams, toQueryString } from '../api.js'

export interface ApiData<T> {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
  reload: () => void
}

export function useApiData<T>(path: string | null, params: QueryParams = {}): ApiData<T> {
  const key = path === null ? null : `${path}${toQueryString(params)}`
  const [data, setData] = useState<T>()
  const [error, setError] = useState<ApiError>()
  const [loading, setLoading] = useState(key !== null)
  const [attempt, setAttempt] = useState(0)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reload trigger
  useEffect(() => {
    if (key === null) return
    const controller = new AbortController()
    setLoading(true)
    apiGet<T>(key, undefined, { signal: controller.signal })
      .then((answer) => {
        setData(answer)
        setError(undefined)
        setLoading(false)
      })
      .catch((failure: unknown) => {
        if (isAbort(failure)) return
        setError(
          failure instanceof ApiError ? failure : new ApiError(0, 'unexpected', String(failure)),
        )
        setLoading(false)
      })
    return () => controller.abort()
  }, [key, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  return { data, error, loading, reload }
}
