/**
 * @module web/transport/routes-page
 * /transport: the route finder. Choose an origin, a destination and an asset kind (or one asset, whose
 * speed and range then count) and see the fastest route (GET /api/routes/fastest): its legs in a table
 * — mode, from → to, distance, time, status — and as a line on the map, beside the closed and damaged
 * legs of the network. What was asked lives in the address (?from=&to=&kind=&asset=), so a link shows
 * the same route. Those who may close a leg from the table (a road found cut) and see the route change;
 * when there is no route, the page says why (no-route-explanation.tsx). With no legs yet, it offers to
 * derive the network.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { SelectField } from '../common/form.js'
import { useApiData } from '../common/use-api-data.js'
import { useLanguage } from '../i18n/i18n.js'
import { named, type PlaceOption, placeOption, usePlaces } from '../requests/request-lookups.js'
import { setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { DeriveNetwork } from './derive-network.js'
import { LegStatusDialog, type LegToChange } from './leg-status-dialog.js'
import { NoRouteExplanation } from './no-route-explanation.js'
import { RouteMap } from './route-map.js'
import {
  type AssetKind,
  type AssetView,
  assetKinds,
  type FastestRoute,
  formatKm,
  formatMinutes,
  type LegList,
  mayWriteTransport,
  oneOf,
} from './transport-model.js'
import {
  AnyPlacePicker,
  type AssetOption,
  AssetPicker,
  assetOption,
  TransportTabs,
} from './transport-pickers.js'
import './transport.css'

const uuid = /^[0-9a-f-]{36}$/i

export function RoutesPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const writer = mayWriteTransport(session)
  const { search } = useLocation()
  const fromId = uuid.test(search.get('from') ?? '') ? (search.get('from') as string) : ''
  const toId = uuid.test(search.get('to') ?? '') ? (search.get('to') as string) : ''
  const assetId = uuid.test(search.get('asset') ?? '') ? (search.get('asset') as string) : ''
  const kindParam = oneOf(assetKinds, search.get('kind'))
  const asked = Boolean(fromId && toId && (kindParam || assetId))

  const [from, setFrom] = useState<PlaceOption>()
  const [to, setTo] = useState<PlaceOption>()
  const [kind, setKind] = useState<AssetKind | ''>(kindParam || 'truck')
  const [asset, setAsset] = useState<AssetOption>()
  const [tried, setTried] = useState(false)
  const [closing, setClosing] = useState<LegToChange>()
  const [closed, setClosed] = useState<string>()

  const found = useApiData<FastestRoute>(asked ? '/api/routes/fastest' : null, {
    from: fromId,
    to: toId,
    kind: assetId ? undefined : kindParam,
    asset: assetId || undefined,
  })
  const route = asked && !found.error ? found.data : undefined
  const network = useApiData<LegList>('/api/legs', { limit: 1 })
  const closedLegs = useApiData<LegList>('/api/legs', { status: 'closed', limit: 500 })
  const damagedLegs = useApiData<LegList>('/api/legs', { status: 'damaged', limit: 500 })
  const cut = useMemo(
    () => [...(closedLegs.data?.legs ?? []), ...(damagedLegs.data?.legs ?? [])],
    [closedLegs.data, damagedLegs.data],
  )
  const chosenAsset = useApiData<AssetView>(assetId ? `/api/assets/${assetId}` : null)
  const places = usePlaces(
    useMemo(
      () => [
        ...(fromId ? [fromId] : []),
        ...(toId ? [toId] : []),
        ...(route?.steps.flatMap((step) => [step.from, step.to]) ?? []),
        ...cut.flatMap((leg) => [leg.from, leg.to]),
      ],
      [fromId, toId, route, cut],
    ),
  )

  // A route named by the address: its places and asset shown in the fields once they arrive.
  const fromPlace = places.get(fromId)
  const toPlace = places.get(toId)
  useEffect(() => {
    if (fromPlace) setFrom((current) => current ?? placeOption(fromPlace, language, t))
  }, [fromPlace, language, t])
  useEffect(() => {
    if (toPlace) setTo((current) => current ?? placeOption(toPlace, language, t))
  }, [toPlace, language, t])
  useEffect(() => {
    if (chosenAsset.data)
      setAsset((current) => current ?? assetOption(chosenAsset.data as AssetView, t))
  }, [chosenAsset.data, t])

  const reloadCut = () => {
    closedLegs.reload()
    damagedLegs.reload()
  }

  const problems = {
    from: from ? undefined : t('transport.route.fromRequired'),
    to: to ? undefined : t('transport.route.toRequired'),
  }
  const onSubmit = (event: FormEvent) => {
    event.preventDefault()
    setTried(true)
    setClosed(undefined)
    if (!from || !to) return
    setSearchParams({
      from: from.id,
      to: to.id,
      kind: asset ? undefined : kind,
      asset: asset?.id,
    })
    // Asking again also shows legs closed meanwhile (by others, elsewhere) on the map.
    reloadCut()
    if (from.id === fromId && to.id === toId) found.reload()
  }

  const nameOfPlace = (id: string, code: string) => named(places.get(id), language, code)
  const onAsset = chosenAsset.data && assetId ? chosenAsset.data : undefined
  const warnings = route ? routeWarnings(route, onAsset, nameOfPlace, t) : []
  const empty = network.data?.total === 0
  const ends = useMemo(() => (asked ? [fromId, toId] : []), [asked, fromId, toId])

  return (
    <section className="page transport-page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('transport.route.title')}
      </h1>
      <TransportTabs />
      <p className="subtle">{t('transport.route.intro')}</p>
      {empty && (
        <>
          <p>{t('transport.route.noNetwork')}</p>
          {writer && (
            <DeriveNetwork
              empty
              onDerived={() => {
                network.reload()
                reloadCut()
                found.reload()
              }}
            />
          )}
        </>
      )}
      <form className="route-form" onSubmit={onSubmit} noValidate>
        <div className="form-grid">
          <AnyPlacePicker
            label={t('transport.route.from')}
            name="from"
            selected={from}
            onSelect={setFrom}
            error={tried ? problems.from : undefined}
            required
          />
          <AnyPlacePicker
            label={t('transport.route.to')}
            name="to"
            selected={to}
            onSelect={setTo}
            error={tried ? problems.to : undefined}
            required
          />
          <SelectField
            label={t('transport.route.kind')}
            name="kind"
            value={asset ? asset.asset.kind : kind}
            onChange={(value) => setKind(oneOf(assetKinds, value) || 'truck')}
            options={assetKinds.map((each) => ({
              value: each,
              label: t(`transport.kind.${each}`),
            }))}
            disabled={asset !== undefined}
            hint={asset ? t('transport.route.kindOfAsset') : undefined}
          />
          <AssetPicker
            label={t('transport.route.asset')}
            name="asset"
            selected={asset}
            onSelect={setAsset}
            hint={t('transport.route.assetHint')}
            optional
          />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            {t('transport.route.find')}
          </button>
        </div>
      </form>
      {closed && (
        <p className="success" role="status">
          {t('transport.route.legClosed', { leg: closed })}
        </p>
      )}
      {asked && found.error?.code === 'no_route' && <NoRouteExplanation error={found.error} />}
      {asked && found.error && found.error.code !== 'no_route' && (
        <ErrorMessage error={found.error} onRetry={found.reload} />
      )}
      <div className="route-layout">
        {route && (
          <RouteTable
            route={route}
            warnings={warnings}
            loading={found.loading}
            writer={writer}
            placeName={nameOfPlace}
            onClose={setClosing}
          />
        )}
        <RouteMap route={route} cut={cut} places={places} ends={ends} />
      </div>
      {closing && (
        <LegStatusDialog
          leg={closing}
          action="close"
          onClose={() => setClosing(undefined)}
          onDone={() => {
            setClosed(closing.label)
            setClosing(undefined)
            found.reload()
            reloadCut()
          }}
        />
      )}
    </section>
  )
}

type PlaceName = (id: string, code: string) => { text: string; lang: string | undefined }

function RouteTable({
  route,
  warnings,
  loading,
  writer,
  placeName,
  onClose,
}: {
  route: FastestRoute
  warnings: string[]
  loading: boolean
  writer: boolean
  placeName: PlaceName
  onClose: (leg: LegToChange) => void
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const start = placeName(route.from, route.steps[0]?.fromCode ?? '')
  const end = placeName(route.to, route.steps.at(-1)?.toCode ?? '')
  return (
    <div className="route-result">
      <h2>
        {t('transport.route.summary', {
          from: start.text,
          to: end.text,
          time: formatMinutes(route.minutes, t),
          distance: formatKm(route.distanceKm, language),
        })}
      </h2>
      <p className="subtle">
        {t('transport.route.basis', {
          kind: t(`transport.kind.${route.kind}`),
          speed: route.speedKmh,
          count: route.steps.length,
        })}
      </p>
      {warnings.length > 0 && (
        <ul className="route-warnings" aria-label={t('transport.route.warnings')}>
          {warnings.map((warning) => (
            <li key={warning}>{warning}</li>
          ))}
        </ul>
      )}
      <div className="table-wrap">
        <table className="data-table route-table" aria-busy={loading}>
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
              {writer && <th scope="col">{t('transport.columns.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {route.steps.map((step, index) => {
              const from = placeName(step.from, step.fromCode)
              const to = placeName(step.to, step.toCode)
              const label = `${t(`transport.mode.${step.mode}`)}: ${from.text} → ${to.text}`
              return (
                <tr key={`${step.from}>${step.to}`} data-leg={step.leg ?? undefined}>
                  <td className="number">{index + 1}</td>
                  <td>{t(`transport.mode.${step.mode}`)}</td>
                  <td>
                    <span lang={from.lang}>{from.text}</span> →{' '}
                    <span lang={to.lang}>{to.text}</span>
                    {step.leg === null && (
                      <span className="column-sub">{t('transport.route.direct')}</span>
                    )}
                  </td>
                  <td className="number nowrap">{formatKm(step.distanceKm, language)}</td>
                  <td className="number nowrap">{formatMinutes(step.minutes, t)}</td>
                  <td>
                    <span className={`leg-status leg-${step.status}`}>
                      {t(`transport.legStatus.${step.status}`)}
                    </span>
                    {step.note && <span className="column-sub">{step.note}</span>}
                  </td>
                  {writer && (
                    <td className="actions nowrap">
                      {step.leg && (
                        <button
                          type="button"
                          aria-label={t('transport.legs.closeLabel', { leg: label })}
                          onClick={() => onClose({ id: step.leg as string, label })}
                        >
                          {t('transport.legs.close')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
    </div>
  )
}

/** The warnings of a route in the reader's language: damaged legs it takes, an asset not ready. */
function routeWarnings(
  route: FastestRoute,
  asset: AssetView | undefined,
  placeName: PlaceName,
  t: (key: string, values?: Record<string, unknown>) => string,
): string[] {
  const warnings: string[] = []
  for (const step of route.steps)
    if (step.status === 'damaged')
      warnings.push(
        t(step.note ? 'transport.warning.damagedBecause' : 'transport.warning.damaged', {
          leg: `${placeName(step.from, step.fromCode).text} → ${placeName(step.to, step.toCode).text}`,
          note: step.note,
        }),
      )
  if (asset && asset.status !== 'available')
    warnings.push(
      t('transport.warning.assetStatus', {
        asset: asset.name,
        status: t(`transport.assetStatus.${asset.status}`),
      }),
    )
  const now = Date.now()
  if (
    asset &&
    ((asset.availableFrom && Date.parse(asset.availableFrom) > now) ||
      (asset.availableUntil && Date.parse(asset.availableUntil) < now))
  )
    warnings.push(t('transport.warning.assetWindow', { asset: asset.name }))
  return warnings
}
