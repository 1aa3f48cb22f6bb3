/**
 * @module web/consignments/consignment-lookups
 * Consignments name assets and legs by id. Each is fetched once per page load however many rows name
 * it (a shared cache of promises); one not found is left out and shown by its id.
 */
import { useEffect, useState } from 'react'
import { apiGet } from '../api.js'
import type { AssetView, LegView } from '../transport/transport-model.js'

const records = new Map<string, Promise<unknown>>()

function loadRecord<T>(path: string): Promise<T | null> {
  let found = records.get(path) as Promise<T | null> | undefined
  if (!found) {
    found = apiGet<T>(path).catch(() => {
      records.delete(path) // ask again next time
      return null
    })
    records.set(path, found)
  }
  return found
}

function useRecords<T>(kind: 'assets' | 'legs', ids: readonly string[]): Map<string, T> {
  const [loaded, setLoaded] = useState<Map<string, T>>(new Map())
  const key = [...new Set(ids)].sort().join(',')
  useEffect(() => {
    if (!key) return
    let live = true
    for (const id of key.split(',')) {
      void loadRecord<T>(`/api/${kind}/${encodeURIComponent(id)}`).then((record) => {
        if (!live || !record) return
        setLoaded((previous) => {
          if (previous.get(id) === record) return previous
          const next = new Map(previous)
          next.set(id, record)
          return next
        })
      })
    }
    return () => {
      live = false
    }
  }, [kind, key])
  return loaded
}

export function useAssets(ids: readonly string[]): Map<string, AssetView> {
  return useRecords<AssetView>('assets', ids)
}

export function useLegs(ids: readonly string[]): Map<string, LegView> {
  return useRecords<LegView>('legs', ids)
}
