/**
 * @module web/app
 * The frame: top bar, then the screen for who is signed in and what the address names. Nobody signed in:
 * the sign-in screen (at /sign-in?next=<where they were>, returned to afterwards). Signed in with a
 * one-time password: the change-password screen, whatever the address. Moves focus to the new screen's
 * heading when the screen (not just its query) changes, and names it in the window title.
 */
import type { SessionView } from '@contract/access.js'
import { type ReactNode, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { AuditPage } from './admin/audit-page.js'
import { TokensPage } from './admin/tokens-page.js'
import { UsersPage } from './admin/users-page.js'
import { ErrorMessage } from './common/error-message.js'
import { consignmentRoute } from './consignments/consignment-routes.js'
import { DashboardPage } from './dashboard/dashboard-page.js'
import { ItemsPage } from './items/items-page.js'
import { TopBar } from './layout/top-bar.js'
import { MapPage } from './map/map-page.js'
import { NeedsPage } from './needs/needs-page.js'
import { NotFoundPage } from './not-found-page.js'
import { OperationPage } from './operations/operation-page.js'
import { OperationsPage } from './operations/operations-page.js'
import { PartnersPage } from './partners/partners-page.js'
import { PeersPage } from './peers/peers-page.js'
import { PlacePage } from './places/place-page.js'
import { PlacesPage } from './places/places-page.js'
import { planRoute } from './plans/plan-routes.js'
import { pledgeRoute } from './pledges/pledge-routes.js'
import { ProposalsPage } from './proposals/proposals-page.js'
import { requestRoute } from './requests/request-routes.js'
import { matchPath, navigate, useLocation } from './router.js'
import { ScanPage } from './scan/scan-page.js'
import { ChangePasswordPage } from './session/change-password-page.js'
import { ForbiddenPage } from './session/forbidden-page.js'
import { hasRole, loadSession, type SessionState, useSession } from './session/session.js'
import { SignInPage } from './session/sign-in-page.js'
import { MovementPage } from './stock/movement-page.js'
import { StockCardPage } from './stock/stock-card-page.js'
import { canRecordStock, StockPage } from './stock/stock-page.js'
import { isMovementKind } from './stock/stock-types.js'
import { isPublicPath, publicRoute } from './track/track-routes.js'
import { transportRoute } from './transport/transport-routes.js'

export const signInPath = '/sign-in'

export function App() {
  const { t } = useTranslation()
  const session = useSession()
  const location = useLocation()
  const { pathname } = location
  const query = location.search.toString()
  const page = screenOf(session, pathname)
  const screenKey = `${session.status}:${page.titleKey ?? ''}:${pathname}`
  const firstRender = useRef(true)

  useEffect(() => {
    void loadSession()
  }, [])

  // Signed out: to the sign-in screen, remembering where the user was (unless they signed out here).
  // Signed in on the sign-in screen: back to where they were.
  useEffect(() => {
    if (session.status === 'signed-out' && pathname !== signInPath && !isPublicPath(pathname)) {
      const here = `${pathname}${query ? `?${query}` : ''}`
      const remember = session.reason !== 'signed-out' && here !== '/'
      navigate(remember ? `${signInPath}?next=${encodeURIComponent(here)}` : signInPath, {
        replace: true,
      })
    } else if (session.status === 'signed-in' && pathname === signInPath) {
      navigate(safeNext(new URLSearchParams(query).get('next')), { replace: true })
    }
  }, [session, pathname, query])

  useEffect(() => {
    if (page.titleKey) document.title = t('app.pageTitle', { page: t(page.titleKey) })
  }, [page.titleKey, t])

  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the screen changes
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false
      return
    }
    // A screen that focused its own first field keeps it.
    const main = document.getElementById('main')
    const focused = document.activeElement
    if (
      main &&
      focused &&
      focused !== main &&
      main.contains(focused) &&
      focused.id !== 'page-title'
    )
      return
    document.getElementById('page-title')?.focus()
    window.scrollTo(0, 0)
  }, [screenKey])

  return (
    <div className="app">
      <TopBar />
      <main id="main" tabIndex={-1} className={page.full ? 'main main-full' : 'main'}>
        {page.element}
      </main>
    </div>
  )
}

/** Only a path of this app: never another origin (`//host`), never the sign-in screen itself. */
function safeNext(next: string | null): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/'
  if (next === signInPath || next.startsWith(`${signInPath}?`)) return '/'
  return next
}

interface Route {
  element: ReactNode
  /** Message key of the window title; pages with a record name set their own. */
  titleKey?: string
  /** The page fills the window (the map) instead of scrolling. */
  full?: boolean
}

