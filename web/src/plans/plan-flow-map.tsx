/**
 * @module web/plans/plan-flow-map
 * The plan's flows on the offline basemap: one line from each origin to each destination its sorties
 * join, as wide as the tonnes it carries, in the colour (and dash) of the most urgent tier aboard.
 * Clicking a line — or its row's button in the table beside, for keyboards and screen readers — shows
 * that flow's consignments and their lines. Lines are drawn on a canvas; for tests the page exposes
 *   window.__kizunaPlanMap = { map, flows(), pointOf(key) }
 * (the number of flows drawn, and where a flow's middle is on the map's container), removed when the
 * map unmounts.
 */
import type { Place } from '@contract/places.js'
import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { createBaseMap } from '../map/base-map.js'
import { named } from '../requests/request-lookups.js'
import { type Flow, flowWeight, type Tier } from './plan-rules.js'

declare global {
  interface Window {
    __kizunaPlanMap?: {
      map: L.Map
      flows: () => number
      pointOf: (key: string) => { x: number; y: number } | null
    }
  }
}

/** Colour and dash per tier: told apart by more than colour. */
export const tierLineStyle: Record<Tier, { color: string; dashArray?: string }> = {
  'life-saving': { color: '#b3261e' },
  'life-sustaining': { color: '#8a5a00', dashArray: '12 6' },
  other: { color: '#1f5fa8', dashArray: '3 7' },
}

export interface FlowMapProps {
  flows: readonly Flow[]
  places: ReadonlyMap<string, Place>
  selected: string | undefined
  onSelect: (key: string) => void
}

export function PlanFlowMap({ flows, places, selected, onSelect }: FlowMapProps) {
  const { t } = useTranslation()
  const language = useLanguage()
  const containerRef = useRef<HTMLElement>(null)
  const layersRef = useRef<{ map: L.Map; flows: L.LayerGroup; ends: L.LayerGroup } | null>(null)
  const middles = useRef(new Map<string, L.LatLng>())
  const onSelectRef = useRef(onSelect)
  onSelectRef.current = onSelect

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const map = createBaseMap(container, { center: [36.9, 136.8], zoom: 8, inset: true })
    const layers = { map, ends: L.layerGroup().addTo(map), flows: L.layerGroup().addTo(map) }
    layersRef.current = layers
    window.__kizunaPlanMap = {
      map,
      flows: () => layers.flows.getLayers().filter((layer) => layer instanceof L.Polyline).length,
      pointOf: (key) => {
        const middle = middles.current.get(key)
        return middle ? map.latLngToContainerPoint(middle) : null
      },
    }
    return () => {
      delete window.__kizunaPlanMap
      layersRef.current = null
      map.remove()
    }
  }, [])

  // Fit the map to the flows' ends when the flows (or their places) change, not on a selection.
  useEffect(() => {
    const layers = layersRef.current
    if (!layers) return
    const points = flows.flatMap((flow) =>
      [flow.origin, flow.destination].flatMap((id) => {
        const place = places.get(id)
        return place ? [[place.lat, place.lon] as L.LatLngTuple] : []
      }),
    )
    if (points.length > 0)
      layers.map.fitBounds(L.latLngBounds(points), { padding: [32, 32], maxZoom: 11 })
  }, [flows, places])

  useEffect(() => {
    const layers = layersRef.current
    if (!layers) return
    layers.flows.clearLayers()
    layers.ends.clearLayers()
    middles.current.clear()
    const heaviest = Math.max(0, ...flows.map((flow) => flow.tonnes))
    // The selected flow last, so it is drawn above the others.
    const ordered = [...flows].sort(
      (a, b) => Number(a.key === selected) - Number(b.key === selected),
    )
    for (const flow of ordered) {
      const from = places.get(flow.origin)
      const to = places.get(flow.destination)
      if (!from || !to) continue
      const line: L.LatLngTuple[] = [
        [from.lat, from.lon],
        [to.lat, to.lon],
      ]
      const weight = flowWeight(flow.tonnes, heaviest)
      const chosen = flow.key === selected
      if (chosen)
        L.polyline(line, {
          color: '#1b1f24',
          weight: weight + 6,
          opacity: 0.9,
          interactive: false,
        }).addTo(layers.ends)
      const drawn = L.polyline(line, {
        ...tierLineStyle[flow.tier],
        weight,
        opacity: chosen || selected === undefined ? 0.9 : 0.55,
        lineCap: 'butt',
      })
      drawn.on('click', () => onSelectRef.current(flow.key))
      drawn.addTo(layers.flows)
      middles.current.set(flow.key, L.latLngBounds(line).getCenter())
    }
    const ends = new Map<string, 'origin' | 'destination'>()
    for (const flow of flows) {
      ends.set(flow.destination, ends.get(flow.destination) ?? 'destination')
      ends.set(flow.origin, 'origin')
    }
    for (const [id, role] of ends) {
      const place = places.get(id)
      if (!place) continue
      L.circleMarker([place.lat, place.lon], {
        radius: role === 'origin' ? 8 : 6,
        color: '#ffffff',
        weight: 2,
        fillColor: role === 'origin' ? '#1c5a25' : '#1b1f24',
        fillOpacity: 1,
        interactive: false,
      })
        .bindTooltip(named(place, language, place.code).text)
        .addTo(layers.ends)
    }
  }, [flows, places, selected, language])

  const tonnes = (value: number) => formatNumber(value, language, 1)
  return (
    <figure className="flow-map-figure">
      <section
        ref={containerRef}
        className="mini-map flow-map"
        aria-label={t('plans.map.label', { count: flows.length })}
      />
      <figcaption className="route-map-legend flow-legend">
        {(['life-saving', 'life-sustaining', 'other'] as const).map((tier) => (
          <span key={tier} className="flow-legend-entry">
            <svg width="32" height="10" aria-hidden="true">
              <line
                x1="1"
                x2="31"
                y1="5"
                y2="5"
                stroke={tierLineStyle[tier].color}
                strokeWidth="5"
                strokeDasharray={tierLineStyle[tier].dashArray}
              />
            </svg>{' '}
            {t(`requests.priority.${tier}`)}
          </span>
        ))}
        <span className="flow-legend-note">
          {t('plans.map.widthNote', {
            tonnes: tonnes(Math.max(0, ...flows.map((flow) => flow.tonnes))),
          })}
        </span>
      </figcaption>
    </figure>
  )
}
