/**
 * @module web/track/track-page
 * /track and /track/:code: the public tracking page, open without signing in. Anyone holding a request's
 * tracking code (read out over the radio, written on a shelter's board) sees its status, said plainly,
 * and its dates — nothing else (GET /api/track/:code). A draft is not shown until it is submitted.
 * Codes are read forgivingly: lower case, spaces and a missing "RQ-" are put right.
 */
import { type FormEvent, useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, apiGet, isAbort } from '../api.js'
import { describeError } from '../common/error-message.js'
import { toApiError } from '../common/use-submit.js'
import { StatusBadge, ZonedTime } from '../requests/request-bits.js'
import type { Tracking } from '../requests/request-model.js'
import { Link, navigate } from '../router.js'
import { useSession } from '../session/session.js'

/** "rq 7k3m 9qxa" → "RQ-7K3M9QXA"; "7K3M9QXA" → "RQ-7K3M9QXA". */
export function normaliseCode(text: string): string {
  const compact = text
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[\s\-‐－ー_]/g, '')
  if (compact === '') return ''
  const body = compact.startsWith('RQ') ? compact.slice(2) : compact
  return `RQ-${body}`
}

/** Which stage a status is at, for the public: in words a requester understands. */
const stepOf: Record<Tracking['status'], number> = {
  draft: 0,
  submitted: 1,
  validated: 2,
  rejected: 2,
  'partially-planned': 2,
  planned: 2,
  'partially-dispatched': 3,
  dispatched: 3,
  'partially-delivered': 4,
  delivered: 4,
  closed: 4,
  cancelled: 1,
}
const steps = ['submitted', 'validated', 'dispatched', 'delivered'] as const

export function TrackPage({ code }: { code?: string | undefined }) {
  const { t } = useTranslation()
  const wanted = code ? normaliseCode(code) : ''
  const [text, setText] = useState(wanted)
  const [tracking, setTracking] = useState<Tracking>()
  const [error, setError] = useState<ApiError>()
  const [loading, setLoading] = useState(false)
  const [attempt, setAttempt] = useState(0)
  const inputId = useId()
  const session = useSession()

  useEffect(() => setText(wanted), [wanted])

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    setTracking(undefined)
    setError(undefined)
    if (!wanted) return
    const controller = new AbortController()
    setLoading(true)
    apiGet<Tracking>(`/api/track/${encodeURIComponent(wanted)}`, undefined, {
      signal: controller.signal,
    })
      .then((answer) => {
        setTracking(answer)
        setLoading(false)
      })
      .catch((failure: unknown) => {
        if (isAbort(failure)) return
        setError(toApiError(failure))
        setLoading(false)
      })
    return () => controller.abort()
  }, [wanted, attempt])

  useEffect(() => {
    document.title = t('app.pageTitle', {
      page: wanted ? t('track.titleWithCode', { code: wanted }) : t('track.title'),
    })
  }, [wanted, t])

  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    const next = normaliseCode(text)
    if (!next) {
      document.getElementById(inputId)?.focus()
      return
    }
    if (next === wanted) setAttempt((n) => n + 1)
    else navigate(`/track/${encodeURIComponent(next)}`)
  }

  const notFound = error?.status === 404
  const step = tracking ? stepOf[tracking.status] : 0
  const stopped = tracking?.status === 'rejected' || tracking?.status === 'cancelled'

  return (
    <section className="page narrow-page track-page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('track.title')}
      </h1>
      <p className="subtle">{t('track.intro')}</p>
      <form className="track-form" onSubmit={onSubmit} noValidate>
        <div className="field-box">
          <label htmlFor={inputId}>{t('track.code')}</label>
          <div className="track-row">
            <input
              id={inputId}
              name="code"
              type="text"
              value={text}
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={20}
              aria-describedby={`${inputId}-hint`}
              onChange={(event) => setText(event.target.value)}
            />
            <button type="submit" className="primary">
              {t('track.submit')}
            </button>
          </div>
          <p id={`${inputId}-hint`} className="field-hint">
            {t('track.codeHint')}
          </p>
        </div>
      </form>

      <div aria-live="polite">
        {loading && <p>{t('app.loading')}</p>}
        {notFound && (
          <div className="error" role="alert">
            <p>{t('track.notFound', { code: wanted })}</p>
          </div>
        )}
        {error && !notFound && (
          <div className="error" role="alert">
            <p>
              <strong>{t('errors.title')}</strong>{' '}
              {error.code === 'rate_limited' ? t('track.rateLimited') : describeError(error, t)}
            </p>
            <button type="button" onClick={() => setAttempt((n) => n + 1)}>
              {t('app.retry')}
            </button>
          </div>
        )}
        {tracking && (
          <article className="track-result" aria-labelledby={`${inputId}-result`}>
            <h2 id={`${inputId}-result`}>
              <span className="request-code">{tracking.code}</span>
            </h2>
            <p className="track-status">
              <span className="track-status-label">{t('track.status')}</span>{' '}
              <StatusBadge status={tracking.status} large />
            </p>
            <p>{t(`track.explain.${tracking.status}`)}</p>
            {!stopped && (
              <ol className="track-steps">
                {steps.map((name, index) => {
                  const reached = step >= index + 1
                  return (
                    <li
                      key={name}
                      className={reached ? 'reached' : undefined}
                      aria-current={step === index + 1 ? 'step' : undefined}
                    >
                      <span className="visually-hidden">
                        {reached ? t('track.stepDone') : t('track.stepNotYet')}{' '}
                      </span>
                      {t(`track.step.${name}`)}
                    </li>
                  )
                })}
              </ol>
            )}
            <dl className="fields">
              <div className="field">
                <dt>{t('track.neededBy')}</dt>
                <dd>
                  <ZonedTime iso={tracking.neededBy} />
                </dd>
              </div>
              <div className="field">
                <dt>{t('track.createdAt')}</dt>
                <dd>
                  <ZonedTime iso={tracking.createdAt} />
                </dd>
              </div>
              <div className="field">
                <dt>{t('track.updatedAt')}</dt>
                <dd>
                  <ZonedTime iso={tracking.updatedAt} />
                </dd>
              </div>
            </dl>
          </article>
        )}
      </div>
      <p className="track-footer subtle">
        {session.status === 'signed-in' ? (
          <Link href="/requests">{t('track.toBoard')}</Link>
        ) : (
          <>
            {t('track.staff')} <Link href="/sign-in">{t('track.signIn')}</Link>
          </>
        )}
      </p>
    </section>
  )
}
