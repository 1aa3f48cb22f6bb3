/**
 * @module web/map/map-view
 * The map's Leaflet side, apart from React: made once per visit (the basemap, a clustered layer per
 * place group and one for requests, the line layers), filled with each new answer, and exposed to
 * tests as window.__kizunaMap (see map-page.tsx).
 */
import { priorities } from '@contract/requests.js'
import L from 'leaflet'
import { formatNumber, nameOf } from '../format.js'
import { currentLanguage, i18next } from '../i18n/i18n.js'
import { createBaseMap } from './base-map.js'
import { ClusterLayer, type ClusterPoint } from './cluster-layer.js'
import {
  hubMarker,
  LineLayers,
  placeMarker,
  type RequestsAt,
  requestRing,
  requestsByPlace,
} from './map-layers.js'
import {
  type LayerId,
  type MapFilters,
  type MapPicture,
  type MapPlace,
  placeLayerOf,
  placeShown,
} from './map-model.js'
import { listPopup } from './map-popups.js'
import type { PlaceFacts } from './place-popup.js'

type Counts = ReturnType<ClusterLayer<unknown>['counts']>
declare global {
  interface Window {
    __kizunaMap?: {
      map: L.Map
      pointCount: () => number
      counts: () => Record<'hubs' | 'places' | 'requests', Counts> & {
        lines: LineLayers['drawn']
      }
      placeOf: (code: string) => MapPlace | undefined
    }
  }
}

/** Where the map was when the reader left it; kept while the app is open. */
let lastView: { center: L.LatLngExpression; zoom: number } = { center: [37.0, 136.9], zoom: 8 }

type PlacePoint = { place: MapPlace; facts: PlaceFacts }
type RequestPoint = RequestsAt & { facts: PlaceFacts }

export interface MapView {
  readonly map: L.Map
  /** Hubs and other stock points: few, each always drawn on its own (DOM markers). */
  readonly hubs: ClusterLayer<PlacePoint>
  /** Every other place, of the groups shown, clustered together so clusters never overlap. */
  readonly places: ClusterLayer<PlacePoint>
  readonly requests: ClusterLayer<RequestPoint>
  readonly lines: LineLayers
  /** Every place loaded, by id. */
  all: Map<string, MapPlace>
  dispose(): void
}

const label = (text: string, lang?: string) => {
  const span = document.createElement('span')
  span.textContent = text
  if (lang) span.lang = lang
  return span
}

function placeEntry(place: MapPlace) {
  const name = nameOf(place, currentLanguage())
  const other = name.lang !== currentLanguage() ? name.lang : undefined
  return { href: `/places/${place.id}`, label: label(name.text || place.code, other) }
}

const rank = (priority: (typeof priorities)[number]) => priorities.indexOf(priority)

export function createView(container: HTMLElement): MapView {
  const map = createBaseMap(container, lastView)
  // Lines are thin: a click a few pixels off still finds them (on the one canvas all layers share).
  map.options.renderer = L.canvas({ tolerance: 5 })
  map.on('moveend', () => {
    lastView = { center: map.getCenter(), zoom: map.getZoom() }
  })
  const count = (value: number) => formatNumber(value, currentLanguage())
  const here = () => i18next.t('map.cluster.here')
  const placeCluster = (radius: number, draw: (place: MapPlace, facts: PlaceFacts) => L.Layer) =>
    new ClusterLayer<PlacePoint>({
      className: 'cluster-places',
      radius,
      drawPoint: ({ data }) => draw(data.place, data.facts),
      title: (n) => i18next.t('map.cluster.places', { count: n, n: count(n) }),
      listPopup: (points) =>
        listPopup(
          here(),
          points.map(({ data }) => placeEntry(data.place)),
        ),
      urgency: ({ facts }) => (facts.needs ? rank(facts.needs.priority) : null),
      formatCount: count,
    })
  const hubs = placeCluster(0, hubMarker)
  const places = placeCluster(60, placeMarker)
  const requests = new ClusterLayer<RequestPoint>({
    className: 'cluster-requests',
    drawPoint: ({ data }) => requestRing(data, data.facts),
    title: (n) => i18next.t('map.cluster.requests', { count: n, n: count(n) }),
    listPopup: (points) =>
      listPopup(
        here(),
        points.flatMap(({ data }) =>
          data.requests.map((r) => ({ href: `/requests/${r.id}`, label: label(r.code) })),
        ),
      ),
    urgency: (data) => rank(data.priority),
    formatCount: count,
  })
  const lines = new LineLayers(map)
  // On the canvas, lines below the places (drawn again at each move) and last positions above them;
  // hubs, requests and clusters are DOM markers, above the canvas.
  const raise = () => lines.positions.bringToFront()
  const points = [hubs, places, requests]
  for (const layer of points) layer.on('rendered', raise)
  // Titles are in the language of the moment they were drawn: draw them again.
  const redraw = () => {
    for (const layer of points) if (map.hasLayer(layer)) layer.render(true)
  }
  i18next.on('languageChanged', redraw)
  const dispose = () => {
    i18next.off('languageChanged', redraw)
    lines.dispose()
    map.remove()
  }
  return { map, hubs, places, requests, lines, all: new Map(), dispose }
}

