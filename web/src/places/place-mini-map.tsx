/** @module web/places/place-mini-map — a small map around one place, on the offline basemap. */
import type { Place } from '@contract/places.js'
import L from 'leaflet'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { createBaseMap } from '../map/base-map.js'
import { placeTypeStyle } from './place-type-style.js'

export function PlaceMiniMap({ place }: { place: Place }) {
  const { t } = useTranslation()
  const containerRef = useRef<HTMLElement>(null)
  const { lat, lon, type } = place

  useEffect(() => {
    const container = containerRef.current
    if (!container) return
    const map = createBaseMap(container, { center: [lat, lon], zoom: 9, inset: true })
    const style = placeTypeStyle[type]
    L.circleMarker([lat, lon], {
      radius: Math.max(style.radius, 7),
      color: '#ffffff',
      weight: 2,
      fillColor: style.colour,
      fillOpacity: 1,
    }).addTo(map)
    return () => {
      map.remove()
    }
  }, [lat, lon, type])

  return <section ref={containerRef} className="mini-map" aria-label={t('place.map')} />
}
