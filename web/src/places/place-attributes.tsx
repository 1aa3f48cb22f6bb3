/**
 * @module web/places/place-attributes
 * A place's attributes (whatever its source dataset carries): known keys and hazard names translated,
 * unknown keys shown as they are, lists joined, nested records as nested lists, links as links.
 */
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'

export function PlaceAttributes({ attributes }: { attributes: Record<string, unknown> }) {
  const { t } = useTranslation()
  const entries = Object.entries(attributes)
  if (entries.length === 0) return <p>{t('place.noAttributes')}</p>
  return (
    <table className="data-table attributes">
      <caption className="visually-hidden">{t('place.attributes')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('place.attribute')}</th>
          <th scope="col">{t('place.value')}</th>
        </tr>
      </thead>
      <tbody>
        {entries.map(([key, value]) => (
          <tr key={key}>
            <th scope="row">
              <AttributeName name={key} />
            </th>
            <td>
              <AttributeValue name={key} value={value} depth={0} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

function AttributeName({ name }: { name: string }) {
  const { t, i18n } = useTranslation()
  const key = `attribute.${name}`
  return i18n.exists(key) ? t(key) : <span className="code">{name}</span>
}

function AttributeValue({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  const { t, i18n } = useTranslation()
  const language = useLanguage()
  if (value === null || value === undefined || value === '') return <>{t('table.none')}</>
  if (typeof value === 'boolean') return <>{value ? t('app.yes') : t('app.no')}</>
  if (typeof value === 'number') return <>{formatNumber(value, language, 6)}</>
  if (typeof value === 'string') {
    if (/^https?:\/\/\S+$/.test(value)) {
      return (
        <a href={value} rel="noreferrer" target="_blank">
          {value}
        </a>
      )
    }
    const hazard = `hazard.${value}`
    return <>{name === 'hazards' && i18n.exists(hazard) ? t(hazard) : value}</>
  }
  if (Array.isArray(value)) {
    if (value.every((each) => typeof each !== 'object' || each === null)) {
      return (
        <ul className="inline-list">
          {value.map((each, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list without ids
            <li key={index}>
              <AttributeValue name={name} value={each} depth={depth + 1} />
            </li>
          ))}
        </ul>
      )
    }
  }
  if (typeof value === 'object' && depth < 4) {
    return (
      <ul className="nested-list">
        {Object.entries(value as Record<string, unknown>).map(([key, each]) => (
          <li key={key}>
            <span className="nested-key">
              <AttributeName name={key} />
            </span>{' '}
            <AttributeValue name={key} value={each} depth={depth + 1} />
          </li>
        ))}
      </ul>
    )
  }
  return <span className="code">{JSON.stringify(value)}</span>
}
