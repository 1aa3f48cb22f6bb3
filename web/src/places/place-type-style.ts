/**
 * @module web/places/place-type-style
 * How each place type is drawn on maps and in legends: a colour (distinct, readable on the pale basemap) and
 * a marker radius (the few big logistics nodes larger than the many shelters).
 */
import type { PlaceType } from '@contract/places.js'

export const placeTypeStyle: Record<PlaceType, { colour: string; radius: number }> = {
  hub: { colour: '#b3003c', radius: 9 },
  warehouse: { colour: '#7a3e9d', radius: 7 },
  airport: { colour: '#0b57a4', radius: 8 },
  heliport: { colour: '#1f8fbf', radius: 6 },
  seaport: { colour: '#006d6f', radius: 8 },
  'staging-area': { colour: '#8a5a00', radius: 7 },
  'distribution-point': { colour: '#c2410c', radius: 6 },
  shelter: { colour: '#2e7d32', radius: 4 },
  'evacuation-site': { colour: '#9e9d24', radius: 3 },
  municipality: { colour: '#455a64', radius: 5 },
}
