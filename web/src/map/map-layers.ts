/**
 * @module web/map/map-layers
 * How each feature of the picture is drawn: a place's marker (its type's colour; a hub larger with
 * more stock available; a place with open needs in the colour of the most urgent; an outline when it
 * was reported damaged or closed), the ring of the requests at a destination, consignments along their
 * path with arrowheads towards the destination and a mark at their last position, closed and damaged
 * legs, and the affected area (its fill below everything, its outline clickable).
 */
import L from 'leaflet'
import { formatNumber, nameOf } from '../format.js'
import { currentLanguage, i18next } from '../i18n/i18n.js'
import { placeTypeStyle } from '../places/place-type-style.js'
import { legLineStyle } from '../transport/transport-model.js'
import { areaPopup, consignmentPopup, legPopup } from './map-popups.js'
import {
  areaStyle,
  consignmentColour,
  doneColour,
  type MapArea,
  type MapConsignment,
  type MapLeg,
  type MapPlace,
  type MapRequest,
  type Priority,
  placeStatusStroke,
  priorityColour,
  type RequestStage,
  stageDash,
  stageOf,
  stockRadius,
  stockWeightKg,
} from './map-model.js'
import { type PlaceFacts, placePopup } from './place-popup.js'

type Places = ReadonlyMap<string, MapPlace>
type LatLon = [number, number]

/** A place's radius: its type's, at least 6 with open needs, and growing with stock available. */
export function placeRadius(place: MapPlace, facts: PlaceFacts): number {
  let radius = placeTypeStyle[place.type].radius
  if (facts.needs) radius = Math.max(radius, 6)
  if (facts.stock) radius = stockRadius(stockWeightKg(facts.stock), Math.max(radius, 8))
  return radius
}

export function placeMarker(place: MapPlace, facts: PlaceFacts): L.CircleMarker {
  const radius = placeRadius(place, facts)
  const fill = facts.needs
    ? priorityColour[facts.needs.priority]
    : placeTypeStyle[place.type].colour
  const status = place.status === 'damaged' || place.status === 'closed' ? place.status : null
  return L.circleMarker([place.lat, place.lon], {
    radius,
    color: status ? placeStatusStroke[status] : '#ffffff',
    weight: status ? 2.5 : 1,
    fillColor: fill,
    fillOpacity: place.status === 'closed' ? 0.45 : 0.9,
  }).bindPopup(() => placePopup(place, facts))
}

/**
 * A hub or other stock point: a DOM marker above the clusters (the few that matter most are never
 * hidden), sized by its stock, focusable, titled with its name and what it has available.
 */
export function hubMarker(place: MapPlace, facts: PlaceFacts): L.Marker {
  const diameter = Math.round(2 * placeRadius(place, facts))
  const language = currentLanguage()
  const name = nameOf(place, language).text || place.code
  const fill = document.createElement('span')
  fill.style.background = placeTypeStyle[place.type].colour
  const status = place.status === 'damaged' || place.status === 'closed' ? ` ${place.status}` : ''
  return L.marker([place.lat, place.lon], {
    icon: L.divIcon({ className: `map-hub${status}`, html: fill, iconSize: [diameter, diameter] }),
    title: facts.stock
      ? i18next.t('map.hubTitle', {
          name,
          weight: formatNumber(stockWeightKg(facts.stock), language, 0),
        })
      : name,
    keyboard: true,
    riseOnHover: true,
    zIndexOffset: 500,
  }).bindPopup(() => placePopup(place, facts))
}

/** The requests for one place: drawn as one ring around it. */
export interface RequestsAt {
  readonly place: MapPlace
  readonly requests: MapRequest[]
  readonly priority: Priority
  readonly stage: RequestStage
}

/** Requests grouped by destination; the ring shows the most urgent, and the stage most in hand. */
export function requestsByPlace(requests: readonly MapRequest[], places: Places): RequestsAt[] {
  const byPlace = new Map<string, MapRequest[]>()
  for (const request of requests) {
    const list = byPlace.get(request.destination) ?? []
    list.push(request)
    byPlace.set(request.destination, list)
  }
  const rank = <T>(list: readonly T[], value: T) => list.indexOf(value)
  return [...byPlace].flatMap(([id, list]) => {
    const place = places.get(id)
    if (!place) return []
    const open = list.filter((r) => stageOf(r.status) !== 'done')
    const counted = open.length > 0 ? open : list
    const priorities: Priority[] = ['life-saving', 'life-sustaining', 'other']
    const stages: RequestStage[] = ['active', 'review', 'done']
    const priority = counted
      .map((r) => r.priority)
      .sort((a, b) => rank(priorities, a) - rank(priorities, b))[0]
    const stage = list
      .map((r) => stageOf(r.status))
      .sort((a, b) => rank(stages, a) - rank(stages, b))[0]
    return [{ place, requests: list, priority: priority ?? 'other', stage: stage ?? 'done' }]
  })
}

/**
 * The requests for a place: a ring around it, a DOM marker so that it shows above the clusters of
 * places and can be reached from the keyboard; its popup is the place's, with the requests listed.
 */
export function requestRing(at: RequestsAt, facts: PlaceFacts): L.Marker {
  const radius = Math.max(9, placeRadius(at.place, facts) + 4) + Math.min(3, at.requests.length - 1)
  const diameter = Math.round(2 * radius)
  const ring = document.createElement('span')
  ring.style.borderColor = at.stage === 'done' ? doneColour : priorityColour[at.priority]
  ring.style.borderStyle = stageDash[at.stage] ? 'dashed' : 'solid'
  const language = currentLanguage()
  return L.marker([at.place.lat, at.place.lon], {
    icon: L.divIcon({ className: 'map-request-ring', html: ring, iconSize: [diameter, diameter] }),
    title: i18next.t('map.requestTitle', {
      name: nameOf(at.place, language).text || at.place.code,
      count: at.requests.length,
      n: formatNumber(at.requests.length, language),
      priority: i18next.t(`requests.priority.${at.priority}`),
    }),
    keyboard: true,
    riseOnHover: true,
    zIndexOffset: 400,
  }).bindPopup(() => placePopup(at.place, { ...facts, requests: at.requests }))
}

