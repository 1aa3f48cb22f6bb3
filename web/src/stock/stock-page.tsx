/**
 * @module web/stock/stock-page
 * /stock: what is held where — balances by place, item, owner and lot (posted, pending, available, with
 * weight and volume), paged and filtered on the server (GET /api/stock). The filters live in the address
 * (?place=&q=&owner=&category=&asOf=&sort=&offset=&limit=) so Back and shared links bring them back. Above the
 * table, the totals by category as bars, with their numbers as a table and as CSV. "As of" shows the
 * posted stock as it stood at a past time. Logisticians and administrators get the movement forms.
 * "Show other nodes' stock" (?replicas=true) adds partner nodes' stock below, badged with its home.
 */
import { itemCategories } from '@contract/items.js'
import { balanceSortFields } from '@contract/stock.js'
import { useCallback, useMemo } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { liveKinds, useLiveUpdates } from '../common/live.js'
import { Pager, pageSizes } from '../common/pager.js'
import { RecordName } from '../common/record-name.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader, sortFromParam } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { Link, setSearchParams, useLocation } from '../router.js'
import { useSignedInSession } from '../session/session.js'
import { ExpiryBadge } from './expiry-badge.js'
import { csvHref, formatKg, formatM3, formatZonedTime, localDay, toCsv } from './stock-format.js'
import { PlacePicker, useOrganisations, usePlaceOption, useUnitName } from './stock-pickers.js'
import { ReplicaStock } from './replica-stock.js'
import { AsOfControl, TotalsPanel, totalsOf } from './stock-totals.js'
import type { Balance, BalanceList, MovementKind } from './stock-types.js'
import { movementKinds } from './stock-types.js'

const defaultLimit = 50
/** Most balances added up in the browser for the totals of a past time (the API gives none then). */
const asOfTotalsLimit = 5000

export function canRecordStock(roles: readonly string[]): boolean {
  return roles.includes('admin') || roles.includes('logistician')
}

