/**
 * @module web/map/place-popup
 * The popup of a place marker: its name (in the chosen language, else the other), its type, and a link to
 * its record. Built when opened, so it is always in the current language.
 */
import type { Place } from '@contract/places.js'
import { nameOf } from '../format.js'
import { currentLanguage, i18next } from '../i18n/i18n.js'
import { isPlainClick, navigate } from '../router.js'

export function placePopup(place: Place): HTMLElement {
  const language = currentLanguage()
  const name = nameOf(place, language)
  const box = document.createElement('div')
  box.className = 'place-popup'
  const title = document.createElement('strong')
  title.textContent = name.text
  if (name.lang !== language) title.lang = name.lang
  const type = document.createElement('div')
  type.textContent = i18next.t(`placeType.${place.type}`)
  const link = document.createElement('a')
  link.href = `/places/${place.id}`
  link.textContent = i18next.t('map.openRecord')
  link.addEventListener('click', (event) => {
    if (!isPlainClick(event)) return
    event.preventDefault()
    navigate(link.pathname)
  })
  box.append(title, type, link)
  return box
}
