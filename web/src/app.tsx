/**
 * @module web/app
 * The frame: top bar, then the page the address names. Moves focus to the new page's heading when the
 * page (not just its query) changes, and names the page in the window title.
 */
import { type ReactNode, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { ItemsPage } from './items/items-page.js'
import { TopBar } from './layout/top-bar.js'
import { MapPage } from './map/map-page.js'
import { NotFoundPage } from './not-found-page.js'
import { PlacePage } from './places/place-page.js'
import { PlacesPage } from './places/places-page.js'
import { matchPath, useLocation } from './router.js'

export function App() {
  const { t } = useTranslation()
  const { pathname } = useLocation()
  const page = route(pathname)
  const firstRender = useRef(true)

  useEffect(() => {
    if (page.titleKey) document.title = t('app.pageTitle', { page: t(page.titleKey) })
  }, [page.titleKey, t])

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the page changes
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    document.getElementById('page-title')?.focus()
    window.scrollTo(0, 0)
  }, [pathname])

  return (
    <div className="app">
      <TopBar />
      <main id="main" tabIndex={-1} className={page.full ? 'main main-full' : 'main'}>
        {page.element}
      </main>
    </div>
  )
}

interface Route {
  element: ReactNode
  /** Message key of the window title; pages with a record name set their own. */
  titleKey?: string
  /** The page fills the window (the map) instead of scrolling. */
  full?: boolean
}

function route(pathname: string): Route {
  if (pathname === '/' || pathname === '/map')
    return { element: <MapPage />, titleKey: 'map.title', full: true }
  if (matchPath('/places', pathname)) return { element: <PlacesPage />, titleKey: 'places.title' }
  const place = matchPath('/places/:id', pathname)
  if (place?.id) return { element: <PlacePage key={place.id} id={place.id} /> }
  if (matchPath('/items', pathname)) return { element: <ItemsPage />, titleKey: 'items.title' }
  return { element: <NotFoundPage path={pathname} />, titleKey: 'errors.notFound' }
}
