/**
 * @module web/needs/use-items-by-code
 * The estimator names catalogue items by code (KZ-WASH-001); a request names them by id, and people
 * read them in their language. Each code is looked up once per estimate (GET /api/items?q=code, the
 * exact code kept); a code this node's catalogue lacks is simply missing from the map.
 */
import type { Item, ItemList } from '@contract/items.js'
import { useEffect, useState } from 'react'
import { apiGet } from '../api.js'

export interface ItemsByCode {
  items: Map<string, Item>
  /** Every code has been looked up (found or not). */
  loaded: boolean
}

export function useItemsByCode(codes: readonly string[]): ItemsByCode {
  const key = [...new Set(codes)].sort().join(',')
  const [found, setFound] = useState<{ key: string; items: Map<string, Item> }>()
  useEffect(() => {
    const controller = new AbortController()
    const wanted = key.split(',').filter(Boolean)
    Promise.all(
      wanted.map((code) =>
        apiGet<ItemList>('/api/items', { q: code, limit: 5 }, { signal: controller.signal }).then(
          (list) => list.items.find((item) => item.code === code),
          () => undefined,
        ),
      ),
    ).then((items) => {
      if (controller.signal.aborted) return
      const byCode = new Map<string, Item>()
      for (const item of items) if (item) byCode.set(item.code, item)
      setFound({ key, items: byCode })
    })
    return () => controller.abort()
  }, [key])
  return found?.key === key
    ? { items: found.items, loaded: true }
    : { items: new Map(), loaded: false }
}
