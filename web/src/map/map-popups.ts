/**
 * @module web/map/map-popups
 * Popups of the map's lines and areas — a consignment on its way, a closed or damaged leg, an
 * operation's affected area — and the list a cluster shows when its points share one spot. Each has
 * its key figures and a link to its record.
 */
import { shortRef } from '../consignments/consignment-model.js'
import { formatDateTime, formatNumber } from '../format.js'
import { currentLanguage, i18next } from '../i18n/i18n.js'
import type { MapArea, MapConsignment, MapLeg, MapPlace } from './map-model.js'
import { el, placeName, popupBox, recordLink } from './popup-parts.js'

type Places = ReadonlyMap<string, MapPlace>

/** "Origin → Destination" with each name in its own language. */
function between(from: string, to: string, places: Places, arrow: string): HTMLElement {
  const line = el('div', 'popup-route')
  line.append(placeName(places.get(from), '…'), ` ${arrow} `, placeName(places.get(to), '…'))
  return line
}

export function consignmentPopup(consignment: MapConsignment, places: Places): HTMLElement {
  const t = i18next.t.bind(i18next)
  const language = currentLanguage()
  const title = el(
    'strong',
    undefined,
    t('map.popup.consignment', { ref: shortRef(consignment.id) }),
  )
  const box = popupBox('consignment-popup', title)
  const status = el('div', 'popup-kind', t(`consignments.status.${consignment.status}`))
  if (consignment.late) status.append(' · ', el('span', 'popup-late', t('map.popup.late')))
  box.append(status, between(consignment.origin, consignment.destination, places, '→'))
  if (consignment.legs > 0)
    box.append(el('div', 'popup-fact', t('map.popup.viaLegs', { count: consignment.legs })))
  const n = (value: number) => formatNumber(value, language)
  box.append(
    el(
      'div',
      'popup-fact',
      t('map.popup.quantity', {
        quantity: n(consignment.quantity),
        count: consignment.lines,
        lines: n(consignment.lines),
      }),
    ),
  )
  if (consignment.arrivedAt)
    box.append(
      el(
        'div',
        'popup-fact',
        t('map.popup.arrivedAt', { time: formatDateTime(consignment.arrivedAt, language) }),
      ),
    )
  if (consignment.eta)
    box.append(
      el(
        'div',
        'popup-fact',
        t('map.popup.eta', { time: formatDateTime(consignment.eta, language) }),
      ),
    )
  if (consignment.position)
    box.append(
      el(
        'div',
        'popup-fact',
        t('map.popup.lastPosition', { time: formatDateTime(consignment.position.at, language) }),
      ),
    )
  box.append(recordLink(`/consignments/${consignment.id}`, t('map.popup.openConsignment')))
  return box
}

export function legPopup(leg: MapLeg, places: Places): HTMLElement {
  const t = i18next.t.bind(i18next)
  const language = currentLanguage()
  const title = el(
    'strong',
    undefined,
    t('map.popup.leg', { mode: t(`transport.mode.${leg.mode}`) }),
  )
  const box = popupBox('leg-popup', title)
  const status = el('div', 'popup-kind')
  status.append(el('span', `popup-status ${leg.status}`, t(`transport.legStatus.${leg.status}`)))
  if (leg.note) status.append(`: ${leg.note}`)
  box.append(
    status,
    between(leg.from, leg.to, places, '—'),
    el(
      'div',
      'popup-fact',
      t('map.popup.distance', { km: formatNumber(leg.distanceKm, language, 1) }),
    ),
    recordLink(`/transport/legs?place=${leg.from}&status=${leg.status}`, t('map.popup.showLeg')),
  )
  return box
}

export function areaPopup(area: MapArea): HTMLElement {
  const t = i18next.t.bind(i18next)
  const box = popupBox('area-popup', el('strong', undefined, area.name))
  box.append(
    el('div', 'popup-kind', t('map.popup.affectedArea')),
    el('div', 'popup-fact', t('map.popup.startedOn', { date: area.startedOn })),
    recordLink(`/operations/${area.operation}`, t('map.popup.openOperation')),
  )
  return box
}

/** Points that share one spot, each a link to its record. */
export function listPopup(
  title: string,
  entries: readonly { href: string; label: HTMLElement }[],
): HTMLElement {
  const box = popupBox('list-popup', el('strong', undefined, title))
  const list = el('ul', 'popup-list')
  for (const entry of entries) {
    const item = el('li')
    const link = recordLink(entry.href, '')
    link.append(entry.label)
    item.append(link)
    list.append(item)
  }
  box.append(list)
  return box
}