/** Arrowheads are drawn in pixels, so they are drawn again at each zoom. */
function arrowhead(map: L.Map, from: LatLon, to: LatLon, colour: string): L.Polyline {
  const a = map.latLngToLayerPoint(from)
  const b = map.latLngToLayerPoint(to)
  const tip = a.add(b.subtract(a).multiplyBy(0.55))
  const angle = Math.atan2(b.y - a.y, b.x - a.x)
  const wing = (turn: number) =>
    map.layerPointToLatLng(
      L.point(tip.x - 10 * Math.cos(angle + turn), tip.y - 10 * Math.sin(angle + turn)),
    )
  return L.polyline([wing(0.5), map.layerPointToLatLng(tip), wing(-0.5)], {
    color: colour,
    weight: 3,
    interactive: false,
  })
}

/** Lines drawn once per picture (their arrowheads per zoom), with a count of each kind for tests. */
export class LineLayers {
  readonly consignments = L.featureGroup()
  readonly positions = L.featureGroup()
  readonly legs = L.featureGroup()
  readonly areaFill: L.GeoJSON
  readonly areaOutline = L.featureGroup()
  private readonly arrows = L.featureGroup()
  private paths: { points: LatLon[]; colour: string }[] = []
  readonly drawn = { consignments: 0, late: 0, positions: 0, legs: 0, areas: 0 }

  constructor(private readonly map: L.Map) {
    map.createPane('area').style.zIndex = '350'
    this.areaFill = L.geoJSON(undefined, { pane: 'area', interactive: false, style: areaStyle })
    this.arrows.addTo(this.consignments)
    map.on('zoomend', this.drawArrows, this)
  }

  dispose(): void {
    this.map.off('zoomend', this.drawArrows, this)
  }

  setConsignments(consignments: readonly MapConsignment[], places: Places): void {
    this.consignments.clearLayers()
    this.positions.clearLayers()
    this.arrows.clearLayers().addTo(this.consignments)
    this.paths = []
    Object.assign(this.drawn, { consignments: 0, late: 0, positions: 0 })
    for (const consignment of consignments) {
      const colour = consignment.late ? consignmentColour.late : consignmentColour.onTime
      const points = consignment.path.flatMap((id) => {
        const place = places.get(id)
        return place ? [[place.lat, place.lon] as LatLon] : []
      })
      const popup = () => consignmentPopup(consignment, places)
      if (points.length >= 2) {
        L.polyline(points, {
          color: colour,
          weight: 4,
          opacity: 0.85,
          dashArray: consignment.status === 'arrived' ? '1 7' : undefined,
          lineCap: 'round',
        })
          .bindPopup(popup)
          .addTo(this.consignments)
        this.paths.push({ points, colour })
        this.drawn.consignments += 1
        if (consignment.late) this.drawn.late += 1
      }
      if (consignment.position) {
        L.circleMarker([consignment.position.lat, consignment.position.lon], {
          radius: 7,
          color: colour,
          weight: 3,
          fillColor: '#ffffff',
          fillOpacity: 1,
        })
          .bindPopup(popup)
          .addTo(this.positions)
        this.drawn.positions += 1
      }
    }
    this.drawArrows()
  }

  setLegs(legs: readonly MapLeg[], places: Places): void {
    this.legs.clearLayers()
    this.drawn.legs = 0
    for (const leg of legs) {
      const from = places.get(leg.from)
      const to = places.get(leg.to)
      if (!from || !to || leg.status === 'open') continue
      L.polyline(
        [
          [from.lat, from.lon],
          [to.lat, to.lon],
        ],
        legLineStyle[leg.status],
      )
        .bindPopup(() => legPopup(leg, places))
        .addTo(this.legs)
      this.drawn.legs += 1
    }
  }

  setAreas(areas: readonly MapArea[]): void {
    this.areaFill.clearLayers()
    this.areaOutline.clearLayers()
    this.drawn.areas = 0
    for (const area of areas) {
      const geometry = area.area as GeoJSON.Geometry
      try {
        this.areaFill.addData(geometry)
      } catch {
        continue // not a geometry Leaflet can draw: left out rather than breaking the map
      }
      const rings = ringsOf(geometry)
      if (rings.length > 0)
        L.polyline(rings, { ...areaStyle, fill: false })
          .bindPopup(() => areaPopup(area))
          .addTo(this.areaOutline)
      this.drawn.areas += 1
    }
  }

  private drawArrows(): void {
    this.arrows.clearLayers()
    for (const { points, colour } of this.paths)
      for (let index = 1; index < points.length; index += 1) {
        const from = points[index - 1]
        const to = points[index]
        if (from && to) this.arrows.addLayer(arrowhead(this.map, from, to, colour))
      }
  }
}

/** The rings of a polygon or multipolygon as lines, [lat, lon]; nothing for other geometries. */
function ringsOf(geometry: GeoJSON.Geometry): LatLon[][] {
  const ring = (positions: GeoJSON.Position[]) =>
    positions.map(([lon = 0, lat = 0]) => [lat, lon] as LatLon)
  if (geometry.type === 'Polygon') return geometry.coordinates.map(ring)
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flatMap((p) => p.map(ring))
  return []
}
