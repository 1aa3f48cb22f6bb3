/**
 * @module web/transport/no-route-explanation
 * There is no route (422 no_route): why, in the reader's words — the places are the same, an aircraft
 * cannot reach (a hop longer than its range), no legs join them for this kind of asset, or every route
 * is cut by closed legs, each named by its places and the reason it was closed (the refusal names the
 * legs by id; their places are fetched here).
 */
import { useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { type ApiError, apiGet } from '../api.js'
import { useLanguage } from '../i18n/i18n.js'
import { named, usePlaces } from '../requests/request-lookups.js'
import type { LegView, NoRouteDetails } from './transport-model.js'

const reasons = ['closed_legs', 'out_of_range', 'not_connected', 'same_place', 'unknown_place']

export function NoRouteExplanation({ error }: { error: ApiError }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const details = error.details as Partial<NoRouteDetails> | undefined
  const reason = details?.reason && reasons.includes(details.reason) ? details.reason : undefined
  const closed = useMemo(() => details?.closedLegs ?? [], [details])
  const [legs, setLegs] = useState<Map<string, LegView>>(new Map())

  useEffect(() => {
    let live = true
    void Promise.all(
      closed.map((leg) => apiGet<LegView>(`/api/legs/${leg.id}`).catch(() => undefined)),
    ).then((loaded) => {
      if (!live) return
      setLegs(new Map(loaded.flatMap((leg) => (leg ? [[leg.id, leg] as const] : []))))
    })
    return () => {
      live = false
    }
  }, [closed])
  const places = usePlaces(
    useMemo(() => [...legs.values()].flatMap((leg) => [leg.from, leg.to]), [legs]),
  )

  return (
    <div className="error no-route" role="alert">
      <p>
        <strong>{t('transport.noRoute.title')}</strong>{' '}
        {reason ? t(`transport.noRoute.${reason}`) : error.message}
      </p>
      {closed.length > 0 && (
        <ul className="no-route-legs">
          {closed.map((each) => {
            const leg = legs.get(each.id)
            const from = leg ? named(places.get(leg.from), language, '…') : undefined
            const to = leg ? named(places.get(leg.to), language, '…') : undefined
            return (
              <li key={each.id}>
                {t(`transport.mode.${each.mode}`)}
                {from && to && (
                  <>
                    {': '}
                    <span lang={from.lang}>{from.text}</span> →{' '}
                    <span lang={to.lang}>{to.text}</span>
                  </>
                )}
                {each.note && <> — {t('transport.noRoute.closedBecause', { note: each.note })}</>}
              </li>
            )
          })}
        </ul>
      )}
    </div>
  )
}
