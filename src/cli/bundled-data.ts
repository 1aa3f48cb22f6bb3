/**
 * @module cli/bundled-data
 * Reads the reference data shipped in data/ (the catalog and places from public datasets) and a digest
 * of it, so a node re-loads it only when the files change.
 */
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BundledData } from '../app/node-setup.js'
import { readItemsCsv } from '../interop/catalog/read-items.js'
import { type PlaceRow, readPlacesCsv } from '../interop/places/read-places.js'
import { packageRoot } from './settings.js'

export function readBundledData(dataDir = join(packageRoot, 'data')): BundledData {
  const digest = createHash('sha256')
  const read = (path: string) => {
    const bytes = readFileSync(path)
    digest.update(path.slice(dataDir.length)).update(bytes)
    return bytes
  }
  const itemsPath = join(dataDir, 'items.csv')
  const items = readItemsCsv('data/items.csv', read(itemsPath))
  const placesDir = join(dataDir, 'places')
  const places: PlaceRow[] = []
  for (const name of readdirSync(placesDir)
    .filter((n) => n.endsWith('.csv'))
    .sort()) {
    places.push(...readPlacesCsv(`data/places/${name}`, read(join(placesDir, name))))
  }
  return { digest: digest.digest('hex'), items, places }
}
