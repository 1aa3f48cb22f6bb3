/**
 * @module web/map/base-map
 * A Leaflet map on the canvas renderer over an offline basemap: the world's countries at 1:50m from the
 * `world-atlas` package (Natural Earth), drawn as a GeoJSON layer. No tile server is ever asked for anything.
 */
import L from 'leaflet'
import { feature } from 'topojson-client'
import { i18next } from '../i18n/i18n.js'

let countries: Promise<GeoJSON.FeatureCollection> | undefined

/** The countries as GeoJSON, converted once per page load (the JSON is its own chunk). */
function loadCountries(): Promise<GeoJSON.FeatureCollection> {
  countries ??= import('world-atlas/countries-50m.json').then(({ default: topology }) => {
    const collection = feature(topology, topology.objects.countries)
    return collection as GeoJSON.FeatureCollection
  })
  return countries
}

export interface BaseMapOptions {
  center: L.LatLngExpression
  zoom: number
  /** A small map inside a page: no scroll-wheel zoom, so the page scrolls past it. */
  inset?: boolean
}

export function createBaseMap(
  container: HTMLElement,
  { center, zoom, inset = false }: BaseMapOptions,
): L.Map {
  const map = L.map(container, {
    preferCanvas: true,
    center,
    zoom,
    minZoom: 3,
    maxZoom: 16,
    worldCopyJump: false,
    maxBounds: [
      [-85, -180],
      [85, 180],
    ],
    zoomControl: false,
    attributionControl: false,
    scrollWheelZoom: !inset,
    // Leaflet leaves a zoom animation's timer running when the map is removed (its pane gone, the
    // timer then throws): a small map in a page is left as soon as a link is followed, so it does
    // not animate.
    zoomAnimation: !inset,
  })
  // Leaflet's canvas renderer forgets a redraw it has asked a frame for when it redraws at once (a
  // fitBounds right after the layers changed); that frame then draws on a removed canvas and throws.
  // Removing the map a frame later lets the frames already asked for run first.
  const remove = map.remove.bind(map)
  map.remove = () => {
    requestAnimationFrame(() => remove())
    return map
  }
  L.control.attribution({ prefix: false }).addAttribution('Natural Earth · Leaflet').addTo(map)
  if (!inset) L.control.scale({ imperial: false }).addTo(map)
  addZoomControl(map)

  // The land sits in its own pane below the markers so it never covers them.
  // (With preferCanvas, Leaflet gives the pane a canvas renderer of its own.)
  map.createPane('basemap').style.zIndex = '200'
  void loadCountries().then((collection) => {
    // The map may have been removed while the basemap loaded.
    if (!map.getContainer().isConnected) return
    L.geoJSON(collection, {
      pane: 'basemap',
      interactive: false,
      style: { color: '#8f8a80', weight: 0.8, fillColor: '#f3f0e8', fillOpacity: 1 },
    }).addTo(map)
  })
  return map
}

/** The zoom buttons, titled in the current language (re-added when it changes). */
function addZoomControl(map: L.Map): void {
  let control: L.Control.Zoom | undefined
  const place = () => {
    control?.remove()
    control = L.control.zoom({
      zoomInTitle: i18next.t('map.zoomIn'),
      zoomOutTitle: i18next.t('map.zoomOut'),
    })
    control.addTo(map)
  }
  place()
  i18next.on('languageChanged', place)
  map.on('unload', () => i18next.off('languageChanged', place))
}
