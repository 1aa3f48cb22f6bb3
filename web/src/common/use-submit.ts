/**
 * @module web/common/use-submit
 * A form's round trip to the server: busy while it runs (to disable the button), and the refusal, if
 * any, as an ApiError for FormError and fieldErrorsOf.
 */
import { useCallback, useState } from 'react'
import { ApiError } from '../api.js'

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: ApiError }

export function toApiError(failure: unknown): ApiError {
  return failure instanceof ApiError ? failure : new ApiError(0, 'unexpected', String(failure))
}

export function useSubmit() {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ApiError>()
  const run = useCallback(async <T>(action: () => Promise<T>): Promise<Outcome<T>> => {
    setBusy(true)
    setError(undefined)
    try {
      const value = await action()
      return { ok: true, value }
    } catch (failure) {
      const apiError = toApiError(failure)
      setError(apiError)
      return { ok: false, error: apiError }
    } finally {
      setBusy(false)
    }
  }, [])
  const clear = useCallback(() => setError(undefined), [])
  return { busy, error, run, clear }
}
