/**
 * @module web/items/use-item-names
 * Names of catalog items by code, for showing what a kit holds. The catalog is fetched once (one page of
 * up to 5,000 items) and only when a screen needs it; a code not found is shown as the code.
 */
import type { ItemList } from '@contract/items.js'
import { useEffect, useState } from 'react'
import { apiGet } from '../api.js'
import type { Named } from '../format.js'

let catalog: Promise<Map<string, Named>> | undefined

function loadCatalog(): Promise<Map<string, Named>> {
  catalog ??= apiGet<ItemList>('/api/items', { limit: 5000, sort: 'code' }).then(
    (list) =>
      new Map(list.items.map((item) => [item.code, { nameEn: item.nameEn, nameJa: item.nameJa }])),
    (error: unknown) => {
      catalog = undefined // try again next time
      throw error
    },
  )
  return catalog
}

/** Item names by code once loaded (undefined before, or when `needed` is false). */
export function useItemNames(needed: boolean): Map<string, Named> | undefined {
  const [names, setNames] = useState<Map<string, Named>>()
  useEffect(() => {
    if (!needed || names) return
    let live = true
    loadCatalog().then(
      (loaded) => {
        if (live) setNames(loaded)
      },
      () => {
        // names are a nicety: the codes are still shown
      },
    )
    return () => {
      live = false
    }
  }, [needed, names])
  return names
}
