/**
 * @module web/stock/replica-stock
 * Other nodes' stock on the stock page (issue 9): their balances as their released transfers rebuilt
 * them (GET /api/stock/replicas), with the same place, text, owner and category filters as the page,
 * each badged with its home node, read-only (no stock card, no movement). Paged and sorted on the
 * server on its own (?replicaOffset=&replicaSort=; by home node first unless asked otherwise), shown
 * when the reader asks for it (?replicas=true).
 */
import { replicaBalanceSortFields } from '@contract/stock.js'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { HomeBadge } from '../common/home-badge.js'
import { Pager } from '../common/pager.js'
import { RecordName } from '../common/record-name.js'
import { SortHeader, sortFromParam } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { setSearchParams, useLocation } from '../router.js'
import { ExpiryBadge } from './expiry-badge.js'
import type { Balance } from './stock-types.js'

type ReplicaBalance = Balance & { home: string }

export interface ReplicaStockProps {
  filters: {
    place?: string | undefined
    q: string
    owner?: string | undefined
    category?: string | undefined
  }
  offset: number
  limit: number
  today: string
  ownerCode: (id: string) => string
  unitName: (unit: string) => string
}

export function ReplicaStock({
  filters,
  offset,
  limit,
  today,
  ownerCode,
  unitName,
}: ReplicaStockProps) {
  const { t } = useTranslation()
  const language = useLanguage()
  const { search } = useLocation()
  const sort = sortFromParam(search.get('replicaSort'), replicaBalanceSortFields, 'home')
  const { data, error, loading, reload } = useApiData<{
    balances: ReplicaBalance[]
    total: number
  }>('/api/stock/replicas', { ...filters, sort, limit, offset })
  const sortable = (field: (typeof replicaBalanceSortFields)[number], label: string) => (
    <SortHeader
      label={label}
      field={field}
      sort={sort}
      onSort={(next) => setSearchParams({ replicaSort: next, replicaOffset: undefined })}
      className={field === 'posted' || field === 'available' ? 'number' : undefined}
    />
  )
  const number = (value: number) => formatNumber(value, language)
  return (
    <section className="replica-stock" aria-labelledby="replica-stock-title">
      <h2 id="replica-stock-title">{t('replica.stockHeading')}</h2>
      <p className="subtle">{t('replica.stockNote')}</p>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table
          className="data-table replica-stock-table"
          aria-busy={loading}
          aria-labelledby="replica-stock-title"
        >
          <thead>
            <tr>
              {sortable('home', t('replica.home'))}
              {!filters.place && sortable('place', t('stock.columns.place'))}
              {sortable('item', t('stock.columns.item'))}
              {sortable('owner', t('stock.columns.owner'))}
              {sortable('lot', t('stock.columns.lot'))}
              {sortable('expiresOn', t('stock.columns.expiresOn'))}
              {sortable('posted', t('stock.columns.posted'))}
              {sortable('available', t('stock.columns.available'))}
            </tr>
          </thead>
          <tbody>
            {data?.balances.map((balance) => (
              <tr key={`${balance.home}:${balance.accountId}`} data-home={balance.home}>
                <td>
                  <HomeBadge home={balance.home} />
                </td>
                {!filters.place && (
                  <td>
                    {balance.place ? (
                      <>
                        <RecordName record={balance.place} />
                        <div className="subtle code nowrap">{balance.place.code}</div>
                      </>
                    ) : (
                      <span className="code">{balance.where}</span>
                    )}
                  </td>
                )}
                <td>
                  <RecordName record={balance.item} />
                  <div className="subtle">
                    <span className="code">{balance.item.code}</span> ·{' '}
                    {unitName(balance.item.unit)}
                  </div>
                </td>
                <td>{ownerCode(balance.owner)}</td>
                <td className="code lot">
                  {balance.lot || <span className="subtle">{t('stock.noLot')}</span>}
                </td>
                <td>
                  <ExpiryBadge expiresOn={balance.expiresOn} today={today} />
                </td>
                <td className="number">{number(balance.posted)}</td>
                <td className="number strong">{number(balance.available)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.balances.length === 0 && <p className="empty">{t('replica.noStock')}</p>}
      </div>
      {data && (
        <Pager
          total={data.total}
          limit={limit}
          offset={offset}
          onPage={(next) => setSearchParams({ replicaOffset: next > 0 ? String(next) : undefined })}
          onLimit={(next) => setSearchParams({ limit: String(next), replicaOffset: undefined })}
        />
      )}
    </section>
  )
}
