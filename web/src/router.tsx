/**
 * @module web/router
 * A tiny History-API router: the current location as a hook, navigate(), a Link that keeps ordinary
 * link behaviour (new tab, copy address), and path matching. Query strings hold list state (search, filter,
 * sort, page) so Back, Forward and shared links work.
 */
import { type AnchorHTMLAttributes, type MouseEvent, useSyncExternalStore } from 'react'

const changeEvent = 'kizuna:navigate'

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange)
  window.addEventListener(changeEvent, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(changeEvent, onChange)
  }
}

function snapshot(): string {
  return window.location.pathname + window.location.search
}

export interface Location {
  pathname: string
  search: URLSearchParams
}

export function useLocation(): Location {
  const href = useSyncExternalStore(subscribe, snapshot)
  const url = new URL(href, window.location.origin)
  return { pathname: url.pathname, search: url.searchParams }
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return
  if (options.replace) window.history.replaceState(null, '', to)
  else window.history.pushState(null, '', to)
  window.dispatchEvent(new Event(changeEvent))
}

/** Replaces some query parameters of the current page (undefined or '' removes one). */
export function setSearchParams(
  changes: Record<string, string | undefined>,
  options: { replace?: boolean } = {},
): void {
  const url = new URL(window.location.href)
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined || value === '') url.searchParams.delete(key)
    else url.searchParams.set(key, value)
  }
  navigate(url.pathname + url.search, options)
}

/** Matches "/places/:id" against a path; returns the parameters or null. */
export function matchPath(pattern: string, pathname: string): Record<string, string> | null {
  const want = pattern.split('/').filter(Boolean)
  const have = pathname.split('/').filter(Boolean)
  if (want.length !== have.length) return null
  const params: Record<string, string> = {}
  for (const [index, part] of want.entries()) {
    const value = have[index] ?? ''
    if (part.startsWith(':')) params[part.slice(1)] = decodeURIComponent(value)
    else if (part !== value) return null
  }
  return params
}

/** Is this click one the router should take over (plain left click, no modifier, same window)? */
export function isPlainClick(event: MouseEvent<HTMLElement> | globalThis.MouseEvent): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey
}

export type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }

export function Link({ href, onClick, ...rest }: LinkProps) {
  return (
    <a
      href={href}
      onClick={(event) => {
        onClick?.(event)
        if (event.defaultPrevented || !isPlainClick(event) || rest.target) return
        event.preventDefault()
        navigate(href)
      }}
      {...rest}
    />
  )
}
