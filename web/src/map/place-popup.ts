/**
 * @module web/map/place-popup
 * The popup of a place marker: its name (in the chosen language, else the other), its type and any
 * reported status, the stock available there, its open needs by priority, the requests for it (when
 * the requests layer was clicked), and a link to its record.
 */
import { shortNode } from '../common/home-badge.js'
import { formatDateTime, formatNumber } from '../format.js'
import { currentLanguage, i18next } from '../i18n/i18n.js'
import {
  type MapNeeds,
  type MapPlace,
  type MapRequest,
  type MapStock,
  priorityColour,
} from './map-model.js'
import { dot, el, placeName, popupBox, recordLink } from './popup-parts.js'

export interface PlaceFacts {
  readonly stock?: MapStock | undefined
  readonly needs?: MapNeeds | undefined
  /** Requests for this place, when the requests layer was clicked. */
  readonly requests?: readonly MapRequest[] | undefined
}

const requestsListed = 6

export function placePopup(place: MapPlace, facts: PlaceFacts = {}): HTMLElement {
  const t = i18next.t.bind(i18next)
  const language = currentLanguage()
  const n = (value: number, digits = 0) => formatNumber(value, language, digits)
  const box = popupBox('place-popup', el('strong'))
  box.firstElementChild?.append(placeName(place, place.code))
  const kind = el('div', 'popup-kind', t(`placeType.${place.type}`))
  if (place.status && place.status !== 'open')
    kind.append(' · ', el('span', `popup-status ${place.status}`, t(`placeStatus.${place.status}`)))
  box.append(kind)

  const { stock, needs, requests } = facts
  if (stock) {
    // A place holding only other nodes' stock says just theirs.
    if (stock.available > 0 || stock.reserved > 0 || stock.replicas.length === 0)
      box.append(
        el(
          'div',
          'popup-fact',
          t('map.popup.available', {
            quantity: n(stock.available),
            weight: n(stock.availableWeightKg, 1),
            count: stock.items,
            items: n(stock.items),
          }),
        ),
      )
    if (stock.reserved > 0)
      box.append(el('div', 'popup-fact', t('map.popup.reserved', { quantity: n(stock.reserved) })))
    // Other nodes' stock here: counted in the marker's size, each line named by its home node.
    for (const replica of stock.replicas)
      box.append(
        el(
          'div',
          'popup-fact popup-replica',
          t('map.popup.replicaAvailable', {
            node: shortNode(replica.home),
            quantity: n(replica.available),
            weight: n(replica.availableWeightKg, 1),
            count: replica.items,
            items: n(replica.items),
          }),
        ),
      )
  }
  if (needs) {
    box.append(
      el(
        'div',
        'popup-fact',
        t('map.popup.openNeeds', {
          quantity: n(needs.openQuantity),
          count: needs.lines,
          lines: n(needs.lines),
        }),
      ),
    )
    const list = el('ul', 'popup-list')
    for (const row of needs.byPriority) {
      const item = el('li')
      item.append(
        dot(priorityColour[row.priority]),
        `${t(`requests.priority.${row.priority}`)}: ${n(row.openQuantity)}`,
      )
      list.append(item)
    }
    box.append(list)
  }
  if (requests && requests.length > 0) {
    box.append(el('div', 'popup-subtitle', t('map.popup.requestsHere')))
    const list = el('ul', 'popup-list')
    for (const request of requests.slice(0, requestsListed)) {
      const item = el('li')
      item.append(
        dot(priorityColour[request.priority]),
        recordLink(`/requests/${request.id}`, request.code, 'code'),
        ` ${t(`requests.status.${request.status}`)} · ${t('map.popup.neededBy', {
          time: formatDateTime(request.neededBy, language),
        })}`,
      )
      list.append(item)
    }
    if (requests.length > requestsListed)
      list.append(
        el('li', 'subtle', t('map.popup.more', { count: requests.length - requestsListed })),
      )
    box.append(
      list,
      recordLink(`/requests?destination=${place.id}`, t('map.popup.allRequestsHere')),
    )
  }
  box.append(recordLink(`/places/${place.id}`, t('map.openRecord')))
  return box
}
