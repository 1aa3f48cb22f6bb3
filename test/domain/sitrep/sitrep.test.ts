/**
 * The situation report's pure parts: an affected area read from GeoJSON (polygons with holes, a
 * multipolygon, a feature; anything else is no area), whether a place lies in it, the people in
 * shelters inside it, and requests tallied by status with the quantities asked for and delivered.
 */
import { describe, expect, it } from 'vitest'
import type { RequestLine } from '../../../src/domain/requests/request.js'
import { areaPolygons, boundsOf, inArea } from '../../../src/domain/sitrep/area.js'
import { evacueesOf, peopleInShelters, tallyRequests } from '../../../src/domain/sitrep/figures.js'

const square = (west: number, south: number, size: number) => [
  [west, south],
  [west + size, south],
  [west + size, south + size],
  [west, south + size],
  [west, south],
]

describe('the affected area', () => {
  const withHole = { type: 'Polygon', coordinates: [square(136, 37, 1), square(136.4, 37.4, 0.2)] }

  it('holds a place inside its outer ring and not one in a hole or outside', () => {
    const area = areaPolygons(withHole)
    expect(inArea(area, 136.1, 37.1)).toBe(true)
    expect(inArea(area, 136.5, 37.5)).toBe(false)
    expect(inArea(area, 137.5, 37.5)).toBe(false)
  })

  it('reads a multipolygon, a feature and a feature collection, and nothing else', () => {
    const multi = {
      type: 'MultiPolygon',
      coordinates: [[square(136, 37, 1)], [square(140, 35, 1)]],
    }
    expect(areaPolygons(multi)).toHaveLength(2)
    expect(inArea(areaPolygons(multi), 140.5, 35.5)).toBe(true)
    const feature = { type: 'Feature', properties: {}, geometry: withHole }
    expect(areaPolygons(feature)).toEqual(areaPolygons(withHole))
    expect(
      areaPolygons({ type: 'FeatureCollection', features: [feature, { type: 'Feature' }] }),
    ).toHaveLength(1)
    for (const notAnArea of [
      null,
      'Noto',
      { type: 'Point', coordinates: [136, 37] },
      {
        type: 'Polygon',
        coordinates: [
          [
            [136, 37],
            [137, 37],
          ],
        ],
      },
      { type: 'Polygon', coordinates: [square(200, 37, 1)] },
    ])
      expect(areaPolygons(notAnArea)).toEqual([])
  })

  it('bounds its points', () => {
    expect(boundsOf(areaPolygons(withHole).flatMap((p) => p[0] ?? []))).toEqual({
      west: 136,
      south: 37,
      east: 137,
      north: 38,
    })
    expect(boundsOf([])).toBeNull()
  })
})

describe('people in shelters', () => {
  const area = areaPolygons({ type: 'Polygon', coordinates: [square(136, 37, 1)] })
  const place = (lon: number, value: unknown, asOf = '2024-02-01T14:00+09:00') => ({
    lat: 37.5,
    lon,
    attributes: { noto2024: { evacuees_in_municipal_shelters: { value, asOf } } },
  })

  it('adds up the counts of places inside the area, with the latest date', () => {
    expect(
      peopleInShelters(
        [
          place(136.2, 2745),
          place(136.8, 1500, '2024-02-03T09:00+09:00'),
          place(138, 300),
          { lat: 37.5, lon: 136.5, attributes: {} },
        ],
        area,
      ),
    ).toEqual({ people: 4245, places: 2, asOf: '2024-02-03' })
  })

  it('gives none when no place inside carries a count, or the area is missing', () => {
    expect(peopleInShelters([place(138, 300)], area)).toBeNull()
    expect(peopleInShelters([place(136.2, 2745)], [])).toBeNull()
    expect(evacueesOf({ noto2024: { evacuees_in_municipal_shelters: { value: -1 } } })).toBeNull()
    expect(evacueesOf({ noto2024: { evacuees_in_municipal_shelters: { value: 12.5 } } })).toBeNull()
  })
})

describe('requests tallied', () => {
  const item = (quantity: number, delivered: number): RequestLine => ({
    id: 'l',
    kind: 'item',
    item: 'i',
    quantity,
    priority: 'other',
    neededBy: null,
    quantityPlanned: delivered,
    quantityDispatched: delivered,
    quantityDelivered: delivered,
  })
  const capability: RequestLine = {
    id: 'c',
    kind: 'capability',
    capability: 'airlift',
    description: 'lift',
    quantity: 3,
    unit: 'sorties',
    priority: 'other',
    neededBy: null,
    status: 'tasked',
    taskedTo: null,
  }

  it('counts every status and sums item quantities of requests submitted and not refused', () => {
    const tally = tallyRequests([
      { status: 'draft', lines: [item(5, 0)] },
      { status: 'submitted', lines: [item(10, 0), capability] },
      { status: 'partially-delivered', lines: [item(80, 20), item(10, 0)] },
      { status: 'rejected', lines: [item(9, 0)] },
      { status: 'cancelled', lines: [item(4, 0)] },
      { status: 'closed', lines: [item(7, 7)] },
    ])
    expect(tally.requests).toBe(6)
    expect(tally.quantityRequested).toBe(107)
    expect(tally.quantityDelivered).toBe(27)
    expect(tally.byStatus.filter((s) => s.requests > 0)).toEqual([
      { status: 'draft', requests: 1 },
      { status: 'submitted', requests: 1 },
      { status: 'rejected', requests: 1 },
      { status: 'partially-delivered', requests: 1 },
      { status: 'closed', requests: 1 },
      { status: 'cancelled', requests: 1 },
    ])
    expect(tally.byStatus).toHaveLength(12)
  })
})
