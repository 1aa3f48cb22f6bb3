/**
 * @module web/consignments/consignment-route
 * The legs a consignment takes (GET /api/legs/:id each), in travel order and direction, with mode,
 * distance, time and status — a leg closed since it was planned shows as closed — and the same drawn
 * on the route map. With no legs it goes direct, and the map shows the two places.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useLanguage } from '../i18n/i18n.js'
import { named, usePlaces } from '../requests/request-lookups.js'
import { RouteMap } from '../transport/route-map.js'
import { type FastestRoute, formatKm, formatMinutes } from '../transport/transport-model.js'
import { useLegs } from './consignment-lookups.js'
import type { Consignment } from './consignment-model.js'

export function ConsignmentRoute({ consignment }: { consignment: Consignment }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const legs = useLegs(consignment.route)
  const places = usePlaces(
    useMemo(
      () => [
        consignment.origin,
        consignment.destination,
        ...[...legs.values()].flatMap((leg) => [leg.from, leg.to]),
      ],
      [consignment.origin, consignment.destination, legs],
    ),
  )
  // Legs are stored one way round; the consignment may travel them the other way.
  const ordered = useMemo(() => {
    let at = consignment.origin
    return consignment.route.flatMap((id) => {
      const leg = legs.get(id)
      if (!leg) return []
      const forward = leg.from === at || leg.to !== at
      const step = forward ? leg : { ...leg, from: leg.to, to: leg.from }
      at = step.to
      return [step]
    })
  }, [consignment.origin, consignment.route, legs])
  const byId = new Map(ordered.map((leg) => [leg.id, leg]))
  // The map draws a route of steps; the consignment's legs are one once they have all arrived.
  const route = useMemo<FastestRoute | undefined>(() => {
    if (ordered.length === 0 || ordered.length !== consignment.route.length) return undefined
    return {
      from: consignment.origin,
      to: consignment.destination,
      kind: 'truck',
      speedKmh: 0,
      rangeKm: null,
      steps: ordered.map((leg) => ({
        leg: leg.id,
        mode: leg.mode,
        from: leg.from,
        to: leg.to,
        fromCode: places.get(leg.from)?.code ?? '',
        toCode: places.get(leg.to)?.code ?? '',
        distanceKm: leg.distanceKm,
        minutes: leg.transitMinutes,
        status: leg.status,
        note: leg.note,
      })),
      distanceKm: ordered.reduce((sum, leg) => sum + leg.distanceKm, 0),
      minutes: ordered.reduce((sum, leg) => sum + leg.transitMinutes, 0),
      warnings: [],
    }
  }, [ordered, consignment, places])
  const ends = useMemo(
    () => [consignment.origin, consignment.destination],
    [consignment.origin, consignment.destination],
  )
  const placeName = (id: string) => named(places.get(id), language, '…')

  return (
    <section className="panel consignment-route" aria-labelledby="route-title">
      <h2 id="route-title">{t('consignments.detail.route')}</h2>
      {consignment.route.length === 0 ? (
        <p>{t('consignments.detail.direct')}</p>
      ) : (
        <div className="table-wrap">
          <table className="data-table route-table">
            <caption className="visually-hidden">{t('transport.route.legsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col" className="number">
                  #
                </th>
                <th scope="col">{t('transport.columns.mode')}</th>
                <th scope="col">{t('transport.columns.fromTo')}</th>
                <th scope="col" className="number">
                  {t('transport.columns.distance')}
                </th>
                <th scope="col" className="number">
                  {t('transport.columns.time')}
                </th>
                <th scope="col">{t('transport.columns.status')}</th>
              </tr>
            </thead>
            <tbody>
              {consignment.route.map((id, index) => {
                const leg = byId.get(id)
                if (!leg)
                  return (
                    <tr key={id} data-leg={id}>
                      <td className="number">{index + 1}</td>
                      <td colSpan={5}>…</td>
                    </tr>
                  )
                const from = placeName(leg.from)
                const to = placeName(leg.to)
                return (
                  <tr key={id} data-leg={id}>
                    <td className="number">{index + 1}</td>
                    <td>{t(`transport.mode.${leg.mode}`)}</td>
                    <td>
                      <span lang={from.lang}>{from.text}</span> →{' '}
                      <span lang={to.lang}>{to.text}</span>
                    </td>
                    <td className="number nowrap">{formatKm(leg.distanceKm, language)}</td>
                    <td className="number nowrap">{formatMinutes(leg.transitMinutes, t)}</td>
                    <td>
                      <span className={`leg-status leg-${leg.status}`}>
                        {t(`transport.legStatus.${leg.status}`)}
                      </span>
                      {leg.note && <span className="column-sub">{leg.note}</span>}
                    </td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      )}
      <RouteMap route={route} cut={noLegs} places={places} ends={ends} />
    </section>
  )
}

const noLegs: never[] = []