export function StockPage() {
  const { t } = useTranslation()
  const language = useLanguage()
  const session = useSignedInSession()
  const { search } = useLocation()
  const orgs = useOrganisations()
  const unitName = useUnitName()
  const place = search.get('place') ?? undefined
  const q = search.get('q') ?? ''
  const owner = search.get('owner') ?? undefined
  const categoryParam = search.get('category') ?? ''
  const category = (itemCategories as readonly string[]).includes(categoryParam)
    ? categoryParam
    : undefined
  const asOfParam = search.get('asOf') ?? ''
  const asOf = asOfParam && !Number.isNaN(Date.parse(asOfParam)) ? asOfParam : undefined
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit
  const sort = sortFromParam(search.get('sort'), balanceSortFields, 'place')
  const filters = { place, q, owner, category, asOf }
  const showReplicas = search.get('replicas') === 'true'
  const replicaOffset = Math.max(0, Number(search.get('replicaOffset')) || 0)

  const { data, error, loading, reload } = useApiData<BalanceList>('/api/stock', {
    ...filters,
    sort,
    limit,
    offset,
  })
  // Stock received or moved elsewhere shows without a reload (a past time does not change).
  useLiveUpdates(liveKinds.stock, () => {
    if (!asOf) reload()
  })
  // For a past time the API gives no totals: they are added up here from every balance then.
  const past = useApiData<BalanceList>(asOf ? '/api/stock' : null, {
    ...filters,
    limit: asOfTotalsLimit,
    offset: 0,
  })
  const totals = asOf
    ? past.data && past.data.total <= asOfTotalsLimit
      ? totalsOf(past.data.balances)
      : undefined
    : data?.totals

  const placeOption = usePlaceOption(place)
  const today = localDay(asOf ? new Date(asOf) : new Date())
  const writer = canRecordStock(session.user.roles)
  const onSearch = useCallback(
    (text: string) => setSearchParams({ q: text, offset: undefined }, { replace: true }),
    [],
  )
  const rowsCsv = useMemo(
    () =>
      data && data.balances.length > 0
        ? balancesCsv(data.balances, t, orgs.codeOf, language)
        : undefined,
    [data, t, orgs, language],
  )
  const filtered = Boolean(place || q || owner || category || asOf)
  const onSort = (next: string) => setSearchParams({ sort: next, offset: undefined })
  const sortable = (field: (typeof balanceSortFields)[number], label: string, number = false) => (
    <SortHeader
      label={label}
      field={field}
      sort={sort}
      onSort={onSort}
      className={number ? 'number' : field === 'item' ? 'item-column' : undefined}
    />
  )

  return (
    <section className="page" aria-labelledby="page-title">
      <div className="page-head">
        <h1 id="page-title" tabIndex={-1}>
          {t('stock.title')}
        </h1>
        {writer && <MovementLinks place={place} />}
      </div>
      <p className="subtle">{t('stock.intro')}</p>
      <div className="filters stock-filters">
        <PlacePicker
          label={t('stock.filters.place')}
          name="place"
          className="filter-picker"
          selected={place ? placeOption : undefined}
          onSelect={(option) => setSearchParams({ place: option?.id, offset: undefined })}
        />
        <SearchBox
          label={t('stock.filters.search')}
          placeholder={t('stock.filters.searchPlaceholder')}
          value={q}
          onSearch={onSearch}
        />
        <FilterSelect
          label={t('stock.filters.owner')}
          value={owner ?? ''}
          all={t('stock.filters.allOwners')}
          onChange={(value) => setSearchParams({ owner: value, offset: undefined })}
        >
          {orgs.list.map((org) => (
            <option key={org.id} value={org.id}>
              {org.code}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect
          label={t('stock.filters.category')}
          value={category ?? ''}
          all={t('stock.filters.allCategories')}
          onChange={(value) => setSearchParams({ category: value, offset: undefined })}
        >
          {itemCategories.map((each) => (
            <option key={each} value={each}>
              {t(`itemCategory.${each}`)}
            </option>
          ))}
        </FilterSelect>
        <AsOfControl
          asOf={asOf}
          onChange={(next) =>
            setSearchParams({ asOf: next, offset: undefined }, { replace: Boolean(asOf && next) })
          }
        />
        <label className="toggle">
          <input
            type="checkbox"
            checked={showReplicas}
            onChange={(event) =>
              setSearchParams({
                replicas: event.target.checked ? 'true' : undefined,
                replicaOffset: undefined,
              })
            }
          />{' '}
          {t('replica.showStock')}
        </label>
        {filtered && (
          <button
            type="button"
            className="clear-filters"
            onClick={() =>
              setSearchParams({
                place: undefined,
                q: undefined,
                owner: undefined,
                category: undefined,
                asOf: undefined,
                offset: undefined,
              })
            }
          >
            {t('stock.filters.clear')}
          </button>
        )}
      </div>
      {asOf && (
        <p className="notice as-of-notice" role="status">
          {t('stock.asOfNotice', { time: formatZonedTime(asOf, language).local })}
        </p>
      )}
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <TotalsPanel
        totals={totals}
        asOf={asOf}
        tooMany={Boolean(asOf && past.data && past.data.total > asOfTotalsLimit)}
        loading={asOf ? past.loading : loading}
      />
      <h2 id="balances-title">
        {place && placeOption ? (
          <>
            {t('stock.balancesAt')} <span lang={placeOption.lang}>{placeOption.text}</span>
          </>
        ) : (
          t('stock.balancesTitle')
        )}
      </h2>
      <div className="table-wrap">
        <table
          className="data-table stock-table"
          aria-busy={loading}
          aria-labelledby="balances-title"
        >
          <thead>
            <tr>
              {!place && sortable('place', t('stock.columns.place'))}
              {sortable('item', t('stock.columns.item'))}
              {sortable('owner', t('stock.columns.owner'))}
              {sortable('lot', t('stock.columns.lot'))}
              {sortable('expiresOn', t('stock.columns.expiresOn'))}
              {sortable('posted', t('stock.columns.posted'), true)}
              <th scope="col" className="number">
                {t('stock.columns.pending')}
              </th>
              {sortable('available', t('stock.columns.available'), true)}
              <th scope="col" className="number">
                {t('stock.columns.weight')}
              </th>
              <th scope="col" className="number">
                {t('stock.columns.volume')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data?.balances.map((balance) => (
              <BalanceRow
                key={balance.accountId}
                balance={balance}
                today={today}
                past={Boolean(asOf)}
                showPlace={!place}
                ownerCode={orgs.codeOf(balance.owner)}
                ownerName={orgs.byId.get(balance.owner)}
                unitName={unitName}
              />
            ))}
          </tbody>
        </table>
        {data && data.balances.length === 0 && (
          <p className="empty">{asOf ? t('stock.noResultsAsOf') : t('stock.noResults')}</p>
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
      {showReplicas && !asOf && (
        <ReplicaStock
          filters={{ place, q, owner, category }}
          offset={replicaOffset}
          limit={limit}
          today={today}
          ownerCode={orgs.codeOf}
          unitName={unitName}
        />
      )}
      {rowsCsv && (
        <p className="download">
          <a href={rowsCsv} download={`kizuna-stock-${today}.csv`}>
            {t('stock.downloadRows')}
          </a>
        </p>
      )}
    </section>
  )
}

function BalanceRow({
  balance,
  today,
  past,
  showPlace,
  ownerCode,
  ownerName,
  unitName,
}: {
  balance: Balance
  today: string
  past: boolean
  /** Not when the list is of one place (named above it). */
  showPlace: boolean
  ownerCode: string
  ownerName: { nameEn: string; nameJa: string | null } | undefined
  unitName: (unit: string) => string
}) {
  const { t } = useTranslation()
  const language = useLanguage()
  const none = t('table.none')
  const number = (value: number) => formatNumber(value, language)
  return (
    <tr>
      {showPlace && (
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
        <Link href={`/stock/accounts/${balance.accountId}`}>
          <RecordName record={balance.item} />
        </Link>
        <div className="subtle">
          <span className="code">{balance.item.code}</span> · {unitName(balance.item.unit)}
        </div>
      </td>
      <td>
        <abbr
          title={
            ownerName ? (language === 'ja' && ownerName.nameJa) || ownerName.nameEn : undefined
          }
        >
          {ownerCode}
        </abbr>
      </td>
      <td className="code lot">
        {balance.lot || <span className="subtle">{t('stock.noLot')}</span>}
      </td>
      <td>
        <ExpiryBadge expiresOn={balance.expiresOn} today={today} />
      </td>
      <td className="number">{number(balance.posted)}</td>
      <td className="number">
        {past || (balance.pendingOut === 0 && balance.pendingIn === 0) ? (
          none
        ) : (
          <>
            {balance.pendingOut !== 0 && (
              <div>{t('stock.pendingOut', { quantity: number(balance.pendingOut) })}</div>
            )}
            {balance.pendingIn !== 0 && (
              <div>{t('stock.pendingIn', { quantity: number(balance.pendingIn) })}</div>
            )}
          </>
        )}
      </td>
      <td className="number strong">{past ? none : number(balance.available)}</td>
      <td className="number">{formatKg(balance.weightKg, language) ?? none}</td>
      <td className="number">{formatM3(balance.volumeM3, language) ?? none}</td>
    </tr>
  )
}

function MovementLinks({ place }: { place: string | undefined }) {
  const { t } = useTranslation()
  const query = place ? `?place=${encodeURIComponent(place)}` : ''
  return (
    <nav aria-label={t('movement.nav')} className="movement-links">
      <ul>
        {movementKinds.map((kind: MovementKind) => (
          <li key={kind}>
            <Link href={`/stock/${kind}${query}`} className="button-link">
              {t(`movement.${kind}.action`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  )
}

function balancesCsv(
  balances: readonly Balance[],
  t: (key: string) => string,
  codeOf: (id: string) => string,
  language: 'en' | 'ja',
): string {
  return csvHref(
    toCsv([
      [
        t('stock.csv.place'),
        t('stock.csv.itemCode'),
        t('stock.csv.item'),
        t('stock.csv.unit'),
        t('stock.columns.owner'),
        t('stock.columns.lot'),
        t('stock.columns.expiresOn'),
        t('stock.columns.posted'),
        t('stock.csv.pendingOut'),
        t('stock.csv.pendingIn'),
        t('stock.columns.available'),
        t('stock.columns.weight'),
        t('stock.columns.volume'),
      ],
      ...balances.map((b) => [
        b.place?.code ?? b.where,
        b.item.code,
        (language === 'ja' && b.item.nameJa) || b.item.nameEn,
        b.item.unit,
        codeOf(b.owner),
        b.lot,
        b.expiresOn,
        b.posted,
        b.pendingOut,
        b.pendingIn,
        b.available,
        b.weightKg,
        b.volumeM3,
      ]),
    ]),
  )
}
