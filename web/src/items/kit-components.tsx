/** @module web/items/kit-components — what a kit holds: quantity × item (name, with its code). */
import type { Item } from '@contract/items.js'
import { useTranslation } from 'react-i18next'
import { formatNumber, type Named, nameOf } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'

export interface KitComponentsProps {
  components: Item['components']
  names: Map<string, Named> | undefined
}

export function KitComponents({ components, names }: KitComponentsProps) {
  const { t } = useTranslation()
  const language = useLanguage()
  if (components.length === 0) return null
  return (
    <div className="kit">
      <span className="kit-label">{t('items.kitContents')}</span>
      <ul>
        {components.map((component) => {
          const named = names?.get(component.code)
          const name = named ? nameOf(named, language) : undefined
          return (
            <li key={component.code}>
              {formatNumber(component.quantity, language)} ×{' '}
              {name?.text ? (
                <span lang={name.lang === language ? undefined : name.lang}>
                  {name.text} <span className="code">({component.code})</span>
                </span>
              ) : (
                <span className="code">{component.code}</span>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
