/**
 * @module domain/sitrep/area
 * An operation's affected area (a GeoJSON geometry, as the operation stores it) as plain polygons of
 * [lon, lat] rings: its bounding box, and whether a place lies inside it. Polygons and multipolygons
 * count; a Feature or FeatureCollection is read for its geometries; anything else has no area. Pure.
 */

export type Ring = readonly (readonly [number, number])[]
/** An outer ring followed by its holes. */
export type Polygon = readonly Ring[]

export interface Bounds {
  readonly west: number
  readonly south: number
  readonly east: number
  readonly north: number
}

function isPosition(value: unknown): value is [number, number] {
  return (
    Array.isArray(value) &&
    value.length >= 2 &&
    Number.isFinite(value[0]) &&
    Number.isFinite(value[1]) &&
    Math.abs(value[0] as number) <= 180 &&
    Math.abs(value[1] as number) <= 90
  )
}

function ringOf(value: unknown): Ring | null {
  if (!Array.isArray(value) || value.length < 4 || !value.every(isPosition)) return null
  return value.map(([lon, lat]) => [lon, lat] as const)
}

function polygonOf(value: unknown): Polygon | null {
  if (!Array.isArray(value) || value.length === 0) return null
  const rings = value.map(ringOf)
  return rings.every((ring): ring is Ring => ring !== null) ? rings : null
}

/** The polygons of an area; none when it is missing or not a polygonal geometry. */
export function areaPolygons(area: unknown, depth = 0): Polygon[] {
  if (area === null || typeof area !== 'object' || depth > 3) return []
  const { type, coordinates, geometry, geometries, features } = area as Record<string, unknown>
  if (type === 'Polygon') {
    const polygon = polygonOf(coordinates)
    return polygon ? [polygon] : []
  }
  if (type === 'MultiPolygon' && Array.isArray(coordinates))
    return coordinates.map(polygonOf).filter((p): p is Polygon => p !== null)
  if (type === 'Feature') return areaPolygons(geometry, depth + 1)
  if (type === 'GeometryCollection' && Array.isArray(geometries))
    return geometries.flatMap((g) => areaPolygons(g, depth + 1))
  if (type === 'FeatureCollection' && Array.isArray(features))
    return features.flatMap((f) => areaPolygons(f, depth + 1))
  return []
}

/** The box around some [lon, lat] points; null when there are none. */
export function boundsOf(points: Iterable<readonly [number, number]>): Bounds | null {
  let west = Infinity
  let south = Infinity
  let east = -Infinity
  let north = -Infinity
  for (const [lon, lat] of points) {
    west = Math.min(west, lon)
    east = Math.max(east, lon)
    south = Math.min(south, lat)
    north = Math.max(north, lat)
  }
  return west === Infinity ? null : { west, south, east, north }
}

function inRing(ring: Ring, lon: number, lat: number): boolean {
  // Even-odd rule: count the edges a ray eastwards from the point crosses.
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as readonly [number, number]
    const [xj, yj] = ring[j] as readonly [number, number]
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

/** True when the point is inside one of the polygons (and not in one of its holes). */
export function inArea(polygons: readonly Polygon[], lon: number, lat: number): boolean {
  return polygons.some(
    ([outer, ...holes]) =>
      outer !== undefined && inRing(outer, lon, lat) && !holes.some((h) => inRing(h, lon, lat)),
  )
}
