/**
 * @module web/map/map-legend
 * The layer control and legend in one: each layer a checkbox with its count, and under it each symbol
 * the layer draws with what it means. Which layers are hidden lives in the address (?hide=).
 */
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { formatNumber } from '../format.js'
import { useLanguage } from '../i18n/i18n.js'
import { placeTypeStyle } from '../places/place-type-style.js'
import {
  consignmentColour,
  type LayerId,
  layers,
  type Priority,
  type PlaceLayer,
  priorityColour,
  stageDash,
  typesOf,
} from './map-model.js'
import {
  areaSymbol,
  clusterSymbol,
  DotSymbol,
  LineSymbol,
  legSymbol,
  positionSymbol,
  RingSymbol,
  statusSymbols,
} from './map-symbols.js'

const priorities: Priority[] = ['life-saving', 'life-sustaining', 'other']

function Key({ symbol, children }: { symbol: ReactNode; children: ReactNode }) {
  return (
    <li>
      {symbol}
      <span>{children}</span>
    </li>
  )
}

/** What each layer's symbols mean. */
function LayerKey({ layer, areaNames }: { layer: LayerId; areaNames: string[] }) {
  const { t } = useTranslation()
  const types = (place: PlaceLayer) =>
    typesOf(place).map((type) => (
      <Key key={type} symbol={<DotSymbol colour={placeTypeStyle[type].colour} />}>
        {t(`placeType.${type}`)}
      </Key>
    ))
  switch (layer) {
    case 'hubs':
      return (
        <>
          {types('hubs')}
          <Key symbol={<DotSymbol colour={placeTypeStyle.hub.colour} radius={9} />}>
            {t('map.legend.hubSize')}
          </Key>
        </>
      )
    case 'shelters':
      return (
        <>
          {types('shelters')}
          {priorities.map((priority) => (
            <Key key={priority} symbol={<DotSymbol colour={priorityColour[priority]} radius={6} />}>
              {t('map.legend.needs', { priority: t(`requests.priority.${priority}`) })}
            </Key>
          ))}
        </>
      )
    case 'airports':
    case 'ports':
    case 'other':
      return <>{types(layer)}</>
    case 'requests':
      return (
        <>
          {priorities.map((priority) => (
            <Key key={priority} symbol={<RingSymbol colour={priorityColour[priority]} />}>
              {t('map.legend.requests', { priority: t(`requests.priority.${priority}`) })}
            </Key>
          ))}
          <Key symbol={<RingSymbol colour={priorityColour.other} dash={stageDash.review} />}>
            {t('map.legend.review')}
          </Key>
          <Key symbol={statusSymbols.done}>{t('map.legend.done')}</Key>
        </>
      )
    case 'consignments':
      return (
        <>
          <Key symbol={<LineSymbol colour={consignmentColour.onTime} arrow />}>
            {t('map.legend.onTheWay')}
          </Key>
          <Key symbol={<LineSymbol colour={consignmentColour.late} arrow />}>
            {t('map.legend.late')}
          </Key>
          <Key symbol={<LineSymbol colour={consignmentColour.onTime} dash="1 6" />}>
            {t('map.legend.arrived')}
          </Key>
          <Key symbol={positionSymbol}>{t('map.legend.position')}</Key>
        </>
      )
    case 'legs':
      return (
        <>
          <Key symbol={legSymbol('closed')}>{t('transport.legStatus.closed')}</Key>
          <Key symbol={legSymbol('damaged')}>{t('transport.legStatus.damaged')}</Key>
        </>
      )
    case 'area':
      return (
        <Key symbol={areaSymbol}>
          {areaNames.length > 0
            ? t('map.legend.area', { names: areaNames.join(t('map.legend.separator')) })
            : t('map.legend.noArea')}
        </Key>
      )
  }
}

export interface MapLegendProps {
  readonly hidden: readonly LayerId[]
  readonly counts: Partial<Record<LayerId, number>>
  readonly areaNames: string[]
  readonly onToggle: (layer: LayerId, shown: boolean) => void
}

export function MapLegend({ hidden, counts, areaNames, onToggle }: MapLegendProps) {
  const { t } = useTranslation()
  const language = useLanguage()
  return (
    <fieldset className="legend map-legend">
      <legend>{t('map.layers')}</legend>
      {layers.map((layer) => {
        const shown = !hidden.includes(layer)
        const count = counts[layer]
        return (
          <div key={layer} className="legend-layer" data-layer={layer}>
            <label className="legend-entry">
              <input
                type="checkbox"
                checked={shown}
                onChange={(event) => onToggle(layer, event.target.checked)}
              />
              <span className="legend-name">{t(`map.layer.${layer}`)}</span>
              <span className="legend-count">
                {shown && count !== undefined ? formatNumber(count, language) : ''}
              </span>
            </label>
            {shown && (
              <ul className="legend-key">
                <LayerKey layer={layer} areaNames={areaNames} />
              </ul>
            )}
          </div>
        )
      })}
      <ul className="legend-key legend-general">
        <Key symbol={clusterSymbol}>{t('map.legend.cluster')}</Key>
        <Key symbol={statusSymbols.damaged}>{t('map.legend.damaged')}</Key>
        <Key symbol={statusSymbols.closed}>{t('map.legend.closed')}</Key>
      </ul>
    </fieldset>
  )
}
