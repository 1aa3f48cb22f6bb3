/**
 * @module web/stock/stock-pickers
 * The choosers of the stock screens: a place that holds stock (hubs, warehouses, staging areas,
 * distribution points, searched on the server), an item of the catalog, and the owner among the
 * partners. Also the organisations by id (the ledger names owners by id; people know them by code) and
 * the place or item named by an id in the address, as a chosen option.
 */
import type { Item, ItemList } from '@contract/items.js'
import type { OrganisationView } from '@contract/organisations.js'
import type { Place, PlaceList } from '@contract/places.js'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { apiGet } from '../api.js'
import { type PickerOption, RecordPicker } from '../common/record-picker.js'
import { useApiData } from '../common/use-api-data.js'
import { nameOf } from '../format.js'
import { type Language, useLanguage } from '../i18n/i18n.js'
import { stockPlaceTypes } from './stock-types.js'

export interface PlaceOption extends PickerOption {
  code: string
  org: string
}

export interface ItemOption extends PickerOption {
  code: string
  unit: string
  shelfLifeDays: number | null
}

export interface Organisations {
  list: OrganisationView[]
  byId: Map<string, OrganisationView>
  /** The organisation's code, or the id itself when this node does not know it. */
  codeOf: (id: string) => string
}

let organisations: { at: number; list: Promise<OrganisationView[]> } | undefined
const organisationsFreshMs = 60_000

/** The partners, fetched once a minute at most however many components ask. */
function loadOrganisations(): Promise<OrganisationView[]> {
  if (!organisations || Date.now() - organisations.at > organisationsFreshMs) {
    const list = apiGet<{ organisations: OrganisationView[] }>('/api/organisations').then(
      (answer) => answer.organisations,
      (error: unknown) => {
        organisations = undefined // ask again next time
        throw error
      },
    )
    organisations = { at: Date.now(), list }
  }
  return organisations.list
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
        // owners are then shown by id: still true, only less readable
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

export function placeOption(
  place: Place,
  language: Language,
  t: (key: string, values?: Record<string, unknown>) => string,
  orgs: Organisations,
): PlaceOption {
  const name = nameOf(place, language)
  const runBy = place.org === 'public' ? null : t('picker.runBy', { org: orgs.codeOf(place.org) })
  return {
    id: place.id,
    text: name.text || place.code,
    lang: name.lang === language ? undefined : name.lang,
    detail: [place.code, t(`placeType.${place.type}`), runBy].filter(Boolean).join(' · '),
    code: place.code,
    org: place.org,
  }
}

export function itemOption(
  item: Item,
  language: Language,
  unitName: (unit: string) => string,
): ItemOption {
  const name = nameOf(item, language)
  return {
    id: item.id,
    text: name.text,
    lang: name.lang === language ? undefined : name.lang,
    detail: `${item.code} · ${unitName(item.unit)}`,
    code: item.code,
    unit: item.unit,
    shelfLifeDays: item.shelfLifeDays,
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

/** The place an id names, as a chosen option (for a place in the address). */
export function usePlaceOption(id: string | undefined): PlaceOption | undefined {
  const { t } = useTranslation()
  const language = useLanguage()
  const orgs = useOrganisations()
  const { data } = useApiData<Place>(id ? `/api/places/${id}` : null)
  return data && data.id === id ? placeOption(data, language, t, orgs) : undefined
}

/** The item an id names, as a chosen option. */
export function useItemOption(id: string | undefined): ItemOption | undefined {
  const language = useLanguage()
  const unitName = useUnitName()
  const { data } = useApiData<Item>(id ? `/api/items/${id}` : null)
  return data && data.id === id ? itemOption(data, language, unitName) : undefined
}

type PickerProps<T extends PickerOption> = {
  label: string
  name: string
  selected: T | undefined
  onSelect: (option: T | undefined) => void
  hint?: string
  error?: string | undefined
  required?: boolean
  className?: string
  autoFocus?: boolean
}

export function PlacePicker(props: PickerProps<PlaceOption>) {
  const { t } = useTranslation()
  const language = useLanguage()
  const orgs = useOrganisations()
  const search = useCallback(
    async (text: string, signal: AbortSignal) => {
      const list = await apiGet<PlaceList>(
        '/api/places',
        { type: stockPlaceTypes, q: text, sort: 'code', limit: 12 },
        { signal },
      )
      return list.places.map((place) => placeOption(place, language, t, orgs))
    },
    [language, t, orgs],
  )
  return <RecordPicker {...props} search={search} placeholder={t('picker.placePlaceholder')} />
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
  return <RecordPicker {...props} search={search} placeholder={t('picker.itemPlaceholder')} />
}

/** "JP-CAO — Cabinet Office …" for each partner, by code. */
export function ownerOptions(
  orgs: Organisations,
  language: Language,
): { value: string; label: string }[] {
  return orgs.list.map((org) => ({
    value: org.id,
    label: `${org.code} — ${nameOf(org, language).text}`,
  }))
}
