/**
 * @module web/items/items-page
 * /items: the catalog, paged, sorted and filtered on the server (GET /api/items), with unit weight in kg,
 * unit volume in litres or m³ (the API gives grams and millilitres), and the contents of kits.
 */
import { type ItemList, itemCategories } from '@contract/items.js'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { ErrorMessage } from '../common/error-message.js'
import { FilterSelect } from '../common/filter-select.js'
import { Pager, pageSizes } from '../common/pager.js'
import { RecordName } from '../common/record-name.js'
import { SearchBox } from '../common/search-box.js'
import { SortHeader } from '../common/sort-header.js'
import { useApiData } from '../common/use-api-data.js'
import { formatNumber, formatVolume, formatWeight } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { setSearchParams, useLocation } from '../router.js'
import { KitComponents } from './kit-components.js'
import { useItemNames } from './use-item-names.js'

const defaultLimit = 50

type ItemCategory = (typeof itemCategories)[number]

export function ItemsPage() {
  const { t, i18n } = useTranslation()
  const language = useLanguage()
  const { search } = useLocation()
  const q = search.get('q') ?? ''
  const categoryParam = search.get('category') ?? ''
  const category = (itemCategories as readonly string[]).includes(categoryParam)
    ? (categoryParam as ItemCategory)
    : undefined
  const sort = search.get('sort') ?? 'code'
  const offset = Math.max(0, Number(search.get('offset')) || 0)
  const limitParam = Number(search.get('limit'))
  const limit = (pageSizes as readonly number[]).includes(limitParam) ? limitParam : defaultLimit

  const { data, error, loading, reload } = useApiData<ItemList>('/api/items', {
    q,
    category,
    sort,
    limit,
    offset,
  })
  const onSearch = useCallback(
    (text: string) => setSearchParams({ q: text, offset: undefined }, { replace: true }),
    [],
  )
  const onSort = (next: string) => setSearchParams({ sort: next, offset: undefined })
  const none = t('table.none')
  const names = useItemNames(data?.items.some((item) => item.components.length > 0) ?? false)
  const unitName = (unit: string) => (i18n.exists(`unit.${unit}`) ? t(`unit.${unit}`) : unit)

  return (
    <section className="page" aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1}>
        {t('items.title')}
      </h1>
      <div className="filters">
        <SearchBox
          label={t('items.search')}
          placeholder={t('items.searchPlaceholder')}
          value={q}
          onSearch={onSearch}
        />
        <FilterSelect
          label={t('items.category')}
          value={category ?? ''}
          all={t('items.allCategories')}
          onChange={(value) => setSearchParams({ category: value, offset: undefined })}
        >
          {itemCategories.map((each) => (
            <option key={each} value={each}>
              {t(`itemCategory.${each}`)}
            </option>
          ))}
        </FilterSelect>
      </div>
      {error && <ErrorMessage error={error} onRetry={reload} />}
      <div className="table-wrap">
        <table className="data-table" aria-busy={loading}>
          <caption className="visually-hidden">{t('items.title')}</caption>
          <thead>
            <tr>
              <SortHeader
                label={t('items.columns.code')}
                field="code"
                sort={sort}
                onSort={onSort}
              />
              <SortHeader
                label={t('items.columns.name')}
                field="nameEn"
                sort={sort}
                onSort={onSort}
              />
              <SortHeader
                label={t('items.columns.category')}
                field="category"
                sort={sort}
                onSort={onSort}
              />
              <th scope="col">{t('items.columns.unit')}</th>
              <SortHeader
                label={t('items.columns.weight')}
                field="unitWeightG"
                sort={sort}
                onSort={onSort}
                className="number"
              />
              <th scope="col" className="number">
                {t('items.columns.volume')}
              </th>
              <th scope="col" className="number">
                {t('items.columns.shelfLife')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data?.items.map((item) => (
              <tr key={item.id}>
                <td className="code">{item.code}</td>
                <td>
                  <RecordName record={item} />
                  {item.group && <div className="subtle">{item.group}</div>}
                  <KitComponents components={item.components} names={names} />
                </td>
                <td>{t(`itemCategory.${item.category}`)}</td>
                <td>{unitName(item.unit)}</td>
                <td className="number">
                  {item.unitWeightG === null ? none : formatWeight(item.unitWeightG, language)}
                </td>
                <td className="number">
                  {item.unitVolumeMl === null ? none : formatVolume(item.unitVolumeMl, language)}
                </td>
                <td className="number">
                  {item.shelfLifeDays === null
                    ? none
                    : t('items.shelfLifeDays', {
                        count: item.shelfLifeDays,
                        days: formatNumber(item.shelfLifeDays, language),
                      })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {data && data.items.length === 0 && <p className="empty">{t('items.noResults')}</p>}
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
    </section>
  )
}