function screenOf(session: SessionState, pathname: string): Route {
  // The public tracking page: shown whoever is (or is not) signed in.
  const open = publicRoute(pathname)
  if (open) return open
  switch (session.status) {
    case 'unknown':
      return { element: <Waiting />, titleKey: 'app.loading' }
    case 'unavailable':
      return {
        element: (
          <section className="page" aria-labelledby="page-title">
            <h1 id="page-title" tabIndex={-1}>
              Kizuna <span lang="ja">絆</span>
            </h1>
            <ErrorMessage error={session.error} onRetry={() => void loadSession()} />
          </section>
        ),
        titleKey: 'errors.unavailable',
      }
    case 'signed-out':
      return {
        element: <SignInPage expired={session.reason === 'expired'} />,
        titleKey: 'signIn.title',
      }
    case 'signed-in':
      if (session.session.user.mustChangePassword)
        return { element: <ChangePasswordPage forced />, titleKey: 'password.forcedTitle' }
      if (pathname === signInPath) return { element: <Waiting />, titleKey: 'app.loading' }
      return route(pathname, session.session)
  }
}

function Waiting() {
  const { t } = useTranslation()
  return (
    <section className="page" aria-busy="true">
      <p className="empty">{t('app.loading')}</p>
    </section>
  )
}

function route(pathname: string, session: SessionView): Route {
  if (pathname === '/' || pathname === '/map')
    return { element: <MapPage />, titleKey: 'map.title', full: true }
  if (matchPath('/dashboard', pathname))
    return { element: <DashboardPage />, titleKey: 'dashboard.title' }
  if (matchPath('/places', pathname)) return { element: <PlacesPage />, titleKey: 'places.title' }
  const place = matchPath('/places/:id', pathname)
  if (place?.id) return { element: <PlacePage key={place.id} id={place.id} /> }
  if (matchPath('/items', pathname)) return { element: <ItemsPage />, titleKey: 'items.title' }
  if (matchPath('/stock', pathname)) return { element: <StockPage />, titleKey: 'stock.title' }
  const card = matchPath('/stock/accounts/:id', pathname)
  if (card?.id) return { element: <StockCardPage key={card.id} id={card.id} /> }
  const movement = matchPath('/stock/:kind', pathname)
  if (movement && isMovementKind(movement.kind)) {
    const { kind } = movement
    return canRecordStock(session.user.roles)
      ? { element: <MovementPage key={kind} kind={kind} />, titleKey: `movement.${kind}.title` }
      : { element: <ForbiddenPage />, titleKey: 'forbidden.title' }
  }
  const request = requestRoute(pathname, session)
  if (request) return request
  if (matchPath('/needs', pathname)) return { element: <NeedsPage />, titleKey: 'needs.title' }
  if (matchPath('/operations', pathname))
    return { element: <OperationsPage />, titleKey: 'operations.title' }
  const operation = matchPath('/operations/:id', pathname)
  if (operation?.id)
    return {
      element: <OperationPage key={operation.id} id={operation.id} />,
      titleKey: 'operations.title',
    }
  const pledge = pledgeRoute(pathname, session)
  if (pledge) return pledge
  const transport = transportRoute(pathname, session)
  if (transport) return transport
  const consignment = consignmentRoute(pathname, session)
  if (consignment) return consignment
  const plan = planRoute(pathname)
  if (plan) return plan
  if (matchPath('/proposals', pathname))
    return { element: <ProposalsPage />, titleKey: 'proposals.title' }
  if (matchPath('/scan', pathname)) return { element: <ScanPage />, titleKey: 'scan.title' }
  if (matchPath('/partners', pathname))
    return { element: <PartnersPage />, titleKey: 'partners.title' }
  if (matchPath('/account/password', pathname))
    return { element: <ChangePasswordPage forced={false} />, titleKey: 'password.title' }
  const admin: Record<string, Route> = {
    '/admin/users': { element: <UsersPage />, titleKey: 'users.title' },
    '/admin/tokens': { element: <TokensPage />, titleKey: 'tokens.title' },
    '/admin/audit': { element: <AuditPage />, titleKey: 'audit.title' },
    '/admin/peers': { element: <PeersPage />, titleKey: 'peers.title' },
  }
  const adminRoute = admin[pathname]
  if (adminRoute)
    return hasRole(session, 'admin')
      ? adminRoute
      : { element: <ForbiddenPage />, titleKey: 'forbidden.title' }
  return { element: <NotFoundPage path={pathname} />, titleKey: 'errors.notFound' }
}
