/**
 * @module web/map/map-filters
 * The map's filters — operation, request status and priority, place type — kept in the address like
 * every list's (?operation=&status=&priority=&type=), so a shared link shows the same picture.
 */
import { placeTypes } from '@contract/places.js'
import { priorities, requestStatuses } from '@contract/requests.js'
import { useTranslation } from 'react-i18next'
import { FilterSelect } from '../common/filter-select.js'
import { useOperations } from '../operations/operations.js'
import { setSearchParams } from '../router.js'
import type { MapFilters } from './map-model.js'

export function MapFilterBar({ filters }: { filters: MapFilters }) {
  const { t } = useTranslation()
  const operations = useOperations()
  const filtered = Boolean(filters.operation || filters.status || filters.priority || filters.type)
  return (
    <div className="map-filters">
      <FilterSelect
        label={t('map.filters.operation')}
        value={filters.operation}
        all={t('map.filters.allOperations')}
        onChange={(value) => setSearchParams({ operation: value })}
      >
        {operations.map((each) => (
          <option key={each.id} value={each.id}>
            {t('operations.option', { name: each.name, startedOn: each.startedOn })}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t('map.filters.status')}
        value={filters.status}
        all={t('map.filters.statusInPlay')}
        onChange={(value) => setSearchParams({ status: value })}
      >
        <option value="all">{t('map.filters.statusAll')}</option>
        {requestStatuses.map((each) => (
          <option key={each} value={each}>
            {t(`requests.status.${each}`)}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t('map.filters.priority')}
        value={filters.priority}
        all={t('map.filters.priorityAny')}
        onChange={(value) => setSearchParams({ priority: value })}
      >
        {priorities.map((each) => (
          <option key={each} value={each}>
            {t('map.filters.priorityOrMore', { priority: t(`requests.priority.${each}`) })}
          </option>
        ))}
      </FilterSelect>
      <FilterSelect
        label={t('map.filters.type')}
        value={filters.type}
        all={t('map.filters.typeAll')}
        onChange={(value) => setSearchParams({ type: value })}
      >
        {placeTypes.map((each) => (
          <option key={each} value={each}>
            {t(`placeType.${each}`)}
          </option>
        ))}
      </FilterSelect>
      {filtered && (
        <button
          type="button"
          className="clear-filters"
          onClick={() =>
            setSearchParams({
              operation: undefined,
              status: undefined,
              priority: undefined,
              type: undefined,
            })
          }
        >
          {t('map.filters.clear')}
        </button>
      )}
    </div>
  )
}
