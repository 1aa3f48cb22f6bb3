/**
 * @module domain/transport/geo
 * Distances on the Earth: great-circle (haversine) on a sphere of the mean Earth radius. Good to about
 * 0.5 % against the ellipsoid, far finer than the road and sea factors applied on top.
 */

/** IUGG mean Earth radius. */
export const EARTH_RADIUS_KM = 6371.0088

export interface Point {
  readonly lat: number
  readonly lon: number
}

export function greatCircleKm(a: Point, b: Point): number {
  const rad = Math.PI / 180
  const dLat = (b.lat - a.lat) * rad
  const dLon = (b.lon - a.lon) * rad
  const h =
    Math.sin(dLat / 2) ** 2 +
    Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)))
}