/** Stock and open needs by place, from the picture. */
export function factsOf(data: MapPicture | undefined): Map<string, PlaceFacts> {
  const facts = new Map<string, PlaceFacts>()
  for (const stock of data?.stock ?? [])
    facts.set(stock.place, { ...facts.get(stock.place), stock })
  for (const needs of data?.needs ?? [])
    facts.set(needs.place, { ...facts.get(needs.place), needs })
  return facts
}

/** What a place's marker shows: a marker is drawn again only when this changes. */
function placeKey(place: MapPlace, facts: PlaceFacts): string {
  const { stock, needs } = facts
  return [
    place.id,
    place.status,
    stock?.available,
    stock?.availableWeightKg,
    stock?.reserved,
    stock?.replicas.map((each) => `${each.home}:${each.available}`).join(','),
    needs?.priority,
    needs?.openQuantity,
  ].join('|')
}

/** Puts the places (loaded and named by the picture) into their layers; the count per group. */
export function fillPlaces(
  view: MapView,
  loaded: readonly MapPlace[],
  data: MapPicture | undefined,
  filters: MapFilters,
): Partial<Record<LayerId, number>> {
  const all = new Map<string, MapPlace>()
  for (const place of [...loaded, ...(data?.places ?? [])]) all.set(place.id, place)
  view.all = all
  const facts = factsOf(data)
  const counts: Partial<Record<LayerId, number>> = {}
  const hubs: ClusterPoint<PlacePoint>[] = []
  const others: ClusterPoint<PlacePoint>[] = []
  const typeOnly = { ...filters, hidden: [] }
  for (const place of all.values()) {
    if (!placeShown(place.type, typeOnly)) continue
    const layer = placeLayerOf[place.type]
    counts[layer] = (counts[layer] ?? 0) + 1
    if (filters.hidden.includes(layer)) continue
    const known = facts.get(place.id) ?? {}
    const point = {
      lat: place.lat,
      lon: place.lon,
      key: placeKey(place, known),
      data: { place, facts: known },
    }
    ;(layer === 'hubs' ? hubs : others).push(point)
  }
  view.hubs.setPoints(hubs)
  view.places.setPoints(others)
  return counts
}

/** Puts the picture's requests and lines into their layers; the count per layer. */
export function fillPicture(
  view: MapView,
  data: MapPicture | undefined,
): Partial<Record<LayerId, number>> {
  const facts = factsOf(data)
  const places = new Map((data?.places ?? []).map((place) => [place.id, place]))
  view.requests.setPoints(
    requestsByPlace(data?.requests ?? [], places).map((at) => {
      const known = facts.get(at.place.id) ?? {}
      const requests = at.requests.map((r) => `${r.id}:${r.status}:${r.openQuantity}`).join(',')
      return {
        lat: at.place.lat,
        lon: at.place.lon,
        key: `${placeKey(at.place, known)}|${requests}`,
        data: { ...at, facts: known },
      }
    }),
  )
  view.lines.setConsignments(data?.consignments ?? [], places)
  view.lines.setLegs(data?.legs ?? [], places)
  view.lines.setAreas(data?.areas ?? [])
  return {
    requests: data?.requests.length ?? 0,
    consignments: data?.consignments.length ?? 0,
    legs: view.lines.drawn.legs,
    area: view.lines.drawn.areas,
  }
}

/** The test hook: canvas markers are not DOM elements. Returns its removal. */
export function exposeForTests(view: MapView): () => void {
  const pointLayers = { hubs: view.hubs, places: view.places, requests: view.requests }
  window.__kizunaMap = {
    map: view.map,
    pointCount: () => view.hubs.counts().points + view.places.counts().points,
    counts: () => ({
      ...(Object.fromEntries(
        Object.entries(pointLayers).map(([layer, each]) => [layer, each.counts()]),
      ) as Record<keyof typeof pointLayers, Counts>),
      lines: { ...view.lines.drawn },
    }),
    placeOf: (code) => [...view.all.values()].find((place) => place.code === code),
  }
  return () => {
    delete window.__kizunaMap
  }
}
