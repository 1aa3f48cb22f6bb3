/**
 * @module web/map/map-page
 * / (home): the common operating picture. Places in the current view as canvas circle markers coloured by
 * type, one layer per type with a toggle and a legend; refetched (debounced) when the view moves.
 *
 * For tests: canvas markers are not DOM elements, so this page exposes
 *   window.__kizunaMap = { map, pointCount() }
 * where `map` is the Leaflet map and `pointCount()` the number of place markers drawn now (on the map,
 * in visible layers). It is removed when the page unmounts.
 */
import { type Place, type PlaceList, type PlaceType, placeTypes } from '@contract/places.js'
import L from 'leaflet'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ApiError, apiGet, isAbort } from '../api.js'
import { ErrorMessage } from '../common/error-message.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { placeTypeStyle } from '../places/place-type-style.js'
import { createBaseMap } from './base-map.js'
import { placePopup } from './place-popup.js'

declare global {
  interface Window {
    __kizunaMap?: { map: L.Map; pointCount: () => number }
  }
}

/** The most the API gives in one answer. */
const placesMax = 5000
const moveDelayMs = 250

/** Where the map was when the reader left it, and which layers were on; kept while the app is open. */
let lastView: { center: L.LatLngExpression; zoom: number } = { center: [37.0, 136.9], zoom: 8 }
let lastVisible: PlaceType[] = [...placeTypes]

interface LoadState {
  loading: boolean
  shown: number
  total: number
  byType: Partial<Record<PlaceType, number>>
  error?: ApiError
}

export function MapPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const containerRef = useRef<HTMLElement>(null)
  const mapRef = useRef<L.Map | null>(null)
  const groupsRef = useRef<Map<PlaceType, L.LayerGroup> | null>(null)
  const [visible, setVisible] = useState<PlaceType[]>(lastVisible)
  const [state, setState] = useState<LoadState>({ loading: true, shown: 0, total: 0, byType: {} })
  const [attempt, setAttempt] = useState(0)

  // The map, its layers and the test hook: made once per visit.
  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const map = createBaseMap(container, lastView)
    const groups = new Map(placeTypes.map((type) => [type, L.layerGroup()] as const))
    mapRef.current = map
    groupsRef.current = groups
    map.on('moveend', () => {
      lastView = { center: map.getCenter(), zoom: map.getZoom() }
    })
    window.__kizunaMap = {
      map,
      pointCount: () =>
        [...groups.values()].reduce(
          (sum, group) => sum + (map.hasLayer(group) ? group.getLayers().length : 0),
          0,
        ),
    }
    return () => {
      delete window.__kizunaMap
      mapRef.current = null
      groupsRef.current = null
      map.remove()
    }
  }, [])

  // Layers on or off at once; the places of newly shown types come with the next fetch.
  useEffect(() => {
    const map = mapRef.current
    const groups = groupsRef.current
    if (!map || !groups) return
    lastVisible = visible
    for (const [type, group] of groups) {
      if (visible.includes(type)) group.addTo(map)
      else group.remove()
    }
  }, [visible])

  // Fetch the places in view (of the visible types) now and after every move.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    const map = mapRef.current
    const groups = groupsRef.current
    if (!map || !groups) return
    let controller: AbortController | undefined
    let timer: number | undefined

    const load = async () => {
      controller?.abort()
      controller = new AbortController()
      if (visible.length === 0) {
        for (const group of groups.values()) group.clearLayers()
        setState({ loading: false, shown: 0, total: 0, byType: {} })
        return
      }
      setState((previous) => ({ ...previous, loading: true, error: undefined }))
      try {
        const answer = await apiGet<PlaceList>(
          '/api/places',
          {
            bbox: bboxOf(map),
            type: visible.length === placeTypes.length ? undefined : visible,
            limit: placesMax,
          },
          { signal: controller.signal },
        )
        const byType = draw(groups, answer.places)
        setState({ loading: false, shown: answer.places.length, total: answer.total, byType })
      } catch (error) {
        if (isAbort(error)) return
        const failure =
          error instanceof ApiError ? error : new ApiError(0, 'unexpected', String(error))
        setState((previous) => ({ ...previous, loading: false, error: failure }))
      }
    }
    const onMove = () => {
      window.clearTimeout(timer)
      timer = window.setTimeout(load, moveDelayMs)
    }
    void load()
    map.on('moveend', onMove)
    return () => {
      map.off('moveend', onMove)
      window.clearTimeout(timer)
      controller?.abort()
    }
  }, [visible, attempt])

  const toggle = (type: PlaceType, on: boolean) =>
    setVisible(placeTypes.filter((each) => (each === type ? on : visible.includes(each))))

  return (
    <section className="map-page" aria-labelledby="page-title">
      <h1 id="page-title" className="visually-hidden" tabIndex={-1}>
        {t('map.title')}
      </h1>
      <section ref={containerRef} className="map" aria-label={t('map.mapLabel')} />
      <aside className="map-panel">
        <fieldset className="legend">
          <legend>{t('map.layers')}</legend>
          {placeTypes.map((type) => (
            <label key={type} className="legend-entry">
              <input
                type="checkbox"
                checked={visible.includes(type)}
                onChange={(event) => toggle(type, event.target.checked)}
              />
              <span
                className="legend-dot"
                style={{ background: placeTypeStyle[type].colour }}
                aria-hidden="true"
              />
              <span className="legend-name">{t(`placeType.${type}`)}</span>
              <span className="legend-count">
                {visible.includes(type) ? formatNumber(state.byType[type] ?? 0, language) : ''}
              </span>
            </label>
          ))}
        </fieldset>
        <p className="map-status" aria-live="polite">
          {state.loading
            ? t('map.loading')
            : state.shown < state.total
              ? t('map.truncated', {
                  shown: formatNumber(state.shown, language),
                  total: formatNumber(state.total, language),
                })
              : t('map.shown', { count: state.shown, shown: formatNumber(state.shown, language) })}
        </p>
        {state.error && (
          <ErrorMessage error={state.error} onRetry={() => setAttempt((n) => n + 1)} />
        )}
      </aside>
    </section>
  )
}

/** The view, a fifth larger each side so small pans need no refetch, clamped to the API's valid range. */
function bboxOf(map: L.Map): string {
  const bounds = map.getBounds().pad(0.2)
  const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))
  const west = clamp(bounds.getWest(), -180, 180)
  const south = clamp(bounds.getSouth(), -90, 90)
  const east = clamp(bounds.getEast(), -180, 180)
  const north = clamp(bounds.getNorth(), -90, 90)
  return [west, south, east, north].map((value) => value.toFixed(4)).join(',')
}

function draw(
  groups: Map<PlaceType, L.LayerGroup>,
  places: readonly Place[],
): Partial<Record<PlaceType, number>> {
  const byType: Partial<Record<PlaceType, number>> = {}
  for (const group of groups.values()) group.clearLayers()
  // Many small shelters first, the few hubs and airports last: drawn on top.
  const order = (place: Place) => -placeTypes.indexOf(place.type)
  for (const place of [...places].sort((a, b) => order(a) - order(b))) {
    const group = groups.get(place.type)
    if (!group) continue
    const style = placeTypeStyle[place.type]
    L.circleMarker([place.lat, place.lon], {
      radius: style.radius,
      color: '#ffffff',
      weight: 1,
      fillColor: style.colour,
      fillOpacity: 0.9,
    })
      .bindPopup(() => placePopup(place))
      .addTo(group)
    byType[place.type] = (byType[place.type] ?? 0) + 1
  }
  return byType
}
