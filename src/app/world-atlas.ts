/**
 * @module app/world-atlas
 * The land for printed maps: the countries of Natural Earth from the npm package `world-atlas` (the
 * basemap the web map draws, here at 1:10m so that a coast reads at the scale of one prefecture),
 * read once per process and turned from TopoJSON into plain polygons. No tile server, no network.
 */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { feature } from 'topojson-client'
import type { GeometryCollection, Topology } from 'topojson-specification'
import { areaPolygons, type Polygon } from '../domain/sitrep/area.js'

const require = createRequire(import.meta.url)
let land: Promise<Polygon[]> | undefined

async function load(): Promise<Polygon[]> {
  const text = await readFile(require.resolve('world-atlas/countries-10m.json'), 'utf8')
  const topology = JSON.parse(text) as Topology<{ countries: GeometryCollection }>
  return areaPolygons(feature(topology, topology.objects.countries))
}

/** Every country's polygons, [lon, lat]; about half a second the first time. */
export function worldLand(): Promise<Polygon[]> {
  if (!land) {
    land = load()
    // A failed read is not kept: the next report tries again.
    land.catch(() => {
      land = undefined
    })
  }
  return land
}
