/**
 * @module web/requests/request-lookups
 * Requests name places, items and organisations by id; people know them by name and code. Each record
 * is fetched once per page load however many rows name it (a shared cache of promises), the partners
 * once a minute at most. Also the two pickers of the request form: a destination (a shelter, evacuation
 * site, municipality or distribution point) and a catalog item.
 */
import type { Item, ItemList } from '@contract/items.js'
import type { OrganisationView } from '@contract/organisations.js'
import type { Place, PlaceList } from '@contract/places.js'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiGet } from '../api.js'
import { type PickerOption, RecordPicker } from '../common/record-picker.js'
import { nameOf } from '../format.js'
import { type Language, useLanguage } from '../i18n/i18n.js'

/** The place types a request may be for. */
export const destinationTypes = [
  'shelter',
  'evacuation-site',
  'municipality',
  'distribution-point',
] as const

const records = new Map<string, Promise<unknown>>()

function loadRecord<T>(path: string): Promise<T | null> {
  let found = records.get(path) as Promise<T | null> | undefined
  if (!found) {
    found = apiGet<T>(path).catch(() => {
      records.delete(path) // ask again next time; meanwhile the id is shown
      return null
    })
    records.set(path, found)
  }
  return found
}

/** Records by id, as they arrive (ids not loaded yet, or not found, are missing from the map). */
function useRecords<T>(kind: 'places' | 'items', ids: readonly string[]): Map<string, T> {
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

export function usePlaces(ids: readonly string[]): Map<string, Place> {
  return useRecords<Place>('places', ids)
}

export function useItems(ids: readonly string[]): Map<string, Item> {
  return useRecords<Item>('items', ids)
}

let organisations: { at: number; list: Promise<OrganisationView[]> } | undefined

function loadOrganisations(): Promise<OrganisationView[]> {
  if (!organisations || Date.now() - organisations.at > 60_000) {
    const list = apiGet<{ organisations: OrganisationView[] }>('/api/organisations').then(
      (answer) => answer.organisations,
      (error: unknown) => {
        organisations = undefined
        throw error
      },
    )
    organisations = { at: Date.now(), list }
  }
  return organisations.list
}

export interface Organisations {
  list: OrganisationView[]
  byId: Map<string, OrganisationView>
  /** The organisation's code, or the id when this node does not know it. */
  codeOf: (id: string) => string
}

export function useOrganisations(): Organisations {
  const [list, setList] = useState<OrganisationView[]>([])
  useEffect(() => {
    let live = true
    loadOrganisations().then(
      (loaded) => {
        if (live) setList(loaded)
      },
      () => {
        // shown by id instead: still true, only less readable
      },
    )
    return () => {
      live = false
    }
  }, [])
  return useMemo(() => {
    const sorted = [...list].sort((a, b) => a.code.localeCompare(b.code))
    const byId = new Map(sorted.map((org) => [org.id, org]))
    return { list: sorted, byId, codeOf: (id: string) => byId.get(id)?.code ?? id }
  }, [list])
}

/** A name in the reader's language (else the other one), with the language it is in. */
export function named(
  record: { nameEn: string | null; nameJa: string | null } | undefined,
  language: Language,
  fallback: string,
): { text: string; lang: Language | undefined } {
  if (!record) return { text: fallback, lang: undefined }
  const name = nameOf(record, language)
  return { text: name.text || fallback, lang: name.lang === language ? undefined : name.lang }
}

export interface PlaceOption extends PickerOption {
  code: string
}

export interface ItemOption extends PickerOption {
  code: string
  unit: string
}

export function placeOption(
  place: Place,
  language: Language,
  t: (key: string) => string,
): PlaceOption {
  const name = named(place, language, place.code)
  return {
    id: place.id,
    text: name.text,
    lang: name.lang,
    detail: [t(`placeType.${place.type}`), place.municipality, place.code]
      .filter(Boolean)
      .join(' · '),
    code: place.code,
  }
}

/** The unit of an item in the reader's language ("bottle", "本"), or as the catalog spells it. */
export function useUnitName(): (unit: string) => string {
  const { t, i18n } = useTranslation()
  return useCallback(
    (unit: string) => (i18n.exists(`unit.${unit}`) ? t(`unit.${unit}`) : unit),
    [t, i18n],
  )
}

export function itemOption(
  item: Item,
  language: Language,
  unitName: (unit: string) => string,
): ItemOption {
  const name = named(item, language, item.code)
  return {
    id: item.id,
    text: name.text,
    lang: name.lang,
    detail: `${item.code} · ${unitName(item.unit)}`,
    code: item.code,
    unit: item.unit,
  }
}

interface PickerProps<T extends PickerOption> {
  label: string
  name: string
  selected: T | undefined
  onSelect: (option: T | undefined) => void
  hint?: string
  error?: string | undefined
  required?: boolean
}

export function DestinationPicker(props: PickerProps<PlaceOption>) {
  const { t } = useTranslation()
  const language = useLanguage()
  const search = useCallback(
    async (text: string, signal: AbortSignal) => {
      const list = await apiGet<PlaceList>(
        '/api/places',
        { type: destinationTypes, q: text, sort: 'code', limit: 12 },
        { signal },
      )
      return list.places.map((place) => placeOption(place, language, t))
    },
    [language, t],
  )
  return (
    <RecordPicker {...props} search={search} placeholder={t('requests.form.placePlaceholder')} />
  )
}

export function ItemPicker(props: PickerProps<ItemOption>) {
  const { t } = useTranslation()
  const language = useLanguage()
  const unitName = useUnitName()
  const search = useCallback(
    async (text: string, signal: AbortSignal) => {
      const list = await apiGet<ItemList>(
        '/api/items',
        { q: text, sort: 'code', limit: 12 },
        { signal },
      )
      return list.items.map((item) => itemOption(item, language, unitName))
    },
    [language, unitName],
  )
  return (
    <RecordPicker {...props} search={search} placeholder={t('requests.form.itemPlaceholder')} />
  )
}
