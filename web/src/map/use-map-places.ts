/**
 * @module web/map/use-map-places
 * The places of the map's view, loaded in compact form (GET /api/map/places) for a box three times the
 * view, so that clusters are whole and panning within it asks nothing; a move out of the box, or any
 * move while the last answer was cut short, loads again (debounced).
 */
import type L from 'leaflet'
import { useEffect, useState } from 'react'
import { ApiError, apiGet, isAbort } from '../api.js'
import type { MapPlace, MapPlaces } from './map-model.js'

const moveDelayMs = 250

export interface PlacesState {
  places: MapPlace[]
  truncated: boolean
  loading: boolean
  error?: ApiError | undefined
}

/** The view padded by one view each side, clamped to what the API accepts. */
function boxOf(map: L.Map): L.LatLngBounds {
  return map.getBounds().pad(1)
}

function bboxParam(box: L.LatLngBounds): string {
  const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value))
  return [
    clamp(box.getWest(), -180, 180),
    clamp(box.getSouth(), -90, 90),
    clamp(box.getEast(), -180, 180),
    clamp(box.getNorth(), -90, 90),
  ]
    .map((value) => value.toFixed(4))
    .join(',')
}

export function useMapPlaces(map: L.Map | null, attempt: number): PlacesState {
  const [state, setState] = useState<PlacesState>({ places: [], truncated: false, loading: true })

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    if (!map) return
    let loaded: { box: L.LatLngBounds; truncated: boolean } | undefined
    let controller: AbortController | undefined
    let timer: number | undefined

    const load = async () => {
      const view = map.getBounds()
      if (loaded && !loaded.truncated && loaded.box.contains(view)) return
      controller?.abort()
      controller = new AbortController()
      const box = boxOf(map)
      setState((previous) => ({ ...previous, loading: true, error: undefined }))
      try {
        const answer = await apiGet<MapPlaces>(
          '/api/map/places',
          { bbox: bboxParam(box) },
          { signal: controller.signal },
        )
        loaded = { box, truncated: answer.truncated }
        setState({ places: answer.places, truncated: answer.truncated, loading: false })
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
  }, [map, attempt])

  return state
}
