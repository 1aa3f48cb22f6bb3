/**
 * @module web/consignments/route-choice
 * How a new consignment goes: the fastest route the network offers for the asset (its kind, speed and
 * range) or for a kind of asset (GET /api/routes/fastest), shown as its legs and on the route map; or
 * direct, with no legs. A route that has a direct hop (a helicopter straight to a site) goes direct;
 * when the network has no route, the page says why and the consignment goes direct.
 */
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import type { ApiError } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import { SelectField } from '../common/form.js'
import { useApiData } from '../common/use-api-data.js'
import { useLanguage } from '../i18n/i18n.js'
import { named, usePlaces } from '../requests/request-lookups.js'
import { NoRouteExplanation } from '../transport/no-route-explanation.js'
import { RouteMap } from '../transport/route-map.js'
import {
  type AssetKind,
  type AssetView,
  assetKinds,
  type FastestRoute,
  formatKm,
  formatMinutes,
  oneOf,
} from '../transport/transport-model.js'

export type RouteMode = 'fastest' | 'direct'

export interface ProposedRoute {
  route: FastestRoute | undefined
  error: ApiError | undefined
  loading: boolean
  /** The legs to send, in travel order; undefined when it goes direct. */
  legs: string[] | undefined
}

export function useProposedRoute(
  from: string | undefined,
  to: string | undefined,
  asset: AssetView | undefined,
  kind: AssetKind,
  mode: RouteMode,
): ProposedRoute {
  const asked = mode === 'fastest' && from && to && from !== to
  const found = useApiData<FastestRoute>(asked ? '/api/routes/fastest' : null, {
    from,
    to,
    kind: asset ? undefined : kind,
    asset: asset?.id,
  })
  const route = asked && !found.error ? found.data : undefined
  const fits = route && route.from === from && route.to === to ? route : undefined
  const legs =
    fits && fits.steps.length > 0 && fits.steps.every((step) => step.leg !== null)
      ? fits.steps.map((step) => step.leg as string)
      : undefined
  return { route: fits, error: asked ? found.error : undefined, loading: found.loading, legs }
}

export function RouteChoice({
  mode,
  onMode,
  kind,
  onKind,
  asset,
  proposed,
  ends,
  error,
}: {
  mode: RouteMode
  onMode: (mode: RouteMode) => void
  kind: AssetKind
  onKind: (kind: AssetKind) => void
  asset: AssetView | undefined
  proposed: ProposedRoute
  ends: readonly string[]
  /** The server's refusal of the route, if it named it. */
  error: string | undefined
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const { route } = proposed
  const places = usePlaces(
    useMemo(
      () => [...ends, ...(route?.steps.flatMap((step) => [step.from, step.to]) ?? [])],
      [ends, route],
    ),
  )
  const placeName = (id: string, code: string) => named(places.get(id), language, code)
  const direct = route && !proposed.legs

  return (
    <fieldset className="form-section route-choice">
      <legend>{t('consignments.form.route')}</legend>
      <fieldset className="chips">
        <legend>{t('consignments.fields.routeMode')}</legend>
        {(['fastest', 'direct'] as const).map((each) => (
          <label key={each} className="chip">
            <input
              type="radio"
              name="routeMode"
              value={each}
              checked={mode === each}
              onChange={() => onMode(each)}
            />
            {t(`consignments.routeMode.${each}`)}
          </label>
        ))}
      </fieldset>
      {mode === 'fastest' && (
        <div className="form-grid">
          <SelectField
            label={t('consignments.fields.kind')}
            name="kind"
            value={asset ? asset.kind : kind}
            onChange={(value) => onKind(oneOf(assetKinds, value) || 'truck')}
            options={assetKinds.map((each) => ({
              value: each,
              label: t(`transport.kind.${each}`),
            }))}
            disabled={asset !== undefined}
            hint={asset ? t('consignments.hints.kindOfAsset') : undefined}
          />
        </div>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {mode === 'fastest' && ends.length < 2 && (
        <p className="subtle">{t('consignments.form.routeNeedsEnds')}</p>
      )}
      {mode === 'fastest' && proposed.error?.code === 'no_route' && (
        <>
          <NoRouteExplanation error={proposed.error} />
          <p className="subtle">{t('consignments.form.noRouteDirect')}</p>
        </>
      )}
      {mode === 'fastest' && proposed.error && proposed.error.code !== 'no_route' && (
        <ErrorMessage error={proposed.error} />
      )}
      {mode === 'fastest' && route && (
        <div className="route-result" aria-busy={proposed.loading}>
          <p className="route-summary">
            {t('transport.route.summary', {
              from: placeName(route.from, route.steps[0]?.fromCode ?? '').text,
              to: placeName(route.to, route.steps.at(-1)?.toCode ?? '').text,
              time: formatMinutes(route.minutes, t),
              distance: formatKm(route.distanceKm, language),
            })}
          </p>
          {direct && <p className="subtle">{t('consignments.form.directHop')}</p>}
          <ol className="route-steps" aria-label={t('transport.route.legsCaption')}>
            {route.steps.map((step) => (
              <li key={`${step.from}>${step.to}`} data-leg={step.leg ?? undefined}>
                {t(`transport.mode.${step.mode}`)}:{' '}
                <span lang={placeName(step.from, step.fromCode).lang}>
                  {placeName(step.from, step.fromCode).text}
                </span>{' '}
                →{' '}
                <span lang={placeName(step.to, step.toCode).lang}>
                  {placeName(step.to, step.toCode).text}
                </span>{' '}
                ({formatMinutes(step.minutes, t)}, {formatKm(step.distanceKm, language)})
                {step.status !== 'open' && (
                  <span className={`leg-status leg-${step.status}`}>
                    {t(`transport.legStatus.${step.status}`)}
                  </span>
                )}
              </li>
            ))}
          </ol>
        </div>
      )}
      {mode === 'fastest' && ends.length === 2 && (
        <RouteMap route={route} cut={noLegs} places={places} ends={ends} />
      )}
    </fieldset>
  )
}

const noLegs: never[] = []
