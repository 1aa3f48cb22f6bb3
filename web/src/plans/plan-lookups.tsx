/**
 * @module web/plans/plan-lookups
 * A plan names places, items, assets and organisations by id; people know them by name and code.
 * One hook gathers every id the plan's result names and fetches each record once (the shared caches
 * of the request and consignment screens), and a few small pieces show them: a place's name in its
 * language, an item's quantity with its unit, a sortie's asset.
 */
import type { Item } from '@contract/items.js'
import type { Place } from '@contract/places.js'
import { useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { useAssets } from '../consignments/consignment-lookups.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import {
  named,
  useItems,
  useOrganisations,
  usePlaces,
  useUnitName,
} from '../requests/request-lookups.js'
import type { AssetView } from '../transport/transport-model.js'
import type { PlanBody } from './plan-model.js'

type Result = NonNullable<PlanBody['result']>

export interface PlanLookups {
  places: Map<string, Place>
  items: Map<string, Item>
  assets: Map<string, AssetView>
  orgCode: (id: string) => string
}

export function usePlanLookups(result: Result | null | undefined): PlanLookups {
  const ids = useMemo(() => {
    const places = new Set<string>()
    const items = new Set<string>()
    const assets = new Set<string>()
    for (const sortie of result?.consignments ?? []) {
      places.add(sortie.origin)
      places.add(sortie.destination)
      assets.add(sortie.asset)
    }
    for (const line of result?.lines ?? []) {
      places.add(line.destination)
      items.add(line.item)
    }
    return { places: [...places], items: [...items], assets: [...assets] }
  }, [result])
  const places = usePlaces(ids.places)
  const items = useItems(ids.items)
  const assets = useAssets(ids.assets)
  const orgs = useOrganisations()
  return { places, items, assets, orgCode: orgs.codeOf }
}

export function PlaceName({ id, lookups }: { id: string; lookups: PlanLookups }) {
  const language = useLanguage()
  const name = named(lookups.places.get(id), language, '…')
  return <span lang={name.lang}>{name.text}</span>
}

export function ItemName({ id, lookups }: { id: string; lookups: PlanLookups }) {
  const language = useLanguage()
  const item = lookups.items.get(id)
  const name = named(item, language, item?.code ?? '…')
  return <span lang={name.lang}>{name.text}</span>
}

/** "4,000 bottle" in the reader's language and locale. */
export function Quantity({
  quantity,
  item,
  lookups,
}: {
  quantity: number
  item: string
  lookups: PlanLookups
}) {
  const language = useLanguage()
  const unitName = useUnitName()
  const unit = lookups.items.get(item)?.unit
  return (
    <span className="nowrap">
      {formatNumber(quantity, language)}
      {unit ? ` ${unitName(unit)}` : ''}
    </span>
  )
}

/** The asset's name and kind, and which of its sorties this is ("Ishikawa truck 10-27 (Truck), sortie 2"). */
export function SortieAsset({ sortie, lookups }: { sortie: string; lookups: PlanLookups }) {
  const { t } = useTranslation()
  const language = useLanguage()
  const slash = sortie.lastIndexOf('/')
  const assetId = slash > 0 ? sortie.slice(0, slash) : sortie
  const number = Number(sortie.slice(slash + 1))
  const asset = lookups.assets.get(assetId)
  return (
    <span className="sortie-asset">
      {asset ? `${asset.name} (${t(`transport.kind.${asset.kind}`)})` : '…'}
      {Number.isFinite(number) && number > 0 && (
        <span className="column-sub">
          {t('plans.sortie', { n: formatNumber(number, language) })}
        </span>
      )}
    </span>
  )
}
