/** @module web/places/place-type-filter — toggles for place types; none ticked means every type. */
import { type PlaceType, placeTypes } from '@contract/places.js'
import { useTranslation } from 'react-i18next'
import { placeTypeStyle } from './place-type-style.js'

export interface PlaceTypeFilterProps {
  selected: readonly PlaceType[]
  onChange: (types: PlaceType[]) => void
}

export function PlaceTypeFilter({ selected, onChange }: PlaceTypeFilterProps) {
  const { t } = useTranslation()
  const toggle = (type: PlaceType, on: boolean) =>
    onChange(placeTypes.filter((each) => (each === type ? on : selected.includes(each))))
  return (
    <fieldset className="chips">
      <legend>{t('places.typeFilter')}</legend>
      <button
        type="button"
        className="chip-clear"
        onClick={() => onChange([])}
        aria-pressed={selected.length === 0}
      >
        {t('places.allTypes')}
      </button>
      {placeTypes.map((type) => (
        <label key={type} className="chip">
          <input
            type="checkbox"
            checked={selected.includes(type)}
            onChange={(event) => toggle(type, event.target.checked)}
          />
          <span
            className="swatch"
            style={{ background: placeTypeStyle[type].colour }}
            aria-hidden="true"
          />
          {t(`placeType.${type}`)}
        </label>
      ))}
    </fieldset>
  )
}

export function parsePlaceTypes(value: string | null): PlaceType[] {
  if (!value) return []
  return value
    .split(',')
    .filter((type): type is PlaceType => (placeTypes as readonly string[]).includes(type))
}
