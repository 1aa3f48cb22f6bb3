/**
 * @module web/transport/transport-pickers
 * The choosers of the transport screens: any place (a route may start or end anywhere on the network,
 * an asset may be based at an airport, a port or a hub) and an asset offered by a partner. Also the
 * tabs between the route finder, the legs and the assets.
 */
import type { Place, PlaceList } from '@contract/places.js'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { apiGet } from '../api.js'
import { type PickerOption, RecordPicker } from '../common/record-picker.js'
import { useLanguage } from '../i18n/i18n.js'
import { type PlaceOption, placeOption } from '../requests/request-lookups.js'
import { Link, useLocation } from '../router.js'
import type { AssetList, AssetView } from './transport-model.js'

interface PickerProps<T extends PickerOption> {
  label: string
  name: string
  selected: T | undefined
  onSelect: (option: T | undefined) => void
  hint?: string
  error?: string | undefined
  required?: boolean
  optional?: boolean
  className?: string
}

export type { PlaceOption }

export function AnyPlacePicker(props: PickerProps<PlaceOption>) {
  const { t } = useTranslation()
  const language = useLanguage()
  const search = useCallback(
    async (text: string, signal: AbortSignal) => {
      const list = await apiGet<PlaceList>(
        '/api/places',
        { q: text, sort: 'code', limit: 12 },
        { signal },
      )
      return list.places.map((place: Place) => placeOption(place, language, t))
    },
    [language, t],
  )
  return <RecordPicker {...props} search={search} placeholder={t('transport.placePlaceholder')} />
}

export interface AssetOption extends PickerOption {
  asset: AssetView
}

export function assetOption(asset: AssetView, t: (key: string) => string): AssetOption {
  return {
    id: asset.id,
    text: asset.name,
    detail: [
      t(`transport.kind.${asset.kind}`),
      asset.type,
      t(`transport.assetStatus.${asset.status}`),
    ]
      .filter(Boolean)
      .join(' · '),
    asset,
  }
}

export function AssetPicker(props: PickerProps<AssetOption>) {
  const { t } = useTranslation()
  const search = useCallback(
    async (text: string, signal: AbortSignal) => {
      const list = await apiGet<AssetList>('/api/assets', { q: text, limit: 12 }, { signal })
      return list.assets.map((asset) => assetOption(asset, t))
    },
    [t],
  )
  return <RecordPicker {...props} search={search} placeholder={t('transport.assetPlaceholder')} />
}

const tabs = [
  { href: '/transport', key: 'transport.tabs.routes' },
  { href: '/transport/legs', key: 'transport.tabs.legs' },
  { href: '/transport/assets', key: 'transport.tabs.assets' },
] as const

/** Route finder, legs, assets: one section of the app, three screens. */
export function TransportTabs() {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const current = (href: string) =>
    href === '/transport' ? pathname === href : pathname === href || pathname.startsWith(`${href}/`)
  return (
    <nav className="movement-tabs transport-tabs" aria-label={t('transport.tabs.label')}>
      <ul>
        {tabs.map((tab) => (
          <li key={tab.href}>
            <Link href={tab.href} aria-current={current(tab.href) ? 'page' : undefined}>
              {t(tab.key)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}
