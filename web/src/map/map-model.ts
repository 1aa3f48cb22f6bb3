/**
 * @module web/map/map-model
 * What the map shows and how: its layers (places grouped by type, requests, consignments, cut legs,
 * the affected area), the symbols each is drawn with (the legend draws the same), and its filters as
 * they live in the address (?operation=&status=&priority=&type=&hide=).
 */
import type { MapPicture, MapPlace, MapPlaces } from '@contract/map.js'
import { type PlaceType, placeTypes } from '@contract/places.js'
import { priorities, requestStatuses } from '@contract/requests.js'

export type { MapPicture, MapPlace, MapPlaces }
export type Priority = (typeof priorities)[number]
export type RequestStatus = (typeof requestStatuses)[number]
export type MapRequest = MapPicture['requests'][number]
export type MapConsignment = MapPicture['consignments'][number]
export type MapLeg = MapPicture['legs'][number]
export type MapStock = MapPicture['stock'][number]
export type MapNeeds = MapPicture['needs'][number]
export type MapArea = MapPicture['areas'][number]

/** Places in groups a coordinator thinks in; each group is one layer. */
export const placeLayers = ['hubs', 'shelters', 'airports', 'ports', 'other'] as const
export type PlaceLayer = (typeof placeLayers)[number]
export const layers = [...placeLayers, 'requests', 'consignments', 'legs', 'area'] as const
export type LayerId = (typeof layers)[number]

export const placeLayerOf: Record<PlaceType, PlaceLayer> = {
  hub: 'hubs',
  warehouse: 'hubs',
  'staging-area': 'hubs',
  'distribution-point': 'hubs',
  shelter: 'shelters',
  'evacuation-site': 'shelters',
  airport: 'airports',
  heliport: 'airports',
  seaport: 'ports',
  municipality: 'other',
}

/** The types of a place layer, in the contract's order. */
export const typesOf = (layer: PlaceLayer): PlaceType[] =>
  placeTypes.filter((type) => placeLayerOf[type] === layer)

/** Colours of the three priorities: the most urgent the strongest. */
export const priorityColour: Record<Priority, string> = {
  'life-saving': '#b3261e',
  'life-sustaining': '#d96b00',
  other: '#5f6b7a',
}

/** A request's stage, drawn as its ring's line: awaiting review dashed, in hand solid, done grey. */
export type RequestStage = 'review' | 'active' | 'done'
export function stageOf(status: RequestStatus): RequestStage {
  if (status === 'draft' || status === 'submitted') return 'review'
  if (['delivered', 'closed', 'rejected', 'cancelled'].includes(status)) return 'done'
  return 'active'
}
export const stageDash: Record<RequestStage, string | undefined> = {
  review: '3 3',
  active: undefined,
  done: undefined,
}
export const doneColour = '#9aa3ad'

export const consignmentColour = { onTime: '#1f5fa8', late: '#b3261e' } as const
export const areaStyle = { color: '#6a1b9a', weight: 2, dashArray: '6 4', fillOpacity: 0.07 }
export const placeStatusStroke = { damaged: '#b86e00', closed: '#1f1f1f' } as const

/** The weight available at a place: this node's and other nodes' there (replicas) together. */
export function stockWeightKg(stock: MapStock): number {
  return stock.replicas.reduce((sum, each) => sum + each.availableWeightKg, stock.availableWeightKg)
}

/** A hub's radius grows with the weight it has available (log scale: 100 kg to 100 t). */
export function stockRadius(availableWeightKg: number, base: number): number {
  const grown = base + 3 * Math.log10(1 + Math.max(0, availableWeightKg) / 100)
  return Math.round(Math.min(base + 10, grown) * 10) / 10
}

/** The filters of the map, read from the address; anything unknown is ignored. */
export interface MapFilters {
  operation: string
  /** '' = requests in play (the server's default), 'all', or one status. */
  status: '' | 'all' | RequestStatus
  priority: '' | Priority
  type: '' | PlaceType
  hidden: LayerId[]
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const oneOf = <T extends string>(list: readonly T[], value: string | null): T | '' =>
  value !== null && (list as readonly string[]).includes(value) ? (value as T) : ''

export function filtersOf(search: URLSearchParams): MapFilters {
  const operation = search.get('operation') ?? ''
  const status = search.get('status')
  return {
    operation: uuid.test(operation) ? operation : '',
    status: status === 'all' ? 'all' : oneOf(requestStatuses, status),
    priority: oneOf(priorities, search.get('priority')),
    type: oneOf(placeTypes, search.get('type')),
    hidden: (search.get('hide') ?? '')
      .split(',')
      .filter((each): each is LayerId => (layers as readonly string[]).includes(each)),
  }
}

/** The query of GET /api/map for these filters. */
export function pictureQuery(filters: MapFilters) {
  return {
    operation: filters.operation,
    status: filters.status === 'all' ? [...requestStatuses] : filters.status,
    priority: filters.priority,
  }
}

/** Is a place of this type drawn, given the layers shown and the type filter? */
export function placeShown(type: PlaceType, filters: MapFilters): boolean {
  if (filters.type && filters.type !== type) return false
  return !filters.hidden.includes(placeLayerOf[type])
}
