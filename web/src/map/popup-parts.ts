/**
 * @module web/map/popup-parts
 * The pieces map popups are built of: elements with text, a link that the app's router follows, and a
 * place's name in the chosen language (marked with its own language when it is the other one).
 * Popups are built when opened, so they are always in the current language.
 */
import type { MapPlace } from '@contract/map.js'
import { nameOf } from '../format.js'
import { currentLanguage } from '../i18n/i18n.js'
import { isPlainClick, navigate } from '../router.js'

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className?: string,
  text?: string,
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  if (className) element.className = className
  if (text !== undefined) element.textContent = text
  return element
}

/** A link to a screen of the app: a plain click is routed in place, others open as links do. */
export function recordLink(
  href: string,
  text: string,
  className = 'popup-link',
): HTMLAnchorElement {
  const link = el('a', className, text)
  link.href = href
  link.addEventListener('click', (event) => {
    if (!isPlainClick(event)) return
    event.preventDefault()
    navigate(link.pathname + link.search)
  })
  return link
}

/** A place's name as a text element, or its code when it has no name. */
export function placeName(place: MapPlace | undefined, fallback: string): HTMLElement {
  const language = currentLanguage()
  const span = el('span')
  if (!place) {
    span.textContent = fallback
    return span
  }
  const name = nameOf(place, language)
  span.textContent = name.text || place.code
  if (name.text && name.lang !== language) span.lang = name.lang
  return span
}

/** A small coloured dot, as in the legend. */
export function dot(colour: string): HTMLElement {
  const mark = el('span', 'popup-dot')
  mark.style.background = colour
  mark.setAttribute('aria-hidden', 'true')
  return mark
}

/** The popup's box, labelled by its title for screen readers. */
export function popupBox(className: string, title: HTMLElement): HTMLElement {
  const box = el('div', `map-popup ${className}`)
  title.classList.add('popup-title')
  box.append(title)
  return box
}
