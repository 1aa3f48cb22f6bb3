/**
 * @module web/map/map-page
 * / (home): the common operating picture a coordinator leaves open all day. Places by group (hubs
 * sized by the stock they have available, shelters coloured by their most urgent open need, airports,
 * ports, others) clustered where dense; requests as rings at their destinations; consignments on
 * their way along their route with arrowheads and their last position, late ones red; closed and
 * damaged legs; the operation's affected area. A layer control with the legend, and filters kept in
 * the address (?operation=&status=&priority=&type=&hide=). A click on anything opens its popup with a
 * link to its record. Places come from GET /api/map/places (by box), the rest from GET /api/map.
 *
 * For tests: canvas markers are not DOM elements, so this page exposes
 *   window.__kizunaMap = { map, pointCount(), counts(), placeOf(code) }
 * `pointCount()` is the number of places in the shown place layers (clustered or not), `counts()` the
 * clusters and single markers drawn now per point layer plus the lines drawn, and `placeOf(code)` a
 * loaded place. It is removed when the page unmounts.
 */
import type L from 'leaflet'
import { useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { useApiData } from '../common/use-api-data.js'
import { formatDateTime, formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { setSearchParams, useLocation } from '../router.js'
import { MapFilterBar } from './map-filters.js'
import { MapLegend } from './map-legend.js'
import {
  filtersOf,
  type LayerId,
  layers,
  type MapPicture,
  pictureQuery,
  placeLayers,
} from './map-model.js'
import { createView, exposeForTests, fillPicture, fillPlaces, type MapView } from './map-view.js'
import { useMapPlaces } from './use-map-places.js'
import './map.css'

export function MapPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const { search } = useLocation()
  const searchText = search.toString()
  const filters = useMemo(() => filtersOf(new URLSearchParams(searchText)), [searchText])
  const containerRef = useRef<HTMLElement>(null)
  const [view, setView] = useState<MapView | null>(null)
  const [attempt, setAttempt] = useState(0)
  const places = useMapPlaces(view?.map ?? null, attempt)
  const picture = useApiData<MapPicture>('/api/map', pictureQuery(filters))

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const made = createView(container)
    setView(made)
    const unexpose = exposeForTests(made)
    return () => {
      unexpose()
      made.dispose()
    }
  }, [])

  // Layers on and off as the address says; lines first, so the points are drawn over them.
  const hidden = filters.hidden
  useEffect(() => {
    if (!view) return
    const { map, lines } = view
    const shown = (layer: LayerId) => !hidden.includes(layer)
    const toggle = (layer: L.Layer, on: boolean) => (on ? layer.addTo(map) : layer.remove())
    toggle(lines.areaFill, shown('area'))
    toggle(lines.areaOutline, shown('area'))
    toggle(lines.legs, shown('legs'))
    toggle(lines.consignments, shown('consignments'))
    toggle(view.places, true)
    toggle(view.hubs, shown('hubs'))
    toggle(view.requests, shown('requests'))
    toggle(lines.positions, shown('consignments'))
  }, [view, hidden])

  // The data into the layers.
  const data = picture.data
  const placeCounts = useMemo(
    () => (view ? fillPlaces(view, places.places, data, filters) : {}),
    [view, places.places, data, filters],
  )
  // Lines and requests only when the picture changes: their open popups stay open while panning.
  const pictureCounts = useMemo(() => (view ? fillPicture(view, data) : {}), [view, data])
  const shownCounts = { ...placeCounts, ...pictureCounts }

  // A newly chosen operation brings its affected area into view, once.
  const fitted = useRef('')
  const operationShown = data?.operation?.id ?? ''
  useEffect(() => {
    if (!view || fitted.current === operationShown) return
    fitted.current = operationShown
    if (!operationShown) return
    const bounds = view.lines.areaFill.getBounds()
    if (bounds.isValid()) view.map.fitBounds(bounds, { padding: [24, 24], maxZoom: 11 })
  }, [view, operationShown])

  const placesShown = placeLayers.reduce(
    (sum, layer) => sum + (filters.hidden.includes(layer) ? 0 : (shownCounts[layer] ?? 0)),
    0,
  )
  const toggle = (layer: LayerId, on: boolean) => {
    const hidden = layers.filter((each) => (each === layer ? !on : filters.hidden.includes(each)))
    setSearchParams({ hide: hidden.join(',') }, { replace: true })
  }
  const error = places.error ?? picture.error

  return (
    <section className="map-page picture-map" aria-labelledby="page-title">
      <h1 id="page-title" className="visually-hidden" tabIndex={-1}>
        {t('map.title')}
      </h1>
      <section ref={containerRef} className="map" aria-label={t('map.mapLabel')} />
      <aside className="map-panel" aria-label={t('map.panelLabel')}>
        <MapFilterBar filters={filters} />
        <p className="map-status" aria-live="polite">
          {places.loading || picture.loading
            ? t('map.loading')
            : places.truncated
              ? t('map.truncatedBox', { shown: formatNumber(placesShown, language) })
              : t('map.shown', { count: placesShown, shown: formatNumber(placesShown, language) })}
        </p>
        {data && (
          <p className="map-updated">
            {t('map.updated', { time: formatDateTime(data.generatedAt, language) })}{' '}
            <button type="button" onClick={picture.reload}>
              {t('map.refresh')}
            </button>
          </p>
        )}
        {error && (
          <ErrorMessage
            error={error}
            onRetry={() => {
              setAttempt((n) => n + 1)
              picture.reload()
            }}
          />
        )}
        <MapLegend
          hidden={filters.hidden}
          counts={shownCounts}
          areaNames={(data?.areas ?? []).map((area) => area.name)}
          onToggle={toggle}
        />
      </aside>
    </section>
  )
}
