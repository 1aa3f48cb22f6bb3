/**
 * @module web/transport/route-map
 * The route finder's map: the fastest route as a line over the offline basemap, its origin and
 * destination marked, and the closed and damaged legs of the network drawn dashed in their own colours
 * (the legend says which). Lines are drawn on a canvas, so the table beside the map is what a screen
 * reader reads; for tests the page exposes
 *   window.__kizunaRouteMap = { map, routeSegments(), closedSegments(), damagedSegments() }
 * (the number of lines of each kind drawn now), removed when the map unmounts.
 */
import type { Place } from '@contract/places.js'
import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { createBaseMap } from '../map/base-map.js'
import { type FastestRoute, type LegView, legLineStyle } from './transport-model.js'

declare global {
  interface Window {
    __kizunaRouteMap?: {
      map: L.Map
      routeSegments: () => number
      closedSegments: () => number
      damagedSegments: () => number
    }
  }
}

export interface RouteMapProps {
  route: FastestRoute | undefined
  /** Closed and damaged legs of the network. */
  cut: readonly LegView[]
  places: ReadonlyMap<string, Place>
  /** The places asked about: shown when there is no route to fit the map to. */
  ends: readonly string[]
}

export function RouteMap({ route, cut, places, ends }: RouteMapProps) {
  const { t } = useTranslation()
  const containerRef = useRef<HTMLElement>(null)
  const layersRef = useRef<{
    map: L.Map
    route: L.LayerGroup
    closed: L.LayerGroup
    damaged: L.LayerGroup
  } | null>(null)

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const map = createBaseMap(container, { center: [36.9, 136.8], zoom: 8, inset: true })
    // The route above the cut legs, so a damaged leg it takes still shows as the route.
    const layers = {
      map,
      damaged: L.layerGroup().addTo(map),
      closed: L.layerGroup().addTo(map),
      route: L.layerGroup().addTo(map),
    }
    layersRef.current = layers
    const count = (group: L.LayerGroup) => () =>
      group.getLayers().filter((layer) => layer instanceof L.Polyline).length
    window.__kizunaRouteMap = {
      map,
      routeSegments: count(layers.route),
      closedSegments: count(layers.closed),
      damagedSegments: count(layers.damaged),
    }
    return () => {
      delete window.__kizunaRouteMap
      layersRef.current = null
      map.remove()
    }
  }, [])

  useEffect(() => {
    const layers = layersRef.current
    if (!layers) return
    layers.closed.clearLayers()
    layers.damaged.clearLayers()
    for (const leg of cut) {
      const from = places.get(leg.from)
      const to = places.get(leg.to)
      if (!from || !to || leg.status === 'open') continue
      L.polyline(
        [
          [from.lat, from.lon],
          [to.lat, to.lon],
        ],
        { ...legLineStyle[leg.status], interactive: false },
      ).addTo(leg.status === 'closed' ? layers.closed : layers.damaged)
    }
  }, [cut, places])

  useEffect(() => {
    const layers = layersRef.current
    if (!layers) return
    layers.route.clearLayers()
    if (!route) {
      const asked = ends.flatMap((id) => {
        const place = places.get(id)
        return place ? [[place.lat, place.lon] as L.LatLngTuple] : []
      })
      if (asked.length > 0)
        layers.map.fitBounds(L.latLngBounds(asked), { padding: [48, 48], maxZoom: 10 })
      return
    }
    const points: L.LatLngTuple[] = []
    for (const step of route.steps) {
      const from = places.get(step.from)
      const to = places.get(step.to)
      if (!from || !to) continue
      L.polyline(
        [
          [from.lat, from.lon],
          [to.lat, to.lon],
        ],
        {
          ...legLineStyle.route,
          dashArray: step.status === 'damaged' ? '8 4' : undefined,
          interactive: false,
        },
      ).addTo(layers.route)
      points.push([from.lat, from.lon], [to.lat, to.lon])
    }
    const start = places.get(route.from)
    const end = places.get(route.to)
    for (const [place, colour] of [
      [start, '#1c5a25'],
      [end, '#b3261e'],
    ] as const)
      if (place)
        L.circleMarker([place.lat, place.lon], {
          radius: 8,
          color: '#ffffff',
          weight: 2,
          fillColor: colour,
          fillOpacity: 1,
          interactive: false,
        }).addTo(layers.route)
    if (points.length > 0) layers.map.fitBounds(L.latLngBounds(points), { padding: [24, 24] })
  }, [route, places, ends])

  return (
    <figure className="route-map-figure">
      <section
        ref={containerRef}
        className="mini-map route-map"
        aria-label={t('transport.map.label')}
      />
      <figcaption className="route-map-legend">
        <span className="legend-line legend-route" aria-hidden="true" /> {t('transport.map.route')}
        <span className="legend-line legend-closed" aria-hidden="true" />{' '}
        {t('transport.map.closed')}
        <span className="legend-line legend-damaged" aria-hidden="true" />{' '}
        {t('transport.map.damaged')}
      </figcaption>
    </figure>
  )
}
