/**
 * @module web/transport/assets-page
 * /transport/assets: the aircraft, ships and trucks partners offer, paged, sorted and filtered on the
 * server (GET /api/assets) by kind, status, partner and text; the filters live in the address
 * (?kind=&status=&org=&q=&sort=&offset=&limit=). Planners, logisticians and administrators offer a new asset
 * (asset-form-page.tsx) and change an asset's status, with a note; others read.
 */
import { assetSortFields } from '@contract/transport.js'
import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { Pager, pageSizes } from '../common/pager.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader, sortFromParam } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { zonedTime } from '../requests/request-bits.js'
import { named, useOrganisations, usePlaces } from '../requests/request-lookups.js'
import { Link, setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { AssetStatusDialog } from './asset-status-dialog.js'
import {
  type AssetList,
  type AssetView,
  assetKinds,
  assetStatuses,
  formatKm,
  mayWriteTransport,
  oneOf,
} from './transport-model.js'
import { TransportTabs } from './transport-pickers.js'
import './transport.css'

const defaultLimit = 50

export function AssetsPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const writer = mayWriteTransport(session)
  const { search } = useLocation()
  const kind = oneOf(assetKinds, search.get('kind'))
  const status = oneOf(assetStatuses, search.get('status'))
  const org = search.get('org') ?? ''
  const q = search.get('q') ?? ''
  const sort = sortFromParam(search.get('sort'), assetSortFields, 'kind')
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const { data, error, loading, reload } = useApiData<AssetList>('/api/assets', {
    kind,
    status,
    org,
    q,
    sort,
    limit,
    offset,
  })
  const assets = data?.assets ?? []
  const orgs = useOrganisations()
  const places = usePlaces(useMemo(() => assets.map((asset) => asset.base), [assets]))
  const [changing, setChanging] = useState<AssetView>()
  const [done, setDone] = useState<string>()
  const filtered = Boolean(kind || status || org || q)
  const onSearch = useCallback(
    (text: string) => setSearchParams({ q: text, offset: undefined }, { replace: true }),
    [],
  )
  const sortable = (field: (typeof assetSortFields)[number], label: string, number = false) => (
    <SortHeader
      label={label}
      field={field}
      sort={sort}
      onSort={(next) => setSearchParams({ sort: next, offset: undefined })}
      className={number ? 'number' : undefined}
    />
  )

  return (
    <section className="page transport-page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('transport.assets.title')}
        </h1>
        {writer && (
          <div className="head-links">
            <Link href="/transport/assets/new" className="button-like primary">
              {t('transport.assets.new')}
            </Link>
          </div>
        )}
      </div>
      <TransportTabs />
      <p className="subtle">{t('transport.assets.intro')}</p>
      <div className="filters transport-filters">
        <FilterSelect
          label={t('transport.assets.filterKind')}
          value={kind}
          all={t('transport.assets.allKinds')}
          onChange={(value) => setSearchParams({ kind: value, offset: undefined })}
        >
          {assetKinds.map((each) => (
            <option key={each} value={each}>
              {t(`transport.kind.${each}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t('transport.assets.filterStatus')}
          value={status}
          all={t('transport.assets.allStatuses')}
          onChange={(value) => setSearchParams({ status: value, offset: undefined })}
        >
          {assetStatuses.map((each) => (
            <option key={each} value={each}>
              {t(`transport.assetStatus.${each}`)}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t('transport.assets.filterOrg')}
          value={org}
          all={t('transport.assets.allOrgs')}
          onChange={(value) => setSearchParams({ org: value, offset: undefined })}
        >
          {orgs.list.map((each) => (
            <option key={each.id} value={each.id}>
              {each.code} — {named(each, language, each.code).text}
            </option>
          ))}
        </FilterSelect>
        <SearchBox
          label={t('transport.assets.search')}
          placeholder={t('transport.assets.searchPlaceholder')}
          value={q}
          onSearch={onSearch}
        />
        {filtered && (
          <button
            type="button"
            className="clear-filters"
            onClick={() =>
              setSearchParams({
                kind: undefined,
                status: undefined,
                org: undefined,
                q: undefined,
                offset: undefined,
              })
            }
          >
            {t('transport.assets.clearFilters')}
          </button>
        )}
      </div>
      {done && (
        <p className="success" role="status">
          {done}
        </p>
      )}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table className="data-table asset-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('transport.assets.title')}</caption>
          <thead>
            <tr>
              {sortable('name', t('transport.columns.asset'))}
              {sortable('kind', t('transport.columns.kind'))}
              <th scope="col">{t('transport.columns.org')}</th>
              {sortable('payloadKg', t('transport.columns.payload'), true)}
              {sortable('volumeM3', t('transport.columns.volume'), true)}
              {sortable('speedKmh', t('transport.columns.speed'), true)}
              {sortable('rangeKm', t('transport.columns.range'), true)}
              <th scope="col">{t('transport.columns.base')}</th>
              <th scope="col">{t('transport.columns.window')}</th>
              {sortable('status', t('transport.columns.status'))}
              {writer && <th scope="col">{t('transport.columns.actions')}</th>}
            </tr>
          </thead>
          <tbody>
            {assets.map((asset) => {
              const base = named(places.get(asset.base), language, '…')
              return (
                <tr key={asset.id} data-asset={asset.id}>
                  <td>
                    {asset.name}
                    {asset.type && <span className="column-sub">{asset.type}</span>}
                  </td>
                  <td>{t(`transport.kind.${asset.kind}`)}</td>
                  <td className="nowrap">{orgs.codeOf(asset.org)}</td>
                  <td className="number nowrap">{formatNumber(asset.payloadKg, language)} kg</td>
                  <td className="number nowrap">{formatNumber(asset.volumeM3, language, 1)} m³</td>
                  <td className="number nowrap">{formatNumber(asset.speedKmh, language)} km/h</td>
                  <td className="number nowrap">
                    {asset.rangeKm === null ? '—' : formatKm(asset.rangeKm, language)}
                  </td>
                  <td>
                    <span lang={base.lang}>{base.text}</span>
                  </td>
                  <td className="nowrap">
                    {asset.availableFrom || asset.availableUntil
                      ? t('transport.assets.window', {
                          from: asset.availableFrom
                            ? zonedTime(asset.availableFrom, language).local
                            : '…',
                          until: asset.availableUntil
                            ? zonedTime(asset.availableUntil, language).local
                            : '…',
                        })
                      : '—'}
                  </td>
                  <td>
                    <span className={`asset-status asset-${asset.status}`}>
                      {t(`transport.assetStatus.${asset.status}`)}
                    </span>
                    {asset.statusNote && <span className="column-sub">{asset.statusNote}</span>}
                  </td>
                  {writer && (
                    <td className="actions nowrap">
                      <button
                        type="button"
                        aria-label={t('transport.assets.changeStatusLabel', { asset: asset.name })}
                        onClick={() => setChanging(asset)}
                      >
                        {t('transport.assets.changeStatus')}
                      </button>
                    </td>
                  )}
                </tr>
              )
            })}
          </tbody>
        </table>
        {data && assets.length === 0 && (
          <p className="empty">
            {filtered ? t('transport.assets.noResults') : t('transport.assets.none')}
          </p>
        )}
        {!data && loading && <p className="empty">{t('app.loading')}</p>}
      </div>
      {data && (
        <Pager
          total={data.total}
          limit={limit}
          offset={offset}
          onPage={(next) => setSearchParams({ offset: next > 0 ? String(next) : undefined })}
          onLimit={(next) => setSearchParams({ limit: String(next), offset: undefined })}
        />
      )}
      {changing && (
        <AssetStatusDialog
          asset={changing}
          onClose={() => setChanging(undefined)}
          onDone={(asset) => {
            setDone(
              t('transport.assets.statusDone', {
                asset: asset.name,
                status: t(`transport.assetStatus.${asset.status}`),
              }),
            )
            setChanging(undefined)
            reload()
          }}
        />
      )}
    </section>
  )
}
